/**
 * Seeded random numbers: xoshiro128** (Blackman & Vigna 2018) for uniform 32-bit words and the
 * ziggurat method (ZIGNOR, Doornik 2005) for normals. Every random function in the library takes an
 * `Rng`, so a notebook that fixes a seed draws the same figures on every run. Never Math.random.
 */
import { splitmix32Words } from "./splitmix";
import { zigguratTables, ZIG_R } from "./ziggurat";

const TWO_POW_M31 = 4.656612873077393e-10; // 2^-31
const TWO_POW_M32 = 2.3283064365386963e-10; // 2^-32
const TWO_POW_M53 = 1.1102230246251565e-16; // 2^-53
const ZX = zigguratTables.x;
const ZR = zigguratTables.ratio;

/** Arrays that `fillNormal` and `fillUniform` can write into. */
export type FloatArray = Float32Array | Float64Array;

/** A seeded random number generator. */
export interface Rng {
  /** The seed this generator was created with. */
  readonly seed: number;
  /** Next raw 32-bit word as an unsigned integer in [0, 2^32). */
  nextUint32(): number;
  /** A uniform number in [0, 1) with 53 random bits. */
  uniform(): number;
  /** A uniform integer in [0, n). */
  integer(n: number): number;
  /** One draw from N(mean, std²); defaults N(0, 1). */
  normal(mean?: number, std?: number): number;
  /** Fills `out` with draws from N(mean, std²) and returns it. */
  fillNormal<A extends FloatArray>(out: A, mean?: number, std?: number): A;
  /** Fills `out` with uniform draws from [low, high) and returns it. */
  fillUniform<A extends FloatArray>(out: A, low?: number, high?: number): A;
  /** `n` draws from N(mean, std²) in a new Float64Array. */
  normals(n: number, mean?: number, std?: number): Float64Array;
  /** `n` draws of an index i with probability weights[i] / Σ weights. */
  categorical(weights: ArrayLike<number>, n: number): Int32Array;
  /** A new generator whose stream is independent of this one (seeded from this one's next words). */
  fork(): Rng;
}

function checkCount(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new Error(`${what}: n must be a non-negative integer; got ${n}.`);
  }
}

function checkMeanStd(mean: number, std: number, what: string): void {
  if (!Number.isFinite(mean)) throw new Error(`${what}: mean must be a finite number; got ${mean}.`);
  if (!Number.isFinite(std) || std < 0) {
    throw new Error(`${what}: std must be a finite number ≥ 0; got ${std}.`);
  }
}

