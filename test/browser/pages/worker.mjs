// Runs the suite inside a module Web Worker and publishes what it posts back.
import { publish } from './publish.mjs';

publish(
  () =>
    new Promise((resolve, reject) => {
      // The page's query (?full=1: test/support/inputs.ts, FULL) goes on to the worker's address.
      const worker = new Worker(new URL(`./worker-entry.mjs${location.search}`, import.meta.url), { type: 'module' });
      worker.onmessage = (e) => (e.data.failure ? reject(new Error(e.data.failure)) : resolve(e.data));
      worker.onerror = (e) => reject(new Error(`worker error: ${e.message || 'module failed to load'}`));
    }),
);
