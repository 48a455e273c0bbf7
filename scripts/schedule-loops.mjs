// Build step, after hoist-constants: reorder the independent values of each loop body.
//
// Why: a kernel's loop handles four vectors an iteration, and asc emits each vector's whole chain
// (load, range reduction, polynomial, division) before the next one's; exact GELU's loop handles one
// vector, whose two f64x2 halves each carry three chains (exp, P, Q), also emitted one after another.
// TurboFan (V8 11.3, 12.4: Node 20, 22) schedules the machine code itself; Turboshaft (V8 13.6+:
// Node 24, 26, Chromium) keeps the wasm order. Both produce the same instructions (tanh_f32's loop:
// 162 on V8 12.4, 157 on 13.6, the same spills), but chain after chain the out-of-order core waits on
// one chain's latencies with the next chain's work stuck behind it in the scheduler queues, and the loop
// ran 1.2x slower on V8 13.6 (docs/kernels.md, "Loop order and Turboshaft").
//
// What: in every straight-line stretch of the loop bodies of the kernels in SCHEDULED, the stack code is
// read into a graph of values (locals and the stack resolved), and the values are emitted again:
// - in the kernels in CRITICAL, by critical path: each step issues the ready value with the longest
//   chain of latencies after it, as TurboFan's instruction scheduler does, with a bound on the values
//   live at once;
// - in the others, round-robin over the stretch's vectors (a value belongs to the first v128 load it
//   depends on), where it has several;
// in small trees whose results go through reused temporaries.
// Memory accesses (and anything else with an effect) keep their order; a value moves only past values
// it does not depend on, so every result is the same bits. Loads from a constant address read a table of
// constants and are emitted at their use, like constants. Anything this does not recognise leaves its
// stretch as it was.
//
// In and out: the stack-form .wat text as hoist-constants writes it, and the .wasm assembled from it.
// The module as it was before this step is kept as NAME.unscheduled.wasm: test/wasm-loops.test.ts runs
// every export of both on the same inputs and requires the same bits.
//
// usage: node scripts/schedule-loops.mjs build/activations build/activations-relaxed
//        (each name stands for NAME.wat → NAME.wat and NAME.wasm)

import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import binaryen from 'binaryen';
import { rewriteFunctions } from './hoist-constants.mjs';

const VEC = /^(v128|f32x4|f64x2|i8x16|i16x8|i32x4|i64x2)\./;

/** Operations computed as one tree, at most (see the emission in scheduleStretch): 1, 4 and 8 ran at the same speed on V8 13.6; 8 gives the smallest module. */
const TREE = 8;

