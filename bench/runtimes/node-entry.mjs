// bench/runtimes/measure.mjs in a server runtime (Node, Bun, Deno): prints its result as one JSON line.
//   <runtime> bench/runtimes/node-entry.mjs '{"n":1e6,"rounds":9,"only":["sigmoid"]}'
import * as lib from '../../dist/index.js';
import { measure } from './measure.mjs';

const args = (globalThis.Deno?.args ?? globalThis.process.argv.slice(2))[0];
console.log(JSON.stringify(measure(lib, args ? JSON.parse(args) : {})));
