// Where the pool's workers come from: Node's worker_threads, or Web Workers (browsers, Deno, Bun).
// The worker's code is a string in this bundle (scripts/pool-worker.mjs builds it): Node runs it with
// `eval: true`, the web from a Blob URL, so there is no file for the user to serve or a bundler to find.
// A page whose Content-Security-Policy refuses blob: workers cannot start them (worker-src blob:).

import WORKER_SOURCE from 'pool-worker-source';
import type { FromWorker, ToWorker } from './protocol';

/** One worker, as the pool drives it. */
export interface Spawned {
  post(message: ToWorker, transfer?: Transferable[]): void;
  terminate(): Promise<unknown> | void;
  /** Node: whether the worker keeps the process alive (no-ops on the web). */
  ref(): void;
  unref(): void;
}

export interface Host {
  readonly kind: 'node' | 'web';
  /** Cores the runtime reports (os.availableParallelism(), navigator.hardwareConcurrency). */
  readonly cores: number;
  /** Why workers here cannot share memory with this thread, if they cannot. */
  readonly unshared?: string;
  spawn(onMessage: (m: FromWorker) => void, onExit: (why: string) => void): Spawned;
  dispose(): void;
}

interface NodeWorker {
  on(event: 'message', f: (m: FromWorker) => void): void;
  on(event: 'error', f: (e: Error) => void): void;
  on(event: 'exit', f: (code: number) => void): void;
  postMessage(m: unknown, transfer?: Transferable[]): void;
  terminate(): Promise<number>;
  ref(): void;
  unref(): void;
}
interface NodeProcess {
  versions?: { node?: string };
  getBuiltinModule?(id: string): unknown;
}

/** A Node built-in without a static import (the bundle is platform-neutral; bundlers must not see one). */
async function builtin<T>(id: string): Promise<T | undefined> {
  const proc = (globalThis as { process?: NodeProcess }).process;
  const got = proc?.getBuiltinModule?.(id); // Node 20.16+, 22.3+
  if (got) return got as T;
  try {
    return (await import(/* webpackIgnore: true */ /* @vite-ignore */ id)) as T;
  } catch {
    return undefined;
  }
}

/** Why this runtime cannot share a WebAssembly.Memory between threads, or undefined if it can. */
function sharingRefused(): string | undefined {
  const g = globalThis as { crossOriginIsolated?: boolean };
  if (g.crossOriginIsolated === false) {
    return 'page is not crossOriginIsolated (serve it with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp)';
  }
  if (typeof SharedArrayBuffer !== 'function') return 'this runtime has no SharedArrayBuffer';
  try {
    new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
  } catch (e) {
    return `this runtime cannot make a shared WebAssembly.Memory (${e instanceof Error ? e.message : String(e)})`;
  }
  return undefined;
}

interface Locks {
  request(name: string, grant: () => void): Promise<unknown>;
}

/**
 * Calls `ended` once the worker holding the Web Lock `name` has ended. A web Worker that is
 * terminated, closes itself or crashes fires no event at its parent (an error event comes only from an
 * uncaught exception or a script that fails to load), so the parent asks for the lock the worker took
 * at start and holds for its lifetime: the runtime grants it when the worker's global scope goes
 * away, however that happens. No polling, and nothing on the path of a call. Where there are no Web
 * Locks (an insecure http: page, some runtimes), the worker sends no name and such an end is not seen.
 */
function watch(name: string, ended: () => void): void {
  const locks = (globalThis as { navigator?: { locks?: Locks } }).navigator?.locks;
  locks?.request(name, () => ended()).catch(() => {});
}

/** The runtime's way to start workers, or why there is none. */
export async function host(): Promise<Host | string> {
  const proc = (globalThis as { process?: NodeProcess }).process;
  if (proc?.versions?.node) {
    const wt = await builtin<{ Worker: new (code: string, options: { eval: true }) => NodeWorker }>('node:worker_threads');
    const os = await builtin<{ availableParallelism?(): number; cpus(): unknown[] }>('node:os');
    if (wt && os) {
      return {
        kind: 'node',
        cores: os.availableParallelism?.() ?? os.cpus().length,
        unshared: sharingRefused(),
        spawn(onMessage, onExit) {
          const w = new wt.Worker(WORKER_SOURCE, { eval: true });
          let error: Error | undefined;
          w.on('message', onMessage);
          w.on('error', (e) => (error = e));
          w.on('exit', (code) => onExit(error ? `${error.name}: ${error.message}` : `it exited with code ${code}`));
          return { post: (m, t) => w.postMessage(m, t), terminate: () => w.terminate(), ref: () => w.ref(), unref: () => w.unref() };
        },
        dispose() {},
      };
    }
  }
  const g = globalThis as { Worker?: typeof Worker; Blob?: typeof Blob; URL?: typeof URL; navigator?: { hardwareConcurrency?: number } };
  if (typeof g.Worker !== 'function' || typeof g.Blob !== 'function' || typeof g.URL?.createObjectURL !== 'function') {
    return 'this runtime has no workers (neither worker_threads nor Web Workers)';
  }
  const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
  return {
    kind: 'web',
    cores: g.navigator?.hardwareConcurrency ?? 1,
    unshared: sharingRefused(),
    spawn(onMessage, onExit) {
      const w = new Worker(url, { type: 'module', name: 'wasm-activations pool' });
      let ended = false;
      const end = (why: string) => {
        if (ended) return;
        ended = true;
        onExit(why);
      };
      w.onmessage = (e: MessageEvent<FromWorker>) => {
        const m = e.data;
        if (m.type === 'ready' && m.lock) watch(m.lock, () => end('it ended without an error event: terminated, closed or crashed'));
        onMessage(m);
      };
      // An uncaught error in the worker, or a script that cannot load (e.g. refused by the page's CSP):
      // the worker is treated as dead and ended.
      w.onerror = (e: ErrorEvent) => {
        e.preventDefault();
        w.terminate();
        end(e.message || 'its script failed to load (a Content-Security-Policy without worker-src blob:?)');
      };
      return { post: (m, t) => w.postMessage(m, t ?? []), terminate: () => w.terminate(), ref() {}, unref() {} };
    },
    dispose() {
      URL.revokeObjectURL(url);
    },
  };
}
