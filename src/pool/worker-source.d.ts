// The pool worker's script (src/pool/worker.ts, bundled to one string at build time by tsup.pool.config.ts).
declare module 'pool-worker-source' {
  const code: string;
  export default code;
}
