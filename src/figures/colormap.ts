/**
 * The book's warm colormap for heat maps (Prince, Understanding Deep Learning, ch. 18 figures): dark brown
 * #2a0902 through brick red and salmon to pale yellow #ffffe0, 256 steps. Built here by interpolating five
 * anchor colours that reproduce its look.
 */

/** RGB triple with channels in 0..255. */
export type Rgb = [number, number, number];

const ANCHORS: Array<[number, Rgb]> = [
  [0, [0x2a, 0x09, 0x02]],
  [0.25, [0x6f, 0x35, 0x2b]],
  [0.5, [0xb0, 0x69, 0x55]],
  [0.75, [0xec, 0xb3, 0x96]],
  [1, [0xff, 0xff, 0xe0]],
];

function interpolate(u: number): Rgb {
  const t = Math.min(1, Math.max(0, u));
  for (let k = 1; k < ANCHORS.length; k++) {
    const [t1, c1] = ANCHORS[k];
    if (t <= t1) {
      const [t0, c0] = ANCHORS[k - 1];
      const f = (t - t0) / (t1 - t0);
      return [0, 1, 2].map((i) => Math.round(c0[i] + f * (c1[i] - c0[i]))) as Rgb;
    }
  }
  return ANCHORS[ANCHORS.length - 1][1];
}

function hex(c: Rgb): string {
  return "#" + c.map((v) => v.toString(16).padStart(2, "0")).join("");
}

/** The 256 colours of the book's warm colormap as RGB triples, dark (index 0) to pale (index 255). */
export const WARM_COLORMAP_RGB: ReadonlyArray<Readonly<Rgb>> = Array.from({ length: 256 }, (_, i) => interpolate(i / 255));

/** The 256 colours of the book's warm colormap as "#rrggbb" strings. */
export const WARM_COLORMAP: ReadonlyArray<string> = WARM_COLORMAP_RGB.map((c) => hex(c as Rgb));

/** The colour for `u` in [0, 1] (clamped), by nearest of the 256 steps. */
export function warmColor(u: number): Readonly<Rgb> {
  const i = Math.round(Math.min(1, Math.max(0, Number.isFinite(u) ? u : 0)) * 255);
  return WARM_COLORMAP_RGB[i];
}

/** `n` evenly spaced colours of the colormap as hex strings (for legends and plotly colorscales). */
export function warmColorStops(n: number): string[] {
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`warmColorStops: n must be an integer ≥ 2; got ${n}`);
  return Array.from({ length: n }, (_, i) => WARM_COLORMAP[Math.round((i * 255) / (n - 1))]);
}
