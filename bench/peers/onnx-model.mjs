// A minimal protobuf writer for ONNX models, so the benchmark builds its one-operator models in
// memory instead of shipping .onnx files or pulling in protobufjs/onnx tooling. Only the handful of
// ModelProto fields a single float graph needs are written; field numbers are from onnx/onnx.proto.

const WIRE_VARINT = 0;
const WIRE_I32 = 5;
const WIRE_LEN = 2;

const FLOAT = 1; // TensorProto.DataType.FLOAT
const ATTR_FLOAT = 1; // AttributeProto.AttributeType
const ATTR_INT = 2;
const ATTR_STRING = 3;

const utf8 = new TextEncoder();

/** Append-only byte sink; protobuf is written inside-out, so each message is its own Writer. */
class Writer {
  #bytes = [];

  varint(value) {
    // BigInt keeps int64 fields (ir_version, dims) exact and encodes negatives as 10-byte two's complement.
    let v = BigInt.asUintN(64, BigInt(value));
    do {
      let byte = Number(v & 0x7fn);
      v >>= 7n;
      if (v !== 0n) byte |= 0x80;
      this.#bytes.push(byte);
    } while (v !== 0n);
    return this;
  }

  tag(field, wire) {
    return this.varint((field << 3) | wire);
  }

  int(field, value) {
    return this.tag(field, WIRE_VARINT).varint(value);
  }

  float(field, value) {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.tag(field, WIRE_I32);
    this.#bytes.push(...b);
    return this;
  }

  bytes(field, data) {
    this.tag(field, WIRE_LEN).varint(data.length);
    for (const b of data) this.#bytes.push(b);
    return this;
  }

  string(field, text) {
    return this.bytes(field, utf8.encode(text));
  }

  message(field, build) {
    const inner = new Writer();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  finish() {
    return Uint8Array.from(this.#bytes);
  }
}

function writeAttribute(w, name, value) {
  w.string(1, name);
  if (typeof value === 'string') {
    w.bytes(4, utf8.encode(value)).int(20, ATTR_STRING);
  } else if (typeof value === 'object' && value.int !== undefined) {
    w.int(3, value.int).int(20, ATTR_INT);
  } else {
    // Plain numbers are float attributes (alpha, gamma, ...); ints must be wrapped as { int: n }.
    w.float(2, value).int(20, ATTR_FLOAT);
  }
}

function writeTensorType(w, dims) {
  // TypeProto.tensor_type{ elem_type, shape{ dim{ dim_value } } }
  w.message(1, (tt) => {
    tt.int(1, FLOAT);
    tt.message(2, (shape) => {
      for (const d of dims) shape.message(1, (dim) => dim.int(1, d));
    });
  });
}

function writeValueInfo(w, name, dims) {
  w.string(1, name);
  w.message(2, (type) => writeTensorType(type, dims));
}

function writeFloatInitializer(w, name, values, dims) {
  for (const d of dims) w.int(1, d);
  w.int(2, FLOAT);
  w.string(8, name);
  w.bytes(9, new Uint8Array(Float32Array.from(values).buffer)); // raw_data is little-endian f32
}

/**
 * Serialize a float32 ONNX model.
 * @param {object} spec
 * @param {{op: string, inputs: string[], outputs: string[], attrs?: object, domain?: string}[]} spec.nodes
 * @param {{name: string, values: number[], dims?: number[]}[]} [spec.initializers] constant float tensors
 *   (a scalar when dims is omitted or [])
 * @param {number[]} spec.dims shape of the single graph input "x" and output "y"
 * @param {number} [spec.opset]
 * @returns {Uint8Array} ModelProto bytes
 */
export function buildModel({ nodes, initializers = [], dims, opset = 20 }) {
  const model = new Writer();
  model.int(1, 8); // ir_version 8 is accepted by every onnxruntime since 1.10
  model.string(2, 'wasm-activations bench');
  model.message(8, (o) => o.string(1, '').int(2, opset));
  model.message(7, (g) => {
    nodes.forEach((node, i) => {
      g.message(1, (n) => {
        for (const name of node.inputs) n.string(1, name);
        for (const name of node.outputs) n.string(2, name);
        n.string(3, `${node.op}_${i}`);
        n.string(4, node.op);
        for (const [name, value] of Object.entries(node.attrs ?? {})) {
          n.message(5, (a) => writeAttribute(a, name, value));
        }
        if (node.domain) n.string(7, node.domain);
      });
    });
    g.string(2, 'bench');
    for (const init of initializers) {
      g.message(5, (t) => writeFloatInitializer(t, init.name, init.values, init.dims ?? []));
    }
    g.message(11, (v) => writeValueInfo(v, 'x', dims));
    g.message(12, (v) => writeValueInfo(v, 'y', dims));
  });
  return model.finish();
}

/** Shorthand for the common case: y = op(x, ...constants) with attributes; constants become scalar initializers. */
export function singleOpModel(op, dims, { attrs, constants = [], opset } = {}) {
  const initializers = constants.map((value, i) => ({ name: `c${i}`, values: [value] }));
  return buildModel({
    nodes: [{ op, inputs: ['x', ...initializers.map((c) => c.name)], outputs: ['y'], attrs }],
    initializers,
    dims,
    opset,
  });
}
