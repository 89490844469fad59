import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { loadMnist, MnistDataError, makeShapes, downsampleArea, upsampleBicubic, splitImages, splitLabels } from "../../src/data";
import { tf } from "../../src/backend";

describe("MNIST file", () => {
  const data = loadMnist();

  it("holds 8000 train and 2000 test digits of 28×28 with every class in both splits", () => {
    expect(data.train.count).toBe(8000);
    expect(data.test.count).toBe(2000);
    expect(data.train.rows).toBe(28);
    for (const split of [data.train, data.test]) {
      const seen = new Set(split.labels);
      expect(seen.size).toBe(10);
      expect(split.pixels.length).toBe(split.count * 784);
      // Real digits: mostly black background, some bright strokes.
      let bright = 0;
      for (let i = 0; i < 784 * 50; i++) if (split.pixels[i] > 200) bright++;
      expect(bright / (784 * 50)).toBeGreaterThan(0.05);
      expect(bright / (784 * 50)).toBeLessThan(0.4);
    }
  });

  it("fails clearly when the file is missing", () => {
    expect(() => loadMnist({ file: "/nonexistent/mnist-10k.bin" })).toThrow(/not found.*make-mnist/);
  });

  it("fails clearly when one byte is corrupted", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mnist-"));
    const src = path.join(__dirname, "..", "..", "datasets", "mnist-10k.bin");
    const bytes = fs.readFileSync(src);
    bytes[5000] ^= 0xff;
    const file = path.join(dir, "mnist-10k.bin");
    fs.writeFileSync(file, bytes);
    fs.copyFileSync(`${src}.sha256`, `${file}.sha256`);
    expect(() => loadMnist({ file })).toThrow(MnistDataError);
    expect(() => loadMnist({ file })).toThrow(/corrupted/);
    fs.rmSync(dir, { recursive: true });
  });

  it("converts a range to tensors in [0,1] without leaking", () => {
    const before = tf.memory().numTensors;
    const x = splitImages(data.test, 10, 5);
    expect(x.shape).toEqual([5, 28, 28, 1]);
    expect(Math.max(...x.dataSync())).toBeLessThanOrEqual(1);
    tf.dispose(x);
    expect(Array.from(splitLabels(data.test, 10, 5))).toEqual(Array.from(data.test.labels.subarray(10, 15)));
    expect(tf.memory().numTensors).toBe(before);
    expect(() => splitImages(data.test, 1999, 5)).toThrow(/outside/);
  });
});

describe("shapes set", () => {
  it("is deterministic per seed and differs across seeds", () => {
    const a = makeShapes(20, 1);
    const b = makeShapes(20, 1);
    const c = makeShapes(20, 2);
    expect(Buffer.from(a.pixels).equals(Buffer.from(b.pixels))).toBe(true);
    expect(Buffer.from(a.pixels).equals(Buffer.from(c.pixels))).toBe(false);
    expect(new Set(makeShapes(100, 3).labels).size).toBe(4);
    expect(() => makeShapes(0, 1)).toThrow(/positive integer/);
  });
});

describe("resizing", () => {
  it("area-downsamples by block means", () => {
    const img = Float32Array.from({ length: 16 }, (_, i) => i);
    // blocks of the 4×4 ramp: mean of {0,1,4,5}=2.5, {2,3,6,7}=4.5, {8,9,12,13}=10.5, {10,11,14,15}=12.5
    expect(Array.from(downsampleArea(img, 1, 4, 4, 2))).toEqual([2.5, 4.5, 10.5, 12.5]);
  });

  it("bicubic upsampling keeps constants and a linear ramp's interior", () => {
    const flat = new Float32Array(49).fill(0.7);
    for (const v of upsampleBicubic(flat, 1, 7, 7, 4)) expect(v).toBeCloseTo(0.7, 5);
    const ramp = Float32Array.from({ length: 49 }, (_, i) => i % 7);
    const up = upsampleBicubic(ramp, 1, 7, 7, 4);
    // Output x=14 has source coordinate (14.5)/4 − 0.5 = 3.125; cubic convolution reproduces lines.
    expect(up[10 * 28 + 14]).toBeCloseTo(3.125, 4);
    expect(() => upsampleBicubic(ramp, 1, 7, 6, 4)).toThrow(/n·h·w/);
  });
});