/** [inputs, result type or null] of an instruction, or undefined if not recognised. */
function signature(op, localType, globalType) {
  const [name, ...imm] = op.split(/\s+/);
  if (name === 'local.get') return [0, localType(imm[0])];
  if (name === 'global.get') return globalType(imm[0]) ? [0, globalType(imm[0])] : undefined;
  if (/^(i32|i64|f32|f64|v128)\.const$/.test(name)) return [0, name.split('.')[0]];
  if (name === 'select') return [3, 'same'];
  if (name === 'drop') return [1, null];
  const lane = /^(i8x16|i16x8|i32x4|i64x2|f32x4|f64x2)\.extract_lane/.exec(name);
  if (lane) return [1, { i8x16: 'i32', i16x8: 'i32', i32x4: 'i32', i64x2: 'i64', f32x4: 'f32', f64x2: 'f64' }[lane[1]]];
  if (/^(v128\.any_true|\w+\.all_true|\w+\.bitmask)$/.test(name)) return [1, 'i32'];
  if (/^v128\.load\d+_lane$/.test(name)) return [2, 'v128'];
  if (/^v128\.load/.test(name)) return [1, 'v128'];
  if (/^v128\.store/.test(name)) return [2, null];
  if (/^(i32|i64|f32|f64)\.load/.test(name)) return [1, name.slice(0, 3)];
  if (/^(i32|i64|f32|f64)\.store/.test(name)) return [2, null];
  if (VEC.test(name)) {
    const m = name.slice(name.indexOf('.') + 1);
    if (/^(bitselect|relaxed_madd|relaxed_nmadd|relaxed_laneselect)$/.test(m)) return [3, 'v128'];
    if (/^(splat|abs|neg|sqrt|ceil|floor|trunc|nearest|not|popcnt|convert_\w+|trunc_sat_\w+|demote_\w+|promote_\w+|extend_\w+|extadd_\w+|relaxed_trunc\w*)$/.test(m)) return [1, 'v128'];
    if (/^(add|sub|mul|div|min|max|pmin|pmax|and|or|xor|andnot|eq|ne|lt|gt|le|ge|lt_s|lt_u|gt_s|gt_u|le_s|le_u|ge_s|ge_u|shl|shr_s|shr_u|add_sat_s|add_sat_u|sub_sat_s|sub_sat_u|min_s|min_u|max_s|max_u|avgr_u|narrow_\w+|swizzle|q15mulr_sat_s|dot_\w+|extmul_\w+|replace_lane|shuffle|relaxed_min|relaxed_max|relaxed_swizzle|relaxed_q15mulr_s|relaxed_dot\w*)$/.test(m.split(' ')[0])) return [2, 'v128'];
    return undefined;
  }
  const s = /^(i32|i64|f32|f64)\.(\w+)$/.exec(name);
  if (s) {
    const [, t, m] = s;
    if (/^(eqz)$/.test(m)) return [1, 'i32'];
    if (/^(eq|ne|lt|gt|le|ge|lt_s|lt_u|gt_s|gt_u|le_s|le_u|ge_s|ge_u)$/.test(m)) return [2, 'i32'];
    if (/^(add|sub|mul|and|or|xor|shl|shr_s|shr_u|rotl|rotr|min|max|copysign|div)$/.test(m)) return [2, t];
    if (/^(clz|ctz|popcnt|abs|neg|sqrt|ceil|floor|trunc|nearest|extend8_s|extend16_s|extend32_s)$/.test(m)) return [1, t];
    if (/^(wrap_i64|extend_i32_s|extend_i32_u|trunc_sat_f\d\d_[su]|convert_i\d\d_[su]|demote_f64|promote_f32|reinterpret_\w+)$/.test(m)) return [1, t];
    return undefined; // integer division and trapping conversions: not moved
  }
  return undefined;
}

/** Whether an instruction has an effect that must keep its place among the others with effects. */
const EFFECT = (name) => /\.(load|store)/.test(name) || name === 'drop';

/** Instructions that end a straight-line stretch. */
const BARRIER = /^(block|loop|if|else|end|br|br_if|br_table|return|return_call\w*|call|call_indirect|unreachable|nop|try|catch|throw|rethrow|delegate|global\.set|memory\.\w+|table\.\w+)\b/;

/**
 * Reschedules one straight-line stretch (lines of stack code, all recognised); returns the new lines
 * (their temporaries taken from `temps`), or null to leave it as it was.
 */
