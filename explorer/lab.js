// The explorer's three experiments, shared by the page (explorer/app.js) and the terminal
// (`npm run lab`, scripts/lab.mjs), so both print the same numbers for the same seed:
//
//   nonlinearity(lib)  a 2-16-1 network trained on XOR with each activation, and with none (linear):
//                      loss curves, accuracy and the decision boundary over the plane.
//   vanishing(lib)     a deep MLP (20 layers) with sigmoid, tanh and relu: the gradient norm of every
//                      layer's weights at initialisation and during training.
//   dying(lib)         a 2-32-32-1 network whose hidden biases start at −1.5 (below zero, where a
//                      large update can push them): the fraction of hidden units that are below
//                      zero on every training point, over training, relu against leakyRelu, elu, gelu.
//
// `lib` is the built package (dist/index.js): every activation and its derivative is the package's
// own forward and Grad function on Float32Array, the loss is its softplus and sigmoid; the matrix
// products are plain JS loops here. Runs are deterministic: a seeded PRNG draws the data and the
// initial weights, so the same seed gives the same numbers in Node and in the browser up to the last
// bits of the exp-based kernels (wasm and js backends round a few results differently).
//
// Every experiment is async and awaits `progress(fraction)` now and then, so that a page can draw a
// progress bar and stay responsive while it runs.

