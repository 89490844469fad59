/**
 * NumPy's .npy format, version 1.0, for float32 arrays (numpy.lib.format): the magic "\x93NUMPY",
 * version bytes 1 0, a little-endian uint16 header length, an ASCII dict header padded with spaces
 * to a multiple of 64 bytes (ending in "\n"), then the values little-endian in C order.
 */

/** The bytes of a .npy file holding `values` as a float32 array of `shape`. */
export function encodeNpyFloat32(values: Float32Array, shape: readonly number[]): Buffer {
  if (!(values instanceof Float32Array)) throw new Error("encodeNpyFloat32: values must be a Float32Array.");
  if (!Array.isArray(shape) || shape.length < 1 || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new Error(`encodeNpyFloat32: shape must be an array of non-negative integers, got ${JSON.stringify(shape)}.`);
  }
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== values.length) throw new Error(`encodeNpyFloat32: shape [${shape}] holds ${count} values but ${values.length} were given.`);
  const dims = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': ${dims}, }`;
  const preamble = 10; // magic (6) + version (2) + header length (2)
  const padded = Math.ceil((preamble + dict.length + 1) / 64) * 64;
  const header = dict + " ".repeat(padded - preamble - dict.length - 1) + "\n";
  const out = Buffer.alloc(padded + 4 * count);
  out.write("\x93NUMPY", 0, "latin1");
  out[6] = 1;
  out[7] = 0;
  out.writeUInt16LE(header.length, 8);
  out.write(header, preamble, "latin1");
  for (let i = 0; i < count; i++) out.writeFloatLE(values[i], padded + 4 * i);
  return out;
}
