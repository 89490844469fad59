/**
 * Binary buffers in widget state (widget protocol 2): every Uint8Array / ArrayBuffer / DataView anywhere
 * in the state is taken out and sent as a separate frame; `buffer_paths` says where each one goes back
 * (a key in an object is removed, an item in a list becomes null).
 */

/** A value that travels as a binary buffer. */
export type BinaryValue = Uint8Array | ArrayBuffer | DataView;

function isBinary(v: unknown): v is BinaryValue {
  return v instanceof Uint8Array || v instanceof ArrayBuffer || v instanceof DataView;
}

function toBytes(v: BinaryValue): Uint8Array {
  if (v instanceof Uint8Array) return v;
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
}

/** Splits binary values out of `state`; returns a JSON-only copy, the paths and the buffers. */
export function removeBuffers(state: Record<string, unknown>): { state: Record<string, unknown>; bufferPaths: (string | number)[][]; buffers: Uint8Array[] } {
  const bufferPaths: (string | number)[][] = [];
  const buffers: Uint8Array[] = [];
  const walk = (v: unknown, at: (string | number)[]): unknown => {
    if (Array.isArray(v)) {
      return v.map((item, i) => {
        if (isBinary(item)) {
          bufferPaths.push([...at, i]);
          buffers.push(toBytes(item));
          return null;
        }
        return walk(item, [...at, i]);
      });
    }
    if (v !== null && typeof v === "object" && !isBinary(v)) {
      const out: Record<string, unknown> = {};
      for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
        if (isBinary(item)) {
          bufferPaths.push([...at, k]);
          buffers.push(toBytes(item));
        } else out[k] = walk(item, [...at, k]);
      }
      return out;
    }
    return v;
  };
  return { state: walk(state, []) as Record<string, unknown>, bufferPaths, buffers };
}

/** Puts received buffers back into `state` at `bufferPaths` (in place). */
export function putBuffers(state: Record<string, unknown>, bufferPaths: unknown, buffers: Uint8Array[]): void {
  if (!Array.isArray(bufferPaths)) return;
  bufferPaths.forEach((p, i) => {
    if (!Array.isArray(p) || p.length === 0 || i >= buffers.length) return;
    let obj: Record<string | number, unknown> = state;
    for (const key of p.slice(0, -1)) {
      const next = obj[key as string];
      if (next === null || typeof next !== "object") return;
      obj = next as Record<string | number, unknown>;
    }
    obj[p[p.length - 1] as string] = buffers[i];
  });
}
