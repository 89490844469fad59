import { describe, expect, it } from "vitest";
import { tf } from "../../src/backend";
import { sampleLatents, LATENT_SCHEDULER_CONFIG } from "../../src/models";
import { DDIMScheduler } from "../../src/schedulers";

describe("the latent sampling loop on an error path", () => {
  it("disposes its tensors when the noise prediction throws, and when reading it throws", async () => {
    const before = tf.memory().numTensors;
    let calls = 0;
    const failing = sampleLatents({
      predictEps: (zt) => {
        if (++calls === 3) throw new Error("model failed");
        return tf.zerosLike(zt);
      },
      scheduler: new DDIMScheduler(LATENT_SCHEDULER_CONFIG),
      shape: [1, 4, 4, 2],
      numInferenceSteps: 5,
      seed: 1,
    });
    await expect(failing).rejects.toThrow(/model failed/);
    expect(tf.memory().numTensors).toBe(before);
    const unreadable = sampleLatents({
      predictEps: (zt) => {
        const t = tf.zerosLike(zt);
        t.dataSync = () => {
          throw new Error("read failed");
        };
        return t;
      },
      scheduler: new DDIMScheduler(LATENT_SCHEDULER_CONFIG),
      shape: [1, 4, 4, 2],
      numInferenceSteps: 5,
      seed: 1,
    });
    await expect(unreadable).rejects.toThrow(/read failed/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
