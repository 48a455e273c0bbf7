// test/browser/suite.mjs (the registry-driven checks) in a server runtime other than Node: Bun
// (JavaScriptCore) or Deno. Prints the results as one JSON line for test/engines.test.ts.
import * as lib from '../../dist/index.js';
import { run } from '../browser/suite.mjs';
import { runtimeName } from '../../bench/runtimes/measure.mjs';

const results = await run(lib, ['wasm', 'js']);
console.log(JSON.stringify({ ...results, runtime: runtimeName() }));
