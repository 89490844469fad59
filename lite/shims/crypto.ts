/** `crypto` for the browser bundles: random ids from the Web Crypto API; hashing is not available. */
export function randomUUID(): string {
  return globalThis.crypto.randomUUID();
}

export function createHash(algorithm: string): never {
  throw new Error(`crypto.createHash("${algorithm}") is not available in the browser kernel`);
}

export default { randomUUID, createHash };
