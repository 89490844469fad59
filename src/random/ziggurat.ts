/**
 * Tables for the ziggurat method of drawing standard normals (Marsaglia & Tsang 2000), in the
 * ZIGNOR form of Doornik (2005, "An improved ziggurat method to generate normal random samples"):
 * the layer index and the uniform come from separate random words, which removes the correlation
 * of the original method. 128 layers of equal area V; the base layer includes the tail beyond R.
 */

/** Number of layers. */
export const ZIG_LAYERS = 128;
/** Right edge of the base layer (Doornik 2005, table for 128 layers). */
export const ZIG_R = 3.442619855899;
/** Area of each layer. */
const ZIG_V = 9.91256303526217e-3;

/** Layer edges x[i] (x[0] = V/f(R) is the base layer's effective width, x[128] = 0) and ratios x[i+1]/x[i]. */
export interface ZigguratTables {
  x: Float64Array;
  ratio: Float64Array;
}

function buildTables(): ZigguratTables {
  const x = new Float64Array(ZIG_LAYERS + 1);
  const ratio = new Float64Array(ZIG_LAYERS);
  let f = Math.exp(-0.5 * ZIG_R * ZIG_R);
  x[0] = ZIG_V / f;
  x[1] = ZIG_R;
  x[ZIG_LAYERS] = 0;
  for (let i = 2; i < ZIG_LAYERS; i++) {
    x[i] = Math.sqrt(-2 * Math.log(ZIG_V / x[i - 1] + f));
    f = Math.exp(-0.5 * x[i] * x[i]);
  }
  for (let i = 0; i < ZIG_LAYERS; i++) ratio[i] = x[i + 1] / x[i];
  return { x, ratio };
}

/** The tables, computed once at load time. */
export const zigguratTables: ZigguratTables = buildTables();