/** Mulberry32: a small, fast, seeded 32-bit PRNG (uniform in [0, 1)), with normal() by Box–Muller. */
export function rng(seed) {
  let s = seed >>> 0;
  const uniform = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => {
    const u = 1 - uniform(); // (0, 1]: log(u) is finite
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
  return { uniform, normal };
}

/**
 * XOR in the plane: n points in the four quadrants' clusters around (±1, ±1) with Gaussian noise;
 * label 1 where the two coordinates have the same sign. No straight line separates the classes.
 */
export function xorData(n = 200, seed = 1, noise = 0.35) {
  const r = rng(seed);
  const x = new Float32Array(2 * n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const a = i % 2 ? 1 : -1;
    const b = (i >> 1) % 2 ? 1 : -1;
    x[2 * i] = a + noise * r.normal();
    x[2 * i + 1] = b + noise * r.normal();
    y[i] = a === b ? 1 : 0;
  }
  return { x, y, n, dims: 2 };
}

/** The activations the experiments offer, with the options they use (the package's defaults). */
export const ACTIVATIONS = ['sigmoid', 'tanh', 'relu', 'leakyRelu', 'elu', 'gelu', 'silu', 'softplus'];

/**
 * An activation as forward(z, out) and backward(z, dy, out) = dy · f'(z), both through the package;
 * 'linear' is the identity (no activation at all).
 */
export function activation(lib, name) {
  if (name === 'linear') {
    return { name, forward: (z, out) => out.set(z), backward: (z, dy, out) => out.set(dy) };
  }
  const f = lib[name];
  const g = lib[`${name}Grad`];
  if (typeof f !== 'function' || typeof g !== 'function') throw new RangeError(`activation: no function ${name} with a ${name}Grad in the package`);
  return { name, forward: (z, out) => f(z, { out }), backward: (z, dy, out) => g(z, dy, { out }) };
}

// ---------------------------------------------------------------------------------------------
// A multilayer perceptron on Float32Array: sizes[0] inputs, hidden layers with activation `act`,
// one output logit; loss: binary cross-entropy with logits, mean over the batch.

/** out[n×m] = A[n×k] · W[k×m] + b[m] */
function affine(A, W, b, out, n, k, m) {
  for (let i = 0; i < n; i++) {
    const o = i * m;
    for (let j = 0; j < m; j++) out[o + j] = b[j];
    for (let p = 0; p < k; p++) {
      const a = A[i * k + p];
      if (a === 0) continue;
      const w = p * m;
      for (let j = 0; j < m; j++) out[o + j] += a * W[w + j];
    }
  }
}

/** dW[k×m] = Aᵀ · dZ, db[m] = column sums of dZ[n×m] */
function affineGrad(A, dZ, dW, db, n, k, m) {
  dW.fill(0);
  db.fill(0);
  for (let i = 0; i < n; i++) {
    const o = i * m;
    for (let j = 0; j < m; j++) db[j] += dZ[o + j];
    for (let p = 0; p < k; p++) {
      const a = A[i * k + p];
      if (a === 0) continue;
      const w = p * m;
      for (let j = 0; j < m; j++) dW[w + j] += a * dZ[o + j];
    }
  }
}

/** dA[n×k] = dZ[n×m] · Wᵀ */
function backprop(dZ, W, dA, n, k, m) {
  for (let i = 0; i < n; i++) {
    const o = i * m;
    for (let p = 0; p < k; p++) {
      const w = p * m;
      let s = 0;
      for (let j = 0; j < m; j++) s += dZ[o + j] * W[w + j];
      dA[i * k + p] = s;
    }
  }
}

/**
 * Weights drawn from N(0, gain² / fan_in) (He: gain² = 2, for relu-like units; Glorot: variance
 * 2 / (fan_in + fan_out), for sigmoid and tanh), biases zero.
 */
export function mlp(lib, { sizes, act, init = 'he', seed = 1 }) {
  const r = rng(seed);
  const layers = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const k = sizes[l];
    const m = sizes[l + 1];
    const sd = init === 'glorot' ? Math.sqrt(2 / (k + m)) : Math.sqrt(2 / k);
    const W = new Float32Array(k * m);
    for (let i = 0; i < W.length; i++) W[i] = sd * r.normal();
    layers.push({ k, m, W, b: new Float32Array(m), dW: new Float32Array(k * m), db: new Float32Array(m) });
  }
  const a = activation(lib, act);
  let cache; // per batch size: pre-activations Z, activations A, and gradient buffers
  const buffers = (n) => {
    if (cache?.n === n) return cache;
    cache = {
      n,
      Z: layers.map((L) => new Float32Array(n * L.m)),
      A: layers.map((L) => new Float32Array(n * L.m)),
      dA: layers.map((L) => new Float32Array(n * L.m)),
      dZ: layers.map((L) => new Float32Array(n * L.m)),
      dX: new Float32Array(n * sizes[0]),
      p: new Float32Array(n),
      sp: new Float32Array(n),
    };
    return cache;
  };

  /** Forward pass; returns the output logits (a view of the last Z). */
  function forward(X, n) {
    const c = buffers(n);
    let input = X;
    layers.forEach((L, l) => {
      affine(input, L.W, L.b, c.Z[l], n, L.k, L.m);
      if (l + 1 < layers.length) a.forward(c.Z[l], c.A[l]);
      input = c.A[l];
    });
    return c.Z[layers.length - 1];
  }

  /** Loss and gradients (in each layer's dW, db) for inputs X[n×in] and labels y[n] ∈ {0, 1}. */
  function lossAndGrad(X, y, n) {
    const c = buffers(n);
    const z = forward(X, n);
    // BCE with logits: softplus(z) − y·z; its derivative by z is sigmoid(z) − y.
    lib.softplus(z, { out: c.sp });
    lib.sigmoid(z, { out: c.p });
    let loss = 0;
    const last = layers.length - 1;
    const dz = c.dZ[last];
    for (let i = 0; i < n; i++) {
      loss += c.sp[i] - y[i] * z[i];
      dz[i] = (c.p[i] - y[i]) / n;
    }
    for (let l = last; l >= 0; l--) {
      const L = layers[l];
      const input = l === 0 ? X : c.A[l - 1];
      affineGrad(input, c.dZ[l], L.dW, L.db, n, L.k, L.m);
      if (l > 0) {
        backprop(c.dZ[l], L.W, c.dA[l - 1], n, L.k, L.m);
        a.backward(c.Z[l - 1], c.dA[l - 1], c.dZ[l - 1]);
      }
    }
    return loss / n;
  }

  /** P(class 1) at each of n points. */
  function predict(X, n) {
    const z = forward(X, n);
    return lib.sigmoid(z);
  }

  return { layers, forward, lossAndGrad, predict, cache: () => cache };
}

/** Plain gradient descent: w −= lr · dw. */
export function sgd(net, lr) {
  return () => {
    for (const L of net.layers) {
      for (let i = 0; i < L.W.length; i++) L.W[i] -= lr * L.dW[i];
      for (let i = 0; i < L.b.length; i++) L.b[i] -= lr * L.db[i];
    }
  };
}

/** Adam (β1 = 0.9, β2 = 0.999, ε = 1e−8), the optimiser most networks are trained with. */
export function adam(net, lr) {
  const state = net.layers.map((L) => ({ mW: new Float32Array(L.W.length), vW: new Float32Array(L.W.length), mb: new Float32Array(L.b.length), vb: new Float32Array(L.b.length) }));
  let t = 0;
  const b1 = 0.9;
  const b2 = 0.999;
  const upd = (w, g, m, v, c1, c2) => {
    for (let i = 0; i < w.length; i++) {
      m[i] = b1 * m[i] + (1 - b1) * g[i];
      v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
      w[i] -= (lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + 1e-8);
    }
  };
  return () => {
    t++;
    const c1 = 1 - b1 ** t;
    const c2 = 1 - b2 ** t;
    net.layers.forEach((L, l) => {
      upd(L.W, L.dW, state[l].mW, state[l].vW, c1, c2);
      upd(L.b, L.db, state[l].mb, state[l].vb, c1, c2);
    });
  };
}

