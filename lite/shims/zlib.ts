/**
 * `zlib` for the browser bundles: the synchronous deflate/inflate that pngjs's PNG.sync uses (the library's
 * heatmaps and image grids are PNGs), on pako. Streams and the rest are not available.
 */
/// <reference path="./pako.d.ts" />
import { Buffer } from "buffer";
import { deflate, deflateRaw, inflate, inflateRaw } from "pako";

type Options = { level?: number; strategy?: number };
type Bytes = Uint8Array | ArrayBuffer;

const bytes = (data: Bytes): Uint8Array => (data instanceof Uint8Array ? data : new Uint8Array(data));
const level = (o?: Options): -1 | 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 => (o?.level ?? -1) as -1 | 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

export const deflateSync = (data: Bytes, o?: Options): Buffer => Buffer.from(deflate(bytes(data), { level: level(o), strategy: o?.strategy }));
export const deflateRawSync = (data: Bytes, o?: Options): Buffer => Buffer.from(deflateRaw(bytes(data), { level: level(o), strategy: o?.strategy }));
export const inflateSync = (data: Bytes): Buffer => Buffer.from(inflate(bytes(data)));
export const inflateRawSync = (data: Bytes): Buffer => Buffer.from(inflateRaw(bytes(data)));

function noStreams(): never {
  throw new Error("zlib streams are not available in the browser kernel (only deflateSync/inflateSync)");
}
/** An inert stream: pngjs makes one per PNG object even when it only encodes synchronously; writing to it throws. */
function inertStream(): Record<string, unknown> {
  const self: Record<string, unknown> = { write: noStreams, end: noStreams, pipe: noStreams, emit: () => false };
  for (const m of ["on", "once", "addListener", "removeListener", "removeAllListeners"]) self[m] = () => self;
  return self;
}
export const createDeflate = inertStream;
export const createInflate = inertStream;
/** pngjs subclasses zlib.Inflate when it loads (its streaming parser, not used here). */
export function Inflate(): never {
  return noStreams();
}
export const Z_MIN_CHUNK = 64;
export const Z_FINISH = 4;
export const constants = { Z_MIN_CHUNK, Z_FINISH };

export default { deflateSync, deflateRawSync, inflateSync, inflateRawSync, createDeflate, createInflate, Inflate, Z_MIN_CHUNK, Z_FINISH, constants };
