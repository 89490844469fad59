/**
 * Peak signal-to-noise ratio for images in [0, 1]: PSNR = 10·log₁₀(1 / MSE) dB, per image, then
 * averaged over the batch (the usual way super-resolution papers report it).
 */

/** Mean squared error between two equally long arrays (optionally only where `weight` is 1). */
export function maskedMeanSquaredError(a: ArrayLike<number>, b: ArrayLike<number>, weight?: ArrayLike<number>): number {
  if (a.length !== b.length || a.length === 0) throw new Error(`maskedMeanSquaredError: arrays must be non-empty and equally long (${a.length} vs ${b.length}).`);
  if (weight && weight.length !== a.length) throw new Error(`maskedMeanSquaredError: weight has ${weight.length} values for ${a.length}.`);
  let s = 0;
  let w = 0;
  for (let i = 0; i < a.length; i++) {
    const wi = weight ? weight[i] : 1;
    s += wi * (a[i] - b[i]) ** 2;
    w += wi;
  }
  if (w === 0) throw new Error("maskedMeanSquaredError: the weight selects no values.");
  return s / w;
}

/** Mean PSNR in dB over `n` images stored back to back in `pred` and `target` (values in [0, 1]). */
export function meanPsnr(pred: ArrayLike<number>, target: ArrayLike<number>, n: number): number {
  if (!Number.isInteger(n) || n < 1 || pred.length !== target.length || pred.length % n !== 0) {
    throw new Error(`meanPsnr: pred and target must hold n=${n} equally sized images (lengths ${pred.length}, ${target.length}).`);
  }
  const per = pred.length / n;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    let mse = 0;
    for (let j = 0; j < per; j++) mse += (pred[i * per + j] - target[i * per + j]) ** 2;
    mse /= per;
    sum += 10 * Math.log10(1 / Math.max(mse, 1e-10));
  }
  return sum / n;
}
