// Runs in a child process with the build DL4DS_DEVICE selects: a conv2d, a matmul and one training step of a
// small latent denoiser, all from seeded inputs and weights, printed as JSON for comparing the two builds.
const path = require("path");
const dist = path.resolve(__dirname, "..", "..", "dist");
const { tf, backendInfo } = require(path.join(dist, "backend"));
const { createLatentDenoiser, LATENT_SCHEDULER_CONFIG, predictNoise } = require(path.join(dist, "models"));
const { DDIMScheduler } = require(path.join(dist, "schedulers"));
const { trainLatentDenoiser } = require(path.join(dist, "training"));

async function main() {
  const conv = tf.tidy(() => {
    const x = tf.randomNormal([2, 9, 9, 3], 0, 1, "float32", 1);
    const k = tf.randomNormal([3, 3, 3, 5], 0, 0.3, "float32", 2);
    return Array.from(tf.conv2d(x, k, 1, "same").dataSync());
  });
  const matmul = tf.tidy(() => {
    const a = tf.randomNormal([17, 33], 0, 1, "float32", 3);
    const b = tf.randomNormal([33, 11], 0, 1, "float32", 4);
    return Array.from(tf.matMul(a, b).dataSync());
  });
  const d = createLatentDenoiser({ baseChannels: 8 });
  d.model.setWeights(d.model.getWeights().map((w, i) => tf.randomUniform(w.shape, -0.2, 0.2, "float32", 100 + i)));
  const latents = tf.randomNormal([16, 7, 7, 4], 0, 1, "float32", 5);
  const scheduler = new DDIMScheduler(LATENT_SCHEDULER_CONFIG);
  const before = tf.memory().numTensors;
  const report = await trainLatentDenoiser(d, latents, { scheduler, epochs: 1, batchSize: 16, seed: 7, emaDecay: 0 });
  const leaked = tf.memory().numTensors - before;
  const eps = tf.tidy(() => Array.from(predictNoise(d, { zt: latents, t: 500 }).dataSync()));
  const weights = d.model.getWeights().flatMap((w) => Array.from(w.dataSync()));
  process.stdout.write(JSON.stringify({ info: backendInfo(), conv, matmul, loss: report.epochLosses[0], eps, weights, leaked }));
}
main().catch((err) => {
  process.stderr.write(String(err && err.stack || err));
  process.exit(1);
});
