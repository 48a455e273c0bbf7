// The README's function table is generated from the registry: it must match what the tests enforce.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { render } from '../scripts/docs.mjs';

it('README function table is up to date with the registry (node scripts/docs.mjs)', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  expect(render(readme)).toBe(readme);
});
