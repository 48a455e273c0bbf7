// Makes this page look like an engine without WebAssembly SIMD: WebAssembly.validate refuses any
// module that declares a v128 value (in a function type, a global or a function's locals), and
// accepts the rest as before. Loaded as a classic script, so it runs before any module is imported.
(function () {
  var original = WebAssembly.validate;
  var V128 = 0x7b;

  function usesV128(bytes) {
    var b = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes.buffer || bytes, bytes.byteOffset || 0, bytes.byteLength);
    var i = 8;
    function leb() {
      var v = 0, shift = 0, c;
      do {
        c = b[i++];
        v += (c & 0x7f) * Math.pow(2, shift);
        shift += 7;
      } while (c & 0x80);
      return v;
    }
    while (i < b.length) {
      var id = b[i++];
      var size = leb();
      var end = i + size;
      if (id === 1) {
        // type section: func types 0x60 params results
        for (var t = leb(); t > 0; t--) {
          if (b[i++] !== 0x60) return true; // not an MVP function type: unknown, refuse
          for (var k = 0; k < 2; k++) for (var c = leb(); c > 0; c--) if (b[i++] === V128) return true;
        }
      } else if (id === 6) {
        // global section: valtype, mutability, then a constant expression ending in 0x0b
        for (var g = leb(); g > 0; g--) {
          if (b[i++] === V128) return true;
          i++;
          for (var op = b[i++]; op !== 0x0b; op = b[i++]) {
            if (op === 0x41 || op === 0x42 || op === 0x23 || op === 0xd2) leb(); // i32/i64.const, global.get, ref.func
            else if (op === 0x43) i += 4; // f32.const
            else if (op === 0x44) i += 8; // f64.const
            else if (op === 0xd0) i++; // ref.null t
            else return true; // 0xfd (v128.const) or anything this scan does not know: refuse
          }
        }
      } else if (id === 10) {
        // code section: each body starts with its local declarations (count, valtype)
        for (var f = leb(); f > 0; f--) {
          var bodySize = leb();
          var bodyEnd = i + bodySize;
          for (var d = leb(); d > 0; d--) {
            leb();
            if (b[i++] === V128) return true;
          }
          i = bodyEnd;
        }
      }
      i = end;
    }
    return false;
  }

  WebAssembly.validate = function (bytes) {
    if (!original.call(WebAssembly, bytes)) return false;
    return !usesV128(bytes);
  };
})();