const norm = (a) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
};

/** Calls progress(done / total) every `every` steps (and at the end), awaiting what it returns. */
function ticker(progress, total, every) {
  let last = -Infinity;
  return async (done) => {
    if (!progress) return;
    if (done === total || done - last >= every) {
      last = done;
      await progress(done / total);
    }
  };
}

// ---------------------------------------------------------------------------------------------
// 1. Non-linearity: the same network with and without an activation, on XOR.

export const NONLINEARITY = { activations: ['linear', 'sigmoid', 'tanh', 'relu', 'leakyRelu', 'gelu'], hidden: 16, epochs: 300, lr: 0.05, points: 200, seed: 1, grid: 48 };

/**
 * Trains a 2-`hidden`-1 network on XOR with full-batch Adam, once per activation ('linear': no
 * activation). Each run: the loss at every epoch, the final loss and training accuracy, and
 * P(class 1) over a grid×grid raster of [−2.5, 2.5]² (the decision boundary is where it crosses 0.5).
 */
export async function nonlinearity(lib, options = {}, progress) {
  const o = { ...NONLINEARITY, ...options };
  const data = xorData(o.points, o.seed);
  const G = o.grid;
  const grid = new Float32Array(2 * G * G);
  const lim = 2.5;
  for (let i = 0; i < G; i++) {
    for (let j = 0; j < G; j++) {
      grid[2 * (i * G + j)] = -lim + ((2 * lim) * (j + 0.5)) / G; // x: columns
      grid[2 * (i * G + j) + 1] = lim - ((2 * lim) * (i + 0.5)) / G; // y: rows, top first
    }
  }
  const tick = ticker(progress, o.activations.length * o.epochs, 50);
  const runs = [];
  for (const [r, act] of o.activations.entries()) {
    const net = mlp(lib, { sizes: [2, o.hidden, 1], act, init: act === 'sigmoid' || act === 'tanh' || act === 'linear' ? 'glorot' : 'he', seed: o.seed + 1 });
    const step = adam(net, o.lr);
    const losses = new Float32Array(o.epochs);
    for (let e = 0; e < o.epochs; e++) {
      losses[e] = net.lossAndGrad(data.x, data.y, data.n);
      step();
      await tick(r * o.epochs + e + 1);
    }
    const p = net.predict(data.x, data.n);
    let correct = 0;
    for (let i = 0; i < data.n; i++) correct += (p[i] > 0.5) === (data.y[i] === 1) ? 1 : 0;
    const finalLoss = net.lossAndGrad(data.x, data.y, data.n);
    runs.push({ activation: act, losses, finalLoss, accuracy: correct / data.n, boundary: net.predict(grid, G * G) });
  }
  return { options: o, data, extent: lim, runs };
}

// ---------------------------------------------------------------------------------------------
// 2. Vanishing gradients: a deep MLP, each layer's weight-gradient norm.

export const VANISHING = { activations: ['sigmoid', 'tanh', 'relu'], depth: 20, width: 16, steps: 150, lr: 0.05, batch: 64, points: 200, seed: 1, snapshots: 15 };

/**
 * A 2-width-…-width-1 MLP with `depth` weight layers (depth − 1 hidden layers), sigmoid and tanh
 * initialised as Glorot, relu as He (each with the initialisation made for it), trained with plain
 * minibatch SGD on XOR. Each run: `snapshots` (plus one at initialisation, step 0) of ‖dL/dW‖ for
 * every layer (index 0: the first, next to the input; the last: the output layer) and the loss, both
 * over the whole training set; first/last is the first layer's norm over the last layer's.
 */