class Xoshiro128Rng implements Rng {
  readonly seed: number;
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number, words?: Uint32Array) {
    this.seed = seed;
    const w = words ?? seedWords(seed);
    this.s0 = w[0] | 0;
    this.s1 = w[1] | 0;
    this.s2 = w[2] | 0;
    this.s3 = w[3] | 0;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // all-zero is a fixed point
  }

  /** xoshiro128** step; returns a signed int32. */
  private next32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 = s1 ^ this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  nextUint32(): number {
    return this.next32() >>> 0;
  }

  uniform(): number {
    const a = this.next32() >>> 5; // 27 bits
    const b = this.next32() >>> 6; // 26 bits
    return (a * 67108864 + b) * TWO_POW_M53;
  }

  integer(n: number): number {
    if (!Number.isSafeInteger(n) || n <= 0 || n > 2 ** 32) {
      throw new Error(`integer(n): n must be an integer in [1, 2^32]; got ${n}.`);
    }
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal by the ziggurat (ZIGNOR): layer index and uniform from separate words. */
  private standardNormal(): number {
    for (;;) {
      const u = this.next32() * TWO_POW_M31; // [-1, 1)
      const i = this.next32() & 127;
      if (Math.abs(u) < ZR[i]) return u * ZX[i];
      if (i === 0) return this.tail(u < 0);
      const x = u * ZX[i];
      const f0 = Math.exp(-0.5 * (ZX[i] * ZX[i] - x * x));
      const f1 = Math.exp(-0.5 * (ZX[i + 1] * ZX[i + 1] - x * x));
      if (f1 + this.uniform() * (f0 - f1) < 1.0) return x;
    }
  }

  /** Marsaglia's tail method for |z| > R. */
  private tail(negative: boolean): number {
    let x: number;
    let y: number;
    do {
      x = Math.log(((this.next32() >>> 0) + 1) * TWO_POW_M32) / ZIG_R;
      y = Math.log(((this.next32() >>> 0) + 1) * TWO_POW_M32);
    } while (-2 * y < x * x);
    return negative ? x - ZIG_R : ZIG_R - x;
  }

  normal(mean = 0, std = 1): number {
    checkMeanStd(mean, std, "normal(mean, std)");
    return mean + std * this.standardNormal();
  }

  fillNormal<A extends FloatArray>(out: A, mean = 0, std = 1): A {
    if (!(out instanceof Float64Array || out instanceof Float32Array)) {
      throw new Error("fillNormal(out): out must be a Float64Array or Float32Array.");
    }
    checkMeanStd(mean, std, "fillNormal(out, mean, std)");
    const n = out.length;
    if (mean === 0 && std === 1) {
      for (let k = 0; k < n; k++) out[k] = this.standardNormal();
    } else {
      for (let k = 0; k < n; k++) out[k] = mean + std * this.standardNormal();
    }
    return out;
  }

  fillUniform<A extends FloatArray>(out: A, low = 0, high = 1): A {
    if (!(out instanceof Float64Array || out instanceof Float32Array)) {
      throw new Error("fillUniform(out): out must be a Float64Array or Float32Array.");
    }
    if (!Number.isFinite(low) || !Number.isFinite(high) || !(high > low)) {
      throw new Error(`fillUniform(out, low, high): need finite low < high; got low=${low}, high=${high}.`);
    }
    const width = high - low;
    for (let k = 0; k < out.length; k++) out[k] = low + width * this.uniform();
    return out;
  }

  normals(n: number, mean = 0, std = 1): Float64Array {
    checkCount(n, "normals(n)");
    return this.fillNormal(new Float64Array(n), mean, std);
  }

  categorical(weights: ArrayLike<number>, n: number): Int32Array {
    checkCount(n, "categorical(weights, n)");
    const k = weights?.length ?? 0;
    if (k === 0) throw new Error("categorical(weights, n): weights must be a non-empty array of numbers ≥ 0.");
    const cumulative = new Float64Array(k);
    let total = 0;
    for (let i = 0; i < k; i++) {
      const w = weights[i];
      if (typeof w !== "number" || !Number.isFinite(w) || w < 0) {
        throw new Error(`categorical(weights, n): weights[${i}] must be a finite number ≥ 0; got ${w}.`);
      }
      total += w;
      cumulative[i] = total;
    }
    if (!(total > 0)) throw new Error("categorical(weights, n): the weights sum to 0; give at least one positive weight.");
    const out = new Int32Array(n);
    for (let j = 0; j < n; j++) {
      const u = this.uniform() * total;
      let lo = 0;
      let hi = k - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (u < cumulative[mid]) hi = mid;
        else lo = mid + 1;
      }
      out[j] = lo;
    }
    return out;
  }

  fork(): Rng {
    const words = new Uint32Array(4);
    for (let i = 0; i < 4; i++) words[i] = this.next32() >>> 0;
    return new Xoshiro128Rng(this.seed, splitmix32Words(words[0] ^ words[1] ^ words[2] ^ words[3], 4));
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

function seedWords(seed: number): Uint32Array {
  const low = seed % 4294967296 >>> 0;
  const high = Math.floor(seed / 4294967296) | 0;
  return splitmix32Words(low ^ Math.imul(high, 0x9e3779b1), 4);
}

/**
 * Creates a seeded generator (xoshiro128** + ziggurat normals). The same seed gives the same stream on
 * every run and platform. `seed` must be a safe integer (e.g. `createRng(defaultSeed())`).
 */
export function createRng(seed: number): Rng {
  if (typeof seed !== "number" || !Number.isSafeInteger(seed)) {
    throw new Error(`createRng(seed): seed must be an integer such as 42; got ${String(seed)}.`);
  }
  return new Xoshiro128Rng(seed);
}
