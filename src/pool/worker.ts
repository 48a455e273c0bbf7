// A pool worker: the package's kernels and its WasmBackend (the very code the calling thread runs),
// over the pool's shared memory with a scratch region of its own, or over a memory of its own where
// the pool is unshared. Built into one script (scripts/pool-worker.mjs) that the pool starts from a
// string: Node's worker_threads with eval, a Blob URL in browsers; nothing for the user to serve.
//
// Each task is one part of a call, already validated and split by the pool; every part runs the
// calling thread's own path for its elements (WasmBackend.elementwise, axis, ...), so the bits are the
// synchronous call's whatever the split.

import * as js from '../backends/js';
import * as pjs from '../backends/piecewise-js';
import { verifySide } from '../backends/kernels';
import { relaxedKernels } from '../backends/module';
import { WasmBackend } from '../backends/wasm';
import { preluGradWasm, preluWasm } from '../ops/prelu';
import { runAxisWasm } from '../ops/softmax-family';
import { ACTIVATIONS } from '../registry';
import type { AxisBinaryTwin, AxisTwin } from '../spec';
import type { FloatArray } from '../types';
import type { FromWorker, Init, Locator, Task, ToWorker } from './protocol';

type Kernel = (...args: number[]) => number;

interface Port {
  post(message: FromWorker, transfer?: Transferable[]): void;
  /**
   * The web: takes a Web Lock of a new name, held until this worker ends, and gives the name (undefined
   * where there are no Web Locks). Its release is how the pool learns of an end that fires no event.
   */
  hold?(): Promise<string | undefined>;
}

let memory: WebAssembly.Memory | undefined;
let plain: { backend: WasmBackend; ex: Record<string, unknown> } | undefined;
let relaxed: { backend: WasmBackend; ex: Record<string, unknown> } | undefined;
let scratch = 0;
let scratchBytes = 0;
/** The memory's buffer the backends' views were made of (a grown shared memory has a new one). */
let seen: ArrayBufferLike | undefined;

