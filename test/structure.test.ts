// The shape of src/: no module imports itself through others (type-only imports count: a cycle of
// types is still a knot to untie), and the transport layer (streaming, chunking, layouts, validation,
// buffers) names no activation: op-specific host code lives in its family module (src/ops/).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS } from '../src/registry';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

/** The .ts files of src/ that `file` imports or re-exports from (relative specifiers only). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+'(\.[^']+)'|^\s*import\s+'(\.[^']+)'/gms)) {
    const spec = (m[1] ?? m[2])!;
    const base = path.resolve(path.dirname(file), spec);
    const target = [`${base}.ts`, path.join(base, 'index.ts')].find((p) => {
      try {
        return statSync(p).isFile();
      } catch {
        return false;
      }
    });
    if (target) out.push(target);
  }
  return out;
}

/** Every cycle's path, as src-relative names (each cycle once, from its first module found). */
function cycles(): string[][] {
  const graph = new Map(files(SRC).map((f) => [f, importsOf(f)]));
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, 'open');
    stack.push(f);
    for (const g of graph.get(f) ?? []) {
      if (state.get(g) === 'open') found.push([...stack.slice(stack.indexOf(g)), g].map((p) => path.relative(SRC, p)));
      else if (!state.has(g)) visit(g);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of graph.keys()) if (!state.has(f)) visit(f);
  return found;
}

describe('structure of src/', () => {
  it('the import walker sees the imports (a sanity check of the parser)', () => {
    const of = importsOf(path.join(SRC, 'dispatch.ts')).map((p) => path.relative(SRC, p));
    expect(of).toContain('validate.ts');
    expect(of).toContain('types.ts');
    expect(files(SRC).length).toBeGreaterThan(20);
  });

  it('has no import cycle', () => {
    expect(cycles()).toEqual([]);
  });

  it('validation imports only types, errors, intrinsics and the view registry', () => {
    const of = [...new Set(importsOf(path.join(SRC, 'validate.ts')))].map((p) => path.relative(SRC, p)).sort();
    expect(of).toEqual(['errors.ts', 'intrinsics.ts', 'spec.ts', 'types.ts', 'views.ts']);
  });

  it('the public functions import their family modules, not the registry (a bundler keeps only the families used)', () => {
    const of = [...new Set(importsOf(path.join(SRC, 'activations.ts')))].map((p) => path.relative(SRC, p));
    expect(of).not.toContain('registry.ts');
    expect(of.filter((p) => !p.startsWith('ops/'))).toEqual(['dispatch.ts']);
  });

  // The transport: streaming through scratch, chunking and layouts, the checks, the buffers.
  const TRANSPORT = ['backends/wasm.ts', 'backends/module.ts', 'validate.ts', 'views.ts', 'buffers.ts', 'types.ts', 'intrinsics.ts', 'errors.ts'];
  const names = [...new Set(ACTIVATIONS.flatMap((s) => [s.name, s.kernel, ...(s.grad ? [s.grad.kernel] : [])]))];
  it.each(TRANSPORT)('%s names no activation', (file) => {
    const text = readFileSync(path.join(SRC, file), 'utf8');
    const hits = names.filter((n) => new RegExp(`(?<![A-Za-z0-9_])${n}(?![A-Za-z0-9_])`, 'i').test(text));
    expect(hits).toEqual([]);
  });
});
