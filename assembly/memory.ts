// The scratch region: the wrapper streams chunks of the caller's typed arrays through it, so that
// inputs of any length run in a fixed amount of linear memory and never force a memory.grow.
//
// Layout (bytes from SCRATCH): the wrapper decides how it splits the region (see src/backends/wasm.ts);
// the kernels only ever see pointers and lengths into it.

/** Size of the scratch region. 256 KiB holds a softmax row of 65,536 floats in one piece. */
export const SCRATCH_BYTES: i32 = 256 * 1024;

/** Start of the scratch region: a zero-filled static segment, 64-byte aligned (a cache line). */
export const SCRATCH: usize = memory.data(SCRATCH_BYTES, 64);
