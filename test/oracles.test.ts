// Each activation's references live in its family's oracle, test/oracles/<family>.mjs, and nowhere
// else, so that adding an activation touches one oracle file: its family is the src/ops/ module that
// exports its description, and the oracle has that module's base name. test/reference/f64.mjs and
// f64-dd.mjs, which the suites, scripts and benchmarks import, must be the exact union of the oracles.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS } from '../src/registry';
import type { ActivationSpec } from '../src/registry';
import * as F64 from './reference/f64.mjs';
import * as F64_DD from './reference/f64-dd.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const OPS = path.resolve(HERE, '../src/ops');
const ORACLES = path.resolve(HERE, 'oracles');
/** The oracles' helper module, used by several families: no references of its own. */
const SHARED = 'shared';

type Table = Record<string, unknown>;
type Module = Record<string, unknown>;

/** The tables an oracle holds for each kind: the function and its derivative, in double and in double-double. */
const TABLES: Record<string, { forward: string[]; grad: string[] }> = {
  elementwise: { forward: ['REFERENCE', 'REFERENCE_DD'], grad: ['GRAD_REFERENCE', 'GRAD_REFERENCE_DD'] },
  axis: { forward: ['AXIS_REFERENCE', 'AXIS_REFERENCE_DD'], grad: ['AXIS_GRAD_REFERENCE', 'AXIS_GRAD_REFERENCE_DD'] },
};
const ALL_TABLES = Object.values(TABLES).flatMap((t) => [...t.forward, ...t.grad]);

const families = readdirSync(OPS)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3));
const opsModules = new Map<string, Module>(await Promise.all(families.map(async (f) => [f, (await import(path.join(OPS, `${f}.ts`))) as Module] as const)));
const oracleNames = readdirSync(ORACLES)
  .filter((f) => f.endsWith('.mjs'))
  .map((f) => f.slice(0, -4))
  .filter((f) => f !== SHARED);
const oracles = new Map<string, Module>(await Promise.all(oracleNames.map(async (f) => [f, (await import(path.join(ORACLES, `${f}.mjs`))) as Module] as const)));

/** The src/ops/ modules that export this description (one, for a well-placed activation). */
const familiesOf = (spec: ActivationSpec) => families.filter((f) => Object.values(opsModules.get(f)!).includes(spec));
const familyOf = (spec: ActivationSpec) => familiesOf(spec)[0]!;

describe('the registry is the union of the families', () => {
  it('every description a src/ops/ module exports is in the registry (src/registry.ts lists it), once', () => {
    const isDescription = (v: unknown): v is ActivationSpec => typeof v === 'object' && v !== null && typeof (v as ActivationSpec).formula === 'string' && 'kind' in v;
    const exported = [...opsModules.values()].flatMap((m) => Object.values(m).filter(isDescription));
    expect(exported.length).toBeGreaterThan(20);
    expect(exported.filter((d) => !ACTIVATIONS.includes(d)).map((d) => d.name), 'described in src/ops/ but missing from src/registry.ts').toEqual([]);
    expect(new Set(ACTIVATIONS).size).toBe(ACTIVATIONS.length);
    expect(ACTIVATIONS.filter((d) => !exported.includes(d)).map((d) => d.name)).toEqual([]);
  });
});

describe('one oracle per family (test/oracles/)', () => {
  it('found the families and their oracles (a sanity check of the loaders)', () => {
    expect(families).toEqual(expect.arrayContaining(['piecewise', 'exp-family', 'softmax-family']));
    expect(oracleNames).toEqual(expect.arrayContaining(['piecewise', 'exp-family', 'softmax-family']));
    expect(Object.keys(oracles.get('piecewise')!)).toContain('REFERENCE');
  });

  it.each(ACTIVATIONS.map((s) => [s.name, s] as const))('%s is described in exactly one src/ops/ module', (_, spec) => {
    expect(familiesOf(spec)).toHaveLength(1);
  });

  it.each(oracleNames)('oracles/%s.mjs is named after a src/ops/ module and exports only reference tables', (name) => {
    expect(families).toContain(name);
    const oracle = oracles.get(name)!;
    expect(Object.keys(oracle).filter((k) => !ALL_TABLES.includes(k))).toEqual([]);
  });

  const placed = ACTIVATIONS.filter((s) => s.kind in TABLES);
  it.each(placed.map((s) => [s.name, s] as const))("%s has its references in its family's oracle", (name, spec) => {
    const family = familyOf(spec);
    expect(oracleNames, `test/oracles/${family}.mjs`).toContain(family);
    const oracle = oracles.get(family)!;
    const { forward, grad } = TABLES[spec.kind]!;
    for (const table of [...forward, ...(spec.grad ? grad : [])]) {
      expect(typeof (oracle[table] as Table | undefined)?.[name], `${family}.mjs ${table}.${name}`).toBe('function');
    }
  });

  it.each(oracleNames)("every entry of oracles/%s.mjs is an activation of that family, in its kind's tables", (name) => {
    const oracle = oracles.get(name)!;
    const misplaced: string[] = [];
    for (const table of ALL_TABLES) {
      for (const key of Object.keys((oracle[table] as Table | undefined) ?? {})) {
        const spec = ACTIVATIONS.find((s) => s.name === key);
        const kindTables = spec && TABLES[spec.kind];
        const tables = kindTables ? [...kindTables.forward, ...(spec.grad ? kindTables.grad : [])] : [];
        if (!spec || familyOf(spec) !== name || !tables.includes(table)) misplaced.push(`${table}.${key}`);
      }
    }
    expect(misplaced).toEqual([]);
  });

  // prelu's reference is the per-channel loop of test/prelu.test.ts (on dd.mjs), not a function of x.
  it.each(ACTIVATIONS.filter((s) => !(s.kind in TABLES)).map((s) => [s.name] as const))('%s (per channel) is in no oracle', (name) => {
    for (const [family, oracle] of oracles) {
      for (const table of ALL_TABLES) expect(Object.keys((oracle[table] as Table | undefined) ?? {}), `${family}.mjs ${table}`).not.toContain(name);
    }
  });

  it.each(ALL_TABLES)('test/reference/ %s is the union of the oracles', (table) => {
    const union = ((table.endsWith('_DD') ? F64_DD : F64) as Module)[table] as Table;
    const expected: Table = {};
    for (const oracle of oracles.values()) Object.assign(expected, (oracle[table] as Table | undefined) ?? {});
    expect(Object.keys(union).sort()).toEqual(Object.keys(expected).sort());
    for (const [key, fn] of Object.entries(expected)) expect(union[key], key).toBe(fn);
  });
});
