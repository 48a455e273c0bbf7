// Where benchmarks write their results: bench/out/ (git-ignored), so that a run leaves `git status`
// clean; with --save, bench/results/, the committed figures the docs quote.

import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The directory to write into (created if needed), as a path. */
export function resultsDir(save) {
  const dir = fileURLToPath(new URL(save ? './results/' : './out/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  return dir;
}