function scheduleStretch(lines, indent, localType, globalType, temps, critical = false) {
  const nodes = [];
  const stack = [];
  const def = new Map(); // local → node holding its current value
  let lastEffect = -1;
  for (const line of lines) {
    const t = line.trim();
    const [name, arg] = t.split(/\s+/);
    if (name === 'local.set' || name === 'local.tee') {
      if (stack.length === 0) return null;
      const v = stack.pop();
      def.set(arg, v);
      if (name === 'local.tee') stack.push(v);
      continue;
    }
    if (name === 'local.get' && def.has(arg)) {
      stack.push(def.get(arg));
      continue;
    }
    const sig = signature(t, localType, globalType);
    if (!sig) return null;
    const [n, type0] = sig;
    if (stack.length < n) return null;
    const ins = stack.splice(stack.length - n, n);
    const type = type0 === 'same' ? nodes[ins[0]].type : type0;
    const id = nodes.length;
    const node = { id, text: t, ins, type, deps: [...ins], trivial: n === 0 && name !== 'global.get', seed: -1 };
    if (name === 'local.get') node.readsLocal = arg;
    // A v128 load from a constant address reads a table of constants (the core's and
    // hoist-constants' splats, which no kernel writes): no effect, and emitted at each use like a
    // constant. Scheduled as a load, it would seed a group of its own and go to the top of the body,
    // live (so spilled) across all of it (gelu's exact form: 20 such loads, 4.0 -> 4.25 ns on V8 13.6).
    if (/^v128\.load(\s|$)/.test(name) && n === 1 && /^i32\.const /.test(nodes[ins[0]].text)) {
      node.trivial = true;
      node.table = true;
      nodes.push(node);
      stack.push(id);
      continue;
    }
    if (/\.store/.test(name) && /^i32\.const /.test(nodes[ins[0]].text)) return null; // a table could be written
    if (EFFECT(name)) {
      if (lastEffect >= 0) node.deps.push(lastEffect);
      lastEffect = id;
    }
    nodes.push(node);
    if (type) stack.push(id);
  }
  // Locals set in the stretch keep their last value (set at the end); reads of a local's old value
  // that the stretch also sets are taken into locals of their own first.
  const finalSets = [...def]; // [local, node holding its last value]
  const setHere = new Set(def.keys());
  for (const nd of nodes) if (nd.readsLocal && setHere.has(nd.readsLocal)) nd.trivial = false;
  // Group: the first v128 load a value depends on.
  let seeds = 0;
  for (const nd of nodes) {
    if (/^v128\.load/.test(nd.text) && nd.type === 'v128' && !nd.table) nd.seed = seeds++;
    else for (const d of nd.ins) if (nodes[d].seed >= 0 && (nd.seed < 0 || nodes[d].seed < nd.seed)) nd.seed = nodes[d].seed;
  }
  if (seeds < 2 && !critical) return null;
  const done = new Array(nodes.length).fill(false);
  const order = [];
  const ready = (nd) => !done[nd.id] && nd.deps.every((d) => done[d]);
  const emit = (nd) => {
    done[nd.id] = true;
    order.push(nd);
  };
  const pending = nodes.filter((nd) => !nd.trivial || nd.readsLocal);
  for (const nd of nodes) if (nd.trivial && !nd.readsLocal) done[nd.id] = true; // constants: inline
  for (const nd of nodes) if (nd.readsLocal && !setHere.has(nd.readsLocal)) done[nd.id] = true; // inputs: inline
  // Old values of locals the stretch sets: first.
  for (const nd of pending) if (!done[nd.id] && nd.readsLocal) emit(nd);
  if (critical) {
    criticalPathOrder(nodes, pending, done, ready, emit, LIVE);
    return emitStretch(nodes, order, finalSets, stack, indent, temps);
  }
  // Round-robin list scheduling over the groups; values of no group go as soon as they are ready.
  let g = 0;
  let left = pending.filter((nd) => !done[nd.id]).length;
  while (left > 0) {
    let progressed = false;
    for (const nd of pending) {
      if (nd.seed < 0 && ready(nd)) {
        emit(nd);
        left--;
        progressed = true;
      }
    }
    // One value of the next group that has one ready (interleaving pairs of vectors instead measured
    // 1.1-1.25x slower on V8 13.6 for sigmoid, tanh, celu and gelu's tanh form).
    for (let k = 0; k < seeds && left > 0; k++) {
      const grp = (g + k) % seeds;
      const nd = pending.find((x) => x.seed === grp && ready(x));
      if (nd) {
        emit(nd);
        left--;
        progressed = true;
        g = (grp + 1) % seeds;
        break;
      }
    }
    if (!progressed) return null; // cannot happen for a well-formed stretch
  }
  return emitStretch(nodes, order, finalSets, stack, indent, temps);
}

/** Latency in cycles of an instruction on a current x86 core (Zen 2-4: SIMD add and mul 3, f64x2.div 13). */
function latency(text) {
  const name = text.split(/\s+/)[0];
  if (/\.load/.test(name)) return 5;
  if (/^f64x2\.(div|sqrt)$/.test(name)) return 13;
  if (/^f32x4\.(div|sqrt)$/.test(name)) return 10;
  if (/^(f32x4|f64x2)\.(add|sub|mul|relaxed_n?madd)$/.test(name)) return 3;
  if (/(promote|demote|convert|trunc_sat)/.test(name)) return 4;
  if (name === 'local.get' || /\.const$/.test(name)) return 0;
  return 1;
}

/**
 * List scheduling by critical path, as TurboFan's instruction scheduler does (CriticalPathFirstQueue):
 * each step issues, among the values whose operands are ready by the current cycle, the one with the
 * longest chain of latencies after it (else the first to become ready); one value a cycle. Several
 * vectors' chains, or the exp, P and Q chains of exact GELU's two f64x2 halves, interleave by need.
 * With `limit` values live (computed, with users still to come), the candidates that free the most
 * go first: unbounded, the order ran 2-2.4x slower on JavaScriptCore (docs/kernels.md).
 */
