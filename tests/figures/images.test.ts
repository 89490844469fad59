import { describe, expect, it } from "vitest";
import { imageGrid, FigureInputError } from "../../src/figures";
import { bundleOf, decodePng, darkPixels } from "./helpers";

/** N images of h × w: image k is uniformly k / (N − 1) (so image 0 is black, the last white). */
function ramp(n: number, h = 28, w = 28): Float32Array {
  const out = new Float32Array(n * h * w);
  for (let k = 0; k < n; k++) out.fill(n === 1 ? 1 : k / (n - 1), k * h * w, (k + 1) * h * w);
  return out;
}

function pixel(png: ReturnType<typeof decodePng>, x: number, y: number): number[] {
  const o = (y * png.width + x) * 4;
  return [png.data[o], png.data[o + 1], png.data[o + 2]];
}

describe("imageGrid", () => {
  it("lays out 28×28 digits at scale 3 with 2-px gaps; bundle is PNG + text", () => {
    const fig = imageGrid({ data: ramp(16), shape: [16, 28, 28] }, { cols: 8 });
    const b = bundleOf(fig);
    expect(Object.keys(b).sort()).toEqual(["image/png", "text/plain"]);
    const png = decodePng(b["image/png"]);
    expect([png.width, png.height]).toEqual([8 * (84 + 2) + 2, 2 * (84 + 2) + 2]);
    expect([fig.width, fig.height]).toEqual([png.width, png.height]);
    expect(pixel(png, 2 + 42, 2 + 42)).toEqual([0, 0, 0]); // image 0: black
    expect(pixel(png, 2 + 7 * 86 + 42, 2 + 86 + 42)).toEqual([255, 255, 255]); // image 15: white
    expect(pixel(png, 1, 1)).toEqual([200, 200, 200]); // gap
    expect(b["text/plain"]).toMatch(/16 images of 28×28 in 2 × 8, scale 3, values \[0, 1\]/);
  });

  it("maps [-1, 1] to black…white and accepts nested arrays and flat square images", () => {
    const nested = [Array.from({ length: 4 }, () => [-1, -1, 1, 1])];
    const png = decodePng(bundleOf(imageGrid(nested, { scale: 10, gap: 0 }))["image/png"]);
    expect([png.width, png.height]).toEqual([40, 40]);
    expect(pixel(png, 5, 5)).toEqual([0, 0, 0]);
    expect(pixel(png, 35, 5)).toEqual([255, 255, 255]);
    const flat = imageGrid([new Float32Array(784).fill(0.5), new Float32Array(784)]);
    expect(flat.description).toMatch(/2 images of 28×28/);
    expect(pixel(decodePng(bundleOf(flat)["image/png"]), 2 + 40, 2 + 40)).toEqual([128, 128, 128]);
  });

  it("shows 4-channel latents as one grey tile per channel, and RGB as colour", () => {
    const lat = imageGrid({ data: new Float32Array(2 * 7 * 7 * 4), shape: [2, 7, 7, 4] });
    expect(lat.description).toMatch(/2 images of 7×7×4/);
    // scale 12 → 84-px tiles; 4 tiles per image with 2-px gaps, 6-px gap between images
    expect(lat.width).toBe(2 * (4 * 86 + 4) + 2 - 4);
    const rgb = new Float32Array(1 * 2 * 2 * 3);
    for (let i = 0; i < 4; i++) rgb.set([1, 0, 0], i * 3);
    const png = decodePng(bundleOf(imageGrid({ data: rgb, shape: [1, 2, 2, 3] }, { scale: 5, gap: 0 }))["image/png"]);
    expect(pixel(png, 3, 3)).toEqual([255, 0, 0]);
  });

  it("copies a tf.Tensor's data out without disposing it or leaking tensors", async () => {
    const { tf } = await import("../../src/backend");
    const t = tf.randomUniform([4, 28, 28, 1], 0, 1, "float32", 5);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) imageGrid(t as never, { cols: 4 });
    expect(tf.memory().numTensors).toBe(before);
    expect(t.isDisposed).toBe(false);
    t.dispose();
    expect(() => imageGrid(t as never)).toThrow(/already disposed/);
  });

  it("adds a title and row/column labels around the grid", () => {
    const plain = imageGrid({ data: ramp(4), shape: [4, 28, 28] }, { cols: 2 });
    const fig = imageGrid({ data: ramp(4), shape: [4, 28, 28] }, { cols: 2, title: "Samples", rowLabels: ["w = 0", "w = 3"], colLabels: ["a", "b"] });
    expect(fig.width).toBeGreaterThan(plain.width);
    expect(fig.height).toBeGreaterThan(plain.height);
    const png = decodePng(bundleOf(fig)["image/png"]);
    expect(darkPixels(png, 0, 0, png.width - plain.width, png.height)).toBeGreaterThan(30); // row labels drawn
  });

  it("rejects bad input clearly", () => {
    expect(() => imageGrid([])).toThrow(FigureInputError);
    expect(() => imageGrid(new Float32Array(10))).toThrow(/needs its shape/);
    expect(() => imageGrid({ data: new Float32Array(10), shape: [1, 3, 3] })).toThrow(/needs 9 values but the data has 10/);
    expect(() => imageGrid({ data: [0, NaN, 0, 0], shape: [1, 2, 2] })).toThrow(/NaN/);
    expect(() => imageGrid([new Float32Array(10)])).toThrow(/not a square/);
    expect(() => imageGrid({ data: ramp(9), shape: [9, 28, 28] }, { rows: 2, cols: 4 })).toThrow(/2 × 4 = 8 cells for 9 images/);
    expect(() => imageGrid({ data: ramp(2), shape: [2, 28, 28] }, { rowLabels: ["a", "b"] })).toThrow(/rowLabels has 2 labels for 1 rows/);
    expect(() => imageGrid({ data: ramp(2), shape: [2, 28, 28] }, { scale: 1.5 })).toThrow(/scale must be an integer/);
  });
});
