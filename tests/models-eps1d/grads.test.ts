import { describe, expect, it } from "vitest";
import type { Scalar } from "@tensorflow/tfjs";
import { tf } from "../../src/backend";
import { createRng } from "../../src/random";
import { createEps1dParams, eps1dForward, eps1dLossAndGrads } from "../../src/models/eps1d/network";

describe("eps1dLossAndGrads (the hand-written backward pass)", () => {
  it("gives the same loss and gradients as TensorFlow.js's autodiff", () => {
    const params = createEps1dParams({ embedDim: 8, hidden: 16, layers: 3 }, createRng(3));
    const vars = [...params.kernels, ...params.biases];
    const rng = createRng(4);
    const input = tf.tensor2d(rng.fillNormal(new Float32Array(64 * 9)), [64, 9]);
    const target = tf.tensor2d(rng.fillNormal(new Float32Array(64)), [64, 1]);
    const before = tf.memory().numTensors;
    let mine: number[][] = [];
    let ref: number[][] = [];
    tf.tidy(() => {
      const m = eps1dLossAndGrads(params, input, target);
      const r = tf.variableGrads(() => tf.mean(tf.squaredDifference(target, eps1dForward(params, input))) as Scalar, vars);
      mine = [[m.value.dataSync()[0]], ...m.grads.map((g) => Array.from(g.dataSync()))];
      ref = [[r.value.dataSync()[0]], ...vars.map((v) => Array.from(r.grads[v.name].dataSync()))];
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(mine[0][0]).toBeCloseTo(ref[0][0], 5);
    for (let i = 1; i < ref.length; i++) {
      const a = mine[i];
      const b = ref[i];
      expect(a.length).toBe(b.length);
      const scale = Math.max(1e-6, ...b.map(Math.abs));
      const worst = Math.max(...a.map((v, j) => Math.abs(v - b[j])));
      expect(worst / scale, `gradient ${i - 1}`).toBeLessThan(1e-4);
    }
    [input, target, ...vars].forEach((t) => t.dispose());
  });
});
