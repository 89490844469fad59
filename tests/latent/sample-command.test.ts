/**
 * `dl4ds sample`: the files it writes are what they claim (NumPy reads samples.npy as float32 N×28×28
 * in [0, 1]; labels.json holds the requested digits; grid.png is a PNG), the same seed gives the same
 * samples, and bad arguments fail with a message that says what to change.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { encodeNpyFloat32 } from "../../src/data/npy";
import { parseSampleArgs, run as sampleCommand } from "../../src/cli/commands/sample";
import { spawnAsync } from "../support/spawn";

const root = path.resolve(__dirname, "..", "..");
const python = path.join(root, ".venv", "bin", "python");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "dl4ds-sample-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Loads a .npy with the .venv's NumPy; returns dtype, shape, min, max and the flat values. */
async function numpyLoad(file: string): Promise<{ dtype: string; shape: number[]; min: number; max: number; values: number[] }> {
  const script = "import json,sys,numpy as np\na=np.load(sys.argv[1])\nprint(json.dumps({'dtype':str(a.dtype),'shape':list(a.shape),'min':float(a.min()),'max':float(a.max()),'values':a.ravel().tolist()}))";
  const r = await spawnAsync(python, ["-c", script, file], { timeoutMs: 60_000 });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout);
}

describe("the .npy writer", () => {
  it("writes a version-1.0 header padded to 64 bytes that NumPy reads back exactly", async () => {
    const values = Float32Array.from([0, 0.5, 1, -2.25, 3e-8, 7]);
    const bytes = encodeNpyFloat32(values, [2, 3]);
    expect(bytes.subarray(0, 6).toString("latin1")).toBe("\x93NUMPY");
    expect((10 + bytes.readUInt16LE(8)) % 64).toBe(0);
    const file = path.join(work, "small.npy");
    fs.writeFileSync(file, bytes);
    const a = await numpyLoad(file);
    expect(a.dtype).toBe("float32");
    expect(a.shape).toEqual([2, 3]);
    expect(a.values).toEqual(Array.from(values));
    expect(() => encodeNpyFloat32(values, [4, 2])).toThrow(/holds 8 values but 6/);
  });
});

describe("dl4ds sample", () => {
  it("writes samples.npy (float32 N×28×28 in [0, 1]), labels.json and grid.png; the same seed repeats the samples", async () => {
    const out = path.join(work, "cfg");
    const log = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      expect(await sampleCommand(["--n", "12", "--method", "cfg", "--guidance", "3", "--seed", "5", "--steps", "4", "--out", out])).toBe(0);
      expect(String(log.mock.calls[0][0])).toMatch(/wrote 12 samples \(cfg, guidance 3, seed 5, 4 steps\)/);
    } finally {
      log.mockRestore();
    }
    expect(fs.readdirSync(out).sort()).toEqual(["grid.png", "labels.json", "samples.npy"]);
    expect(fs.readdirSync(work).filter((f) => f.includes(".tmp-"))).toEqual([]); // staging folder removed
    const a = await numpyLoad(path.join(out, "samples.npy"));
    expect(a.dtype).toBe("float32");
    expect(a.shape).toEqual([12, 28, 28]);
    expect(a.min).toBeGreaterThanOrEqual(0);
    expect(a.max).toBeLessThanOrEqual(1);
    expect(a.max).toBeGreaterThan(0.5); // digits have bright strokes
    expect(JSON.parse(fs.readFileSync(path.join(out, "labels.json"), "utf8"))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
    expect(fs.readFileSync(path.join(out, "grid.png")).subarray(1, 4).toString("latin1")).toBe("PNG");

    // Same request into the existing folder: files replaced, identical samples.
    const first = fs.readFileSync(path.join(out, "samples.npy"));
    const quiet = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      expect(await sampleCommand(["--n", "12", "--seed", "5", "--steps", "4", "--out", out])).toBe(0);
    } finally {
      quiet.mockRestore();
    }
    expect(fs.readFileSync(path.join(out, "samples.npy")).equals(first)).toBe(true);
  });

  it("unconditional samples have null labels; classifier guidance honours --class", async () => {
    const quiet = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      const u = path.join(work, "uncond");
      expect(await sampleCommand(["--method", "unconditional", "--n", "3", "--steps", "3", "--out", u])).toBe(0);
      expect(JSON.parse(fs.readFileSync(path.join(u, "labels.json"), "utf8"))).toEqual([null, null, null]);
      const c = path.join(work, "classifier");
      expect(await sampleCommand(["--method", "classifier", "--class", "7", "--n", "2", "--steps", "3", "--out", c])).toBe(0);
      expect(JSON.parse(fs.readFileSync(path.join(c, "labels.json"), "utf8"))).toEqual([7, 7]);
    } finally {
      quiet.mockRestore();
    }
  });

  it("rejects bad arguments with a message that says what to change, writing nothing", async () => {
    const cases: [string[], RegExp][] = [
      [["--n", "12"], /--out DIR is required/],
      [["--out", "x", "--n", "0"], /--n must be an integer from 1 to 10000, got "0"/],
      [["--out", "x", "--n", "2.5"], /--n must be an integer/],
      [["--out", "x", "--method", "ddpm"], /--method must be cfg, classifier or unconditional, got "ddpm"/],
      [["--out", "x", "--guidance", "lots"], /--guidance must be a number/],
      [["--out", "x", "--method", "unconditional", "--guidance", "3"], /--guidance has no effect with --method unconditional/],
      [["--out", "x", "--steps", "0"], /--steps must be an integer from 1 to 1000/],
      [["--out", "x", "--seed"], /--seed needs a value/],
      [["--out", "x", "--class", "10"], /--class must be an integer from 0 to 9/],
      [["--out", "x", "--samples", "3"], /unknown option --samples \(options: --out, --n/],
    ];
    for (const [args, message] of cases) expect(() => parseSampleArgs(args), args.join(" ")).toThrow(message);
    const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      const bad = path.join(work, "never");
      expect(await sampleCommand(["--out", bad, "--n", "-3"])).toBe(2);
      expect(String(err.mock.calls[0][0])).toMatch(/dl4ds sample: --n must be an integer from 1 to 10000, got "-3"[\s\S]*Usage: dl4ds sample/);
      expect(fs.existsSync(bad)).toBe(false);
    } finally {
      err.mockRestore();
    }
  });
});