export async function vanishing(lib, options = {}, progress) {
  const o = { ...VANISHING, ...options };
  if (!(Number.isInteger(o.depth) && o.depth >= 2)) throw new RangeError(`vanishing: depth must be an integer >= 2, got ${o.depth}`);
  const data = xorData(o.points, o.seed);
  const sizes = [2, ...Array.from({ length: o.depth - 1 }, () => o.width), 1];
  const tick = ticker(progress, o.activations.length * o.steps, 10);
  const Xb = new Float32Array(2 * o.batch);
  const yb = new Float32Array(o.batch);
  const runs = [];
  const every = Math.max(1, Math.round(o.steps / o.snapshots));
  for (const [r, act] of o.activations.entries()) {
    const order = rng(o.seed + 2); // the same minibatches for every activation
    const net = mlp(lib, { sizes, act, init: act === 'relu' ? 'he' : 'glorot', seed: o.seed + 1 });
    const step = sgd(net, o.lr);
    const snapshot = (s) => {
      const loss = net.lossAndGrad(data.x, data.y, data.n);
      const norms = Float64Array.from(net.layers, (L) => norm(L.dW));
      return { step: s, loss, norms, ratio: norms[0] / norms[norms.length - 1] };
    };
    const snapshots = [snapshot(0)];
    for (let s = 1; s <= o.steps; s++) {
      for (let i = 0; i < o.batch; i++) {
        const k = Math.floor(order.uniform() * data.n);
        Xb[2 * i] = data.x[2 * k];
        Xb[2 * i + 1] = data.x[2 * k + 1];
        yb[i] = data.y[k];
      }
      net.lossAndGrad(Xb, yb, o.batch);
      step();
      if (s % every === 0 || s === o.steps) snapshots.push(snapshot(s));
      await tick(r * o.steps + s);
    }
    const [init, end] = [snapshots[0], snapshots[snapshots.length - 1]];
    runs.push({ activation: act, init: init.norms, end: end.norms, snapshots, ratioInit: init.ratio, ratioEnd: end.ratio, lossInit: init.loss, lossEnd: end.loss });
  }
  return { options: o, runs };
}

// ---------------------------------------------------------------------------------------------
// 3. Dying ReLU: how many hidden units end up below zero on every input.

export const DYING = { activations: ['relu', 'leakyRelu', 'elu', 'gelu'], hidden: 32, steps: 200, lr: 0.05, biasShift: -1.5, points: 200, seed: 1 };

/**
 * A 2-hidden-hidden-1 MLP, He-initialised with every hidden bias then set to `biasShift` (negative:
 * pushed below zero, as a large update can do), trained with full-batch Adam at learning rate `lr`.
 * A hidden unit counts as dead when its input (pre-activation) is below zero on every training point:
 * relu then gives its weights no gradient at all (a first-layer unit cannot come back, apart from what
 * Adam's momentum from earlier steps still moves; a second-layer one can if the first layer's outputs
 * move); leakyRelu, elu and gelu still pass some gradient below zero, which can bring it back. Each run:
 * the fraction of dead units per hidden layer (deadByLayer) and over both (dead), before training and
 * after every step, and the loss.
 */
export async function dying(lib, options = {}, progress) {
  const o = { ...DYING, ...options };
  const data = xorData(o.points, o.seed);
  const tick = ticker(progress, o.activations.length * o.steps, 10);
  const runs = [];
  for (const [r, act] of o.activations.entries()) {
    const net = mlp(lib, { sizes: [2, o.hidden, o.hidden, 1], act, init: 'he', seed: o.seed + 1 });
    for (const L of net.layers.slice(0, -1)) L.b.fill(o.biasShift);
    const step = adam(net, o.lr);
    const hiddenLayers = net.layers.length - 1;
    // Dead units of each hidden layer, as a fraction of its units.
    const deadByLayer = () => {
      const c = net.cache();
      return net.layers.slice(0, hiddenLayers).map(({ m }, l) => {
        const Z = c.Z[l];
        let count = 0;
        for (let j = 0; j < m; j++) {
          let alive = false;
          for (let i = 0; i < data.n && !alive; i++) alive = Z[i * m + j] > 0;
          if (!alive) count++;
        }
        return count / m;
      });
    };
    const dead = new Float32Array(o.steps + 1);
    const layers = Array.from({ length: hiddenLayers }, () => new Float32Array(o.steps + 1));
    const record = (s) => {
      const d = deadByLayer();
      d.forEach((v, l) => (layers[l][s] = v));
      dead[s] = d.reduce((a, b) => a + b, 0) / d.length; // equal widths: the mean is the fraction of all
    };
    const losses = new Float32Array(o.steps);
    net.forward(data.x, data.n);
    record(0);
    for (let s = 0; s < o.steps; s++) {
      losses[s] = net.lossAndGrad(data.x, data.y, data.n);
      step();
      net.forward(data.x, data.n);
      record(s + 1);
      await tick(s + 1 + r * o.steps);
    }
    runs.push({ activation: act, dead, deadByLayer: layers, losses, finalDead: Number(dead[o.steps]), finalLoss: net.lossAndGrad(data.x, data.y, data.n) });
  }
  return { options: o, runs };
}
