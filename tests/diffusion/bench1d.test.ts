import { describe, expect, it } from "vitest";
import { run, summary } from "../../src/cli/bench/1d";

describe("dl4ds bench 1d", () => {
  it("runs the 1-D work at a small size and reports seconds and the four TVs", async () => {
    expect(summary).toMatch(/1-D/);
    const r = await run(["--n", "5000", "--seed", "3"]);
    expect(Object.keys(r)).toEqual(["seconds", "decoderTV", "reparamTV", "ddim100TV", "ddim20TV", "oracleDdpmTV", "oracleDdim100TV", "oracleDdim20TV"]);
    expect(r.seconds as number).toBeGreaterThan(0);
    for (const k of ["decoderTV", "reparamTV", "ddim100TV", "ddim20TV"]) {
      expect(r[k] as number).toBeGreaterThan(0);
      expect(r[k] as number).toBeLessThan(0.3); // n = 5000 gives ≈ 0.14–0.24 (noisier tables); N(0, 1) itself is > 0.3
    }
    // The exact predictor with the same samplers: no model error left, so DDPM beats deterministic DDIM clearly.
    for (const k of ["oracleDdpmTV", "oracleDdim100TV", "oracleDdim20TV"]) expect(r[k] as number).toBeGreaterThan(0);
    expect(r.oracleDdpmTV as number).toBeLessThan((r.oracleDdim100TV as number) - 0.02);
    await expect(run(["--n", "0"])).rejects.toThrow(/positive integer/);
  });
});