function criticalPathOrder(nodes, pending, done, ready, emit, limit = Infinity) {
  const height = new Array(nodes.length).fill(0);
  for (let i = nodes.length - 1; i >= 0; i--) {
    const nd = nodes[i];
    height[i] += latency(nd.text);
    for (const d of nd.deps) height[d] = Math.max(height[d], height[i]);
  }
  // Values live: computed here, with users still to come (constants and inputs do not count).
  const usersLeft = new Array(nodes.length).fill(0);
  for (const nd of pending) if (!done[nd.id]) for (const d of nd.ins) usersLeft[d]++;
  const counts = (id) => !nodes[id].trivial && !nodes[id].readsLocal;
  let live = 0;
  /** How many more values are live once nd is issued: its own, less the operands it uses last. */
  const delta = (nd) => {
    const last = new Set(nd.ins.filter((d) => counts(d) && usersLeft[d] === nd.ins.filter((e) => e === d).length));
    return (nd.type && usersLeft[nd.id] > 0 ? 1 : 0) - last.size;
  };
  const issued = new Array(nodes.length).fill(0);
  const readyAt = (nd) => nd.deps.reduce((t, d) => Math.max(t, issued[d] + latency(nodes[d].text)), 0);
  let cycle = 0;
  let left = pending.filter((nd) => !done[nd.id]);
  while (left.length > 0) {
    const cands = left.filter(ready);
    if (cands.length === 0) return;
    let best;
    let bestAt = Infinity;
    for (const nd of cands) {
      const at = Math.max(readyAt(nd), cycle);
      if (at < bestAt || (at === bestAt && height[nd.id] > height[best.id])) {
        best = nd;
        bestAt = at;
      }
    }
    // Among those ready now, the highest; else the first to become ready. At the limit of live values,
    // those that free the most first.
    let now = cands.filter((nd) => readyAt(nd) <= cycle);
    if (live >= limit) {
      const deltas = new Map(cands.map((nd) => [nd, delta(nd)]));
      const min = Math.min(...deltas.values());
      if (min <= 0) {
        now = now.filter((nd) => deltas.get(nd) === min);
        if (!now.length) {
          const low = cands.filter((nd) => deltas.get(nd) === min);
          best = low.reduce((a, b) => (readyAt(b) < readyAt(a) || (readyAt(b) === readyAt(a) && height[b.id] > height[a.id]) ? b : a));
          bestAt = Math.max(readyAt(best), cycle);
        }
      }
    }
    if (now.length) best = now.reduce((a, b) => (height[b.id] > height[a.id] ? b : a));
    else cycle = bestAt;
    live += delta(best);
    emit(best);
    for (const d of best.ins) usersLeft[d]--;
    issued[best.id] = cycle;
    cycle++;
    left = left.filter((nd) => nd !== best);
  }
}

/**
 * The stretch's code in `order`. A value with one use, no effect and a small tree (at most TREE
 * operations with the values folded into it) is not given a local: it is computed inside its user's
 * tree, at the user's place in the order. So the chains advance in steps of a few operations each,
 * which is all the interleaving the out-of-order core needs, and the module grows by a local.set and a
 * local.get per step rather than per operation. (A local for every value, keeping the critical-path
 * order exactly, ran exact GELU 3.25 -> 3.00 ns/element on V8 13.6 but 3.5 -> 6.3 on JavaScriptCore.)
 */
