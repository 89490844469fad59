/** The part of pako (zlib in JavaScript) that lite/shims/zlib.ts uses. */
declare module "pako" {
  interface DeflateOptions {
    level?: -1 | 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
    strategy?: number;
  }
  export function deflate(data: Uint8Array, options?: DeflateOptions): Uint8Array;
  export function deflateRaw(data: Uint8Array, options?: DeflateOptions): Uint8Array;
  export function inflate(data: Uint8Array): Uint8Array;
  export function inflateRaw(data: Uint8Array): Uint8Array;
}