async function init(m: Init, port: Port): Promise<void> {
  let relaxedReady: boolean;
  try {
    memory = m.memory;
    const [coreModule, ...rest] = m.modules;
    const core = new WebAssembly.Instance(coreModule!, memory ? { env: { memory } } : {});
    const ex: Record<string, unknown> = Object.assign(Object.create(null), core.exports);
    memory ??= ex.memory as WebAssembly.Memory;
    const imports: WebAssembly.Imports = { env: { memory } };
    scratch = m.scratch ?? (ex.scratch as () => number)();
    scratchBytes = (ex.SCRATCH_BYTES as WebAssembly.Global).value as number;
    const backend = new WasmBackend(core, scratch);
    for (const module of rest) {
      const exports = new WebAssembly.Instance(module, imports).exports;
      Object.assign(ex, exports);
      backend.add(exports);
    }
    plain = { backend, ex };
    relaxed = undefined;
    if (m.relaxed) {
      const r = new WasmBackend(core, scratch);
      r.add(ex as WebAssembly.Exports);
      const rex: Record<string, unknown> = Object.assign(Object.create(null), ex);
      for (const [i, module] of m.relaxed.entries()) {
        // The relaxed core (the madd probe), then the activations' modules as shipped: of those, only
        // their kernels with a relaxed variant (module.ts).
        const all = new WebAssembly.Instance(module, imports).exports;
        const exports = i === 0 ? all : relaxedKernels(all);
        verifySide(ex as WebAssembly.Exports, exports, 'the pool');
        Object.assign(rex, exports);
        r.add(exports);
      }
      relaxed = { backend: r, ex: rex };
    }
    relaxedReady = relaxed !== undefined;
  } catch (e) {
    port.post({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
    return;
  }
  const lock = await port.hold?.();
  port.post({ type: 'ready', relaxed: relaxedReady, ...(lock ? { lock } : {}) });
}

function arrayOf(l: Locator, f64: boolean): FloatArray {
  const T = f64 ? Float64Array : Float32Array;
  if (l.at === 'copy') return l.array;
  if (l.at === 'sab') return new T(l.buffer as unknown as ArrayBuffer, l.byteOffset, l.length);
  return new T(memory!.buffer, l.ptr, l.length);
}

function run(t: Task): { out?: FloatArray; acc?: Float64Array } {
  const use = t.backend === 'relaxed' ? relaxed : plain;
  if (!use) throw new Error(t.backend === 'relaxed' ? 'this worker has no relaxed-SIMD module' : 'worker not initialised');
  const { backend: w } = use;
  // A grown shared memory has a new, longer buffer: views are made of it, and the backend's too.
  const buffer = memory!.buffer;
  if (buffer !== seen) {
    seen = buffer;
    plain?.backend.refresh();
    relaxed?.backend.refresh();
  }
  const whole = t.inputs.map((l) => arrayOf(l, t.f64));
  const out = arrayOf(t.out, t.f64);
  const part = (a: FloatArray) => (t.start === 0 && t.end === a.length ? a : a.subarray(t.start, t.end));
  const reply = t.out.at === 'copy' ? { out } : {};
  if (t.cols) {
    columns(use, t, whole, out);
    return reply;
  }
  // prelu's slopes (the last input) are per channel: whole in every part.
  const slopes = t.kind === 'prelu' || t.kind === 'preluGrad' ? whole.length - 1 : -1;
  const ins = whole.map((a, i) => (i === slopes ? a : part(a)));
  const o = part(out);
  if (t.backend === 'js') return { ...reply, ...runJs(t, ins, o) };
  switch (t.kind) {
    case 'elementwise':
      w.elementwise(w.kernel(t.kernel, o)!, ins[0]!, o, t.params);
      break;
    case 'binary':
      w.binary(w.kernel(t.kernel, o)!, ins[0]!, ins[1]!, o, t.params);
      break;
    case 'axis':
      runAxisWasm(w, t.kernel, [ins[0]!], o, t.view!);
      break;
    case 'axisBinary':
      runAxisWasm(w, t.kernel, [ins[0]!, ins[1]!], o, t.view!);
      break;
    case 'prelu':
      preluWasm(w, ins[0]!, ins[1]!, o, t.view!);
      break;
    case 'preluGrad': {
      const acc = new Float64Array(ins[2]!.length);
      preluGradWasm(w, ins[0]!, ins[1]!, ins[2]!, o, acc, t.view!);
      return { ...reply, acc };
    }
  }
  return reply;
}

/** The axis functions' js twins by kernel stem, from their descriptions. */
const AXIS_JS = new Map<string, AxisTwin>();
const AXIS_GRAD_JS = new Map<string, AxisBinaryTwin>();
for (const s of ACTIVATIONS) {
  if (s.kind !== 'axis') continue;
  AXIS_JS.set(s.kernel, s.js);
  if (s.grad) AXIS_GRAD_JS.set(s.grad.kernel, s.grad.js);
}

/** The js twins, as the synchronous call runs them where it chooses js. */
function runJs(t: Task, ins: FloatArray[], o: FloatArray): { acc?: Float64Array } {
  const [p0 = 0, p1 = 0] = t.params;
  switch (t.kind) {
    case 'elementwise':
      js.elementwise[t.kernel]!(ins[0]!, o, o.length, p0, p1);
      break;
    case 'binary':
      js.binary[t.kernel]!(ins[0]!, ins[1]!, o, o.length, p0, p1);
      break;
    case 'axis':
      AXIS_JS.get(t.kernel)!(ins[0]!, o, t.view!);
      break;
    case 'axisBinary':
      AXIS_GRAD_JS.get(t.kernel)!(ins[0]!, ins[1]!, o, t.view!);
      break;
    case 'prelu':
      pjs.prelu(ins[0]!, ins[1]!, o, t.view!);
      break;
    case 'preluGrad': {
      const acc = new Float64Array(ins[2]!.length);
      pjs.preluGrad(ins[0]!, ins[1]!, ins[2]!, o, acc, t.view!);
      return { acc };
    }
  }
  return {};
}

/**
 * Columns [c0, c1) of every outer slab of a strided axis (view = the whole arrays' outer × len × inner),
 * down the same kernels as WasmBackend.axis for each column: the cols kernel while a line
 * fits the scratch region (in place on pool memory, else through blocks of columns gathered into this
 * worker's scratch), else each column alone through the long-row passes.
 */
function columns(use: { backend: WasmBackend; ex: Record<string, unknown> }, t: Task, ins: FloatArray[], out: FloatArray): void {
  const { outer, len, inner } = t.view!;
  const [c0, c1] = t.cols!;
  const bpe = out.BYTES_PER_ELEMENT;
  const binary = t.kind === 'axisBinary';
  const cap = (binary ? scratchBytes / 2 : scratchBytes) / bpe;
  const slab = len * inner;
  const w = use.backend;
  if (len > cap) {
    const T = out.constructor as new (n: number) => FloatArray;
    const lines = ins.map(() => new T(len));
    const res = new T(len);
    for (let o = 0; o < outer; o++) {
      for (let c = c0; c < c1; c++) {
        const base = o * slab + c;
        for (const [k, a] of ins.entries()) for (let r = 0; r < len; r++) lines[k]![r] = a[base + r * inner]!;
        const one = { outer: 1, len, inner: 1 };
        runAxisWasm(w, t.kernel, binary ? [lines[0]!, lines[1]!] : [lines[0]!], res, one);
        for (let r = 0; r < len; r++) out[base + r * inner] = res[r]!;
      }
    }
    return;
  }
  const colsFn = use.ex[`${t.kernel}_cols_${t.f64 ? 'f64' : 'f32'}`] as Kernel;
  const inPlace = t.out.at === 'mem' && t.inputs.every((l) => l.at === 'mem');
  if (inPlace) {
    for (let o = 0; o < outer; o++) {
      const d = (o * slab + c0) * bpe;
      if (binary) colsFn(ins[0]!.byteOffset + d, ins[1]!.byteOffset + d, out.byteOffset + d, len, c1 - c0, inner);
      else colsFn(ins[0]!.byteOffset + d, out.byteOffset + d, len, c1 - c0, inner);
    }
    return;
  }
  const heap = new (out.constructor as new (b: ArrayBufferLike) => FloatArray)(memory!.buffer);
  const at = scratch / bpe;
  const bt = at + cap; // binary: the second half
  const width = Math.min(c1 - c0, Math.floor(cap / len));
  for (let o = 0; o < outer; o++) {
    for (let c = c0; c < c1; c += width) {
      const k = Math.min(width, c1 - c);
      const base = o * slab + c;
      for (let r = 0; r < len; r++) {
        const from = base + r * inner;
        heap.set(ins[0]!.subarray(from, from + k), at + r * k);
        if (binary) heap.set(ins[1]!.subarray(from, from + k), bt + r * k);
      }
      if (binary) colsFn(scratch, scratch + cap * bpe, scratch, len, k, k);
      else colsFn(scratch, scratch, len, k, k);
      for (let r = 0; r < len; r++) out.set(heap.subarray(at + r * k, at + r * k + k), base + r * inner);
    }
  }
}

function serve(port: Port, exit: () => void): (m: ToWorker) => void {
  // Messages that arrive before `ready` is posted wait for it: on the web, the pool sees this worker's
  // end only once it holds its lock, so nothing may end it (a 'die') or be lost with it before then.
  let waiting: ToWorker[] | undefined;
  let ended = false;
  const handle = (m: ToWorker): void => {
    if (ended) return;
    if (waiting) return void waiting.push(m);
    if (m.type === 'init') {
      waiting = [];
      void init(m, port).then(() => {
        const queued = waiting!;
        waiting = undefined;
        for (const q of queued) handle(q);
      });
      return;
    }
    if (m.type === 'die') {
      ended = true;
      return exit();
    }
    try {
      const r = run(m);
      const transfer: Transferable[] = [];
      if (r.out) transfer.push(r.out.buffer as ArrayBuffer);
      if (r.acc) transfer.push(r.acc.buffer);
      port.post({ type: 'done', id: m.id, ...r }, transfer);
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      port.post({ type: 'error', id: m.id, name: err.name, message: err.message });
    }
  };
  return handle;
}

interface NodePort {
  on(event: 'message', f: (m: ToWorker) => void): void;
  postMessage(m: unknown, transfer?: Transferable[]): void;
}
interface NodeProcess {
  exit(code: number): never;
  getBuiltinModule?(id: string): unknown;
}

interface Locks {
  request(name: string, grant: () => Promise<void>): Promise<void>;
}

/** A Web Lock of a new name, held until this worker ends (secure contexts: every crossOriginIsolated page, https, localhost). */
function hold(): Promise<string | undefined> {
  const g = globalThis as unknown as { navigator?: { locks?: Locks }; crypto?: { randomUUID?(): string } };
  const locks = g.navigator?.locks;
  if (typeof locks?.request !== 'function') return Promise.resolve(undefined);
  const name = `wasm-activations pool worker ${g.crypto?.randomUUID?.() ?? `${Date.now()} ${Math.random()}`}`;
  return new Promise((resolve) => {
    locks
      .request(name, () => {
        resolve(name);
        return new Promise<void>(() => {}); // never released while this worker lives
      })
      .catch(() => resolve(undefined));
  });
}

// Node's worker_threads (also Bun's and Deno's, where the global scope may have onmessage too, not
// connected to the parent's Worker): parentPort, through process.getBuiltinModule (Node 20.16+).
// The web: the worker's global scope. Node before 20.16: import(), which works whether the script runs
// as CommonJS or, when the parent runs with --input-type=module, as an ES module (require would not).
const proc = (globalThis as unknown as { process?: NodeProcess }).process;
const listen = ({ parentPort: parent }: { parentPort: NodePort }) =>
  parent.on('message', serve({ post: (m, t) => parent.postMessage(m, t) }, () => proc!.exit(1)));
const wt = proc?.getBuiltinModule?.('node:worker_threads') as { parentPort: NodePort | null } | undefined;
if (wt?.parentPort) listen(wt as { parentPort: NodePort });
else if ('onmessage' in globalThis) {
  const scope = globalThis as unknown as { postMessage(m: unknown, t?: Transferable[]): void; close(): void; onmessage: (e: MessageEvent<ToWorker>) => void };
  const handle = serve({ post: (m, t) => scope.postMessage(m, t ?? []), hold }, () => scope.close());
  scope.onmessage = (e) => handle(e.data);
} else void import('node:worker_threads' as string).then(listen);