function emitStretch(nodes, order, finalSets, stack, indent, temps) {
  const uses = new Map();
  const userOf = new Map();
  for (const nd of order) for (const d of nd.ins) {
    uses.set(d, (uses.get(d) ?? 0) + 1);
    userOf.set(d, nd.id);
  }
  for (const [, v] of finalSets) uses.set(v, (uses.get(v) ?? 0) + 2);
  for (const v of stack) uses.set(v, (uses.get(v) ?? 0) + 2);
  const inlined = new Set();
  const slot = new Map();
  order.forEach((nd, i) => slot.set(nd.id, i));
  const single = (nd) => nd.type && uses.get(nd.id) === 1 && !EFFECT(nd.text.split(/\s+/)[0]) && !nd.readsLocal;
  const size = new Map();
  for (const nd of order) {
    let sz = 1;
    for (const d of nd.ins) if (inlined.has(d)) sz += size.get(d);
    size.set(nd.id, sz);
    if (single(nd) && sz <= TREE) inlined.add(nd.id);
  }
  const at = (id) => (inlined.has(id) ? at(userOf.get(id)) : slot.get(id));
  const lastUse = new Map();
  for (const nd of order) for (const d of nd.ins) lastUse.set(d, Math.max(lastUse.get(d) ?? -1, at(nd.id)));
  for (const [, v] of finalSets) lastUse.set(v, Infinity);
  for (const v of stack) lastUse.set(v, Infinity);
  const out = [];
  const home = new Map();
  const operand = (id) => {
    const nd = nodes[id];
    if (home.has(id)) return [`${indent}local.get ${home.get(id)}`];
    if (nd.trivial) return nd.table ? tree(nd) : [`${indent}${nd.text}`];
    if (inlined.has(id)) return tree(nd);
    throw new Error('operand used before it was computed');
  };
  const tree = (nd) => [...nd.ins.flatMap((d) => operand(d)), `${indent}${nd.text}`];
  const released = new Set();
  const release = (id, here) => {
    for (const d of nodes[id].ins) {
      if (inlined.has(d)) release(d, here);
      else if (home.has(d) && lastUse.get(d) <= here && !released.has(d)) {
        released.add(d);
        temps.release(home.get(d), nodes[d].type);
      }
    }
  };
  for (const nd of order) {
    if (inlined.has(nd.id)) continue;
    out.push(...tree(nd));
    release(nd.id, slot.get(nd.id));
    if (nd.type) {
      if (!uses.has(nd.id)) {
        out.push(`${indent}drop`);
        continue;
      }
      const name = temps.take(nd.type);
      home.set(nd.id, name);
      out.push(`${indent}local.set ${name}`);
    }
  }
  for (const [local, v] of finalSets) {
    out.push(...operand(v));
    out.push(`${indent}local.set ${local}`);
  }
  for (const v of stack) out.push(...operand(v)); // values the next control instruction consumes
  temps.reset();
  return out;
}

/** Reschedules the loops of one function (its lines, from ` (func` to ` )`). */
export function scheduleFunction(lines, globalType = () => undefined, critical = false) {
  const types = new Map();
  const head = lines[0];
  for (const m of head.matchAll(/\(param (\$\S+) (\w+)\)/g)) types.set(m[1], m[2]);
  let body = 1;
  while (body < lines.length && /^\s+\(local /.test(lines[body])) {
    const m = /\(local (\$\S+) (\w+)\)/.exec(lines[body]);
    types.set(m[1], m[2]);
    body++;
  }
  const localType = (name) => types.get(name);
  // Temporaries by type, reused from stretch to stretch (all are dead at a stretch's end).
  const pool = new Map(); // type → { all: names, free: names }
  const temps = {
    take(type) {
      if (!pool.has(type)) pool.set(type, { all: [], free: [] });
      const p = pool.get(type);
      if (p.free.length) return p.free.pop();
      const name = `$s_${type}_${p.all.length}`;
      p.all.push(name);
      return name;
    },
    release(name, type) {
      pool.get(type).free.push(name);
    },
    reset() {
      for (const p of pool.values()) p.free = [...p.all].reverse();
    },
  };
  const out = lines.slice(0, body);
  let depth = 0; // loops enclosing the current line
  const loopStack = [];
  let i = body;
  let changed = false;
  while (i < lines.length) {
    const t = lines[i].trim();
    if (depth > 0 && !BARRIER.test(t)) {
      // a stretch: up to the next barrier
      let j = i;
      while (j < lines.length && !BARRIER.test(lines[j].trim())) j++;
      const stretch = lines.slice(i, j);
      const indent = lines[i].slice(0, lines[i].length - lines[i].trimStart().length);
      const r = stretch.length >= 24 ? scheduleStretch(stretch, indent, localType, globalType, temps, critical) : null;
      if (r) {
        out.push(...r);
        changed = true;
      } else out.push(...stretch);
      i = j;
      continue;
    }
    if (/^(block|loop|if|try)\b/.test(t)) loopStack.push(t.startsWith('loop'));
    if (t.startsWith('loop')) depth++;
    if (t === 'end' || t.startsWith('end ')) {
      if (loopStack.pop()) depth--;
    }
    out.push(lines[i]);
    i++;
  }
  if (!changed) return lines;
  for (const [type, p] of pool) out.splice(body, 0, ...p.all.map((name) => `  (local ${name} ${type})`));
  return out;
}

/**
 * The kernels rescheduled: the f32 forwards whose loops Turboshaft ran 1.1-1.3x slower than TurboFan.
 * Interleaved, the four vectors' code no longer repeats for gzip, which costs module size (every loop
 * rescheduled took the main module from 45 to 71 kB gzipped); the derivatives, the f64 kernels and the
 * axis kernels already ran as fast on V8 13.6 as on 12.4 (within 1.05x; most faster), so they are left
 * as asc wrote them. (tanhshrink_f32 is not here: its loop calls its bodies, so it has no stretch to
 * interleave.)
 */
// The f32 forwards of the exp and log families, and two derivatives: sigmoidGrad and mishGrad, which
// ran 1.08x and 1.15x their Node 22 time on Node 24 unscheduled (0.94-0.98x and 1.02-1.05x scheduled).
// Other derivatives gain on Node 24 too, but their scheduled loops ran 1.3-1.5x slower on Node 20
// (V8 11.3), where these two lose nothing measurable (docs/kernels.md).
export const SCHEDULED = [
  'sigmoid_f32', 'tanh_f32', 'elu_f32', 'selu_f32', 'celu_f32', 'silu_f32', 'softplus_f32', 'log_sigmoid_f32', 'mish_f32', 'gelu_f32',
  'sigmoid_grad_f32', 'mish_grad_f32',
];

/**
 * Those ordered by critical path, at most LIVE values live (the rest round-robin): GELU, whose exact
 * form's loop has one vector an iteration (nothing for round-robin to interleave) and whose tanh form's
 * four-vector loop ran 1.13x its V8 12.4 time on V8 13.6 round-robin. Measured, ns/element in cache
 * (V8 13.6 / JavaScriptCore in Bun 1.4.5): exact 4.02 / 4.9 -> 3.25 / 3.5, tanh form 1.45 / 2.04 ->
 * 1.39 / 1.74, V8 11.3 and 12.4 unchanged. For sigmoid, tanh, elu, selu, celu and silu, critical-path
 * order measured no better than round-robin once bounded (sigmoid 0.88 -> 0.96 on V8 13.6), and 2-2.4x
 * slower on JavaScriptCore unbounded (docs/kernels.md).
 */
export const CRITICAL = ['gelu_f32'];
const LIVE = 8;

/**
 * Reschedules the functions of a stack-form .wat exported under the names in `only` (names it does not
 * export are passed over); returns the text and how many functions changed.
 */
export function scheduleWat(text, only = SCHEDULED) {
  const idOf = (name) => new RegExp(`\\(export "${name}" \\(func (\\$\\S+)\\)\\)`).exec(text)?.[1];
  const wanted = new Set(only.map(idOf).filter(Boolean));
  const criticalSet = new Set(CRITICAL.map(idOf).filter(Boolean));
  const globals = new Map();
  for (const m of text.matchAll(/^ \(global (\$\S+) (?:\(mut (\w+)\)|(\w+))/gm)) globals.set(m[1], m[2] ?? m[3]);
  const globalType = (name) => globals.get(name);
  return rewriteFunctions(text, (fn) => {
    const id = fn[0].split(' ')[2];
    return wanted.has(id) ? scheduleFunction(fn, globalType, criticalSet.has(id)) : fn;
  });
}

if (process.argv[1] && import.meta.url === `file://${process.argv[1]}`) {
  const report = [];
  for (const name of process.argv.slice(2)) {
    const wat = readFileSync(`${name}.wat`, 'utf8');
    const missing = SCHEDULED.filter((e) => !wat.includes(`(export "${e}" `));
    if (name === process.argv[2] && missing.length) throw new Error(`${name}: SCHEDULED names ${missing.join(', ')}, which it does not export`);
    const { text, functions } = scheduleWat(wat);
    const mod = binaryen.parseText(text);
    mod.setFeatures(binaryen.Features.All);
    if (!mod.validate()) throw new Error(`${name}.wat: the rescheduled module does not validate`);
    copyFileSync(`${name}.wasm`, `${name}.unscheduled.wasm`);
    writeFileSync(`${name}.wasm`, mod.emitBinary());
    writeFileSync(`${name}.wat`, text);
    mod.dispose();
    report.push(`${functions} functions of ${name}`);
  }
  console.log(`scheduled: the loops of ${report.join(', ')}`);
}
