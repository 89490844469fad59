/**
 * The 1-D ε-network g[z_t, t; φ] (one network for all steps): input z_t and a 32-wide sinusoidal embedding of t,
 * three hidden layers of 128 ReLU units, one output (the predicted noise ε̂).
 * Parameters are tf.Variables initialised from the library's seeded Rng (He-uniform for ReLU layers), so the same
 * seed gives the same network; each dense layer is one fused matMul + bias + ReLU.
 */
import { tf } from "../../backend";
import type { Rng } from "../../random";
import type { Scalar, Tensor, Tensor2D, Variable } from "@tensorflow/tfjs";

/** Layer sizes. */
export interface Eps1dShape {
  /** Width of the time embedding (default 32). */
  embedDim: number;
  /** Units per hidden layer (default 128). */
  hidden: number;
  /** Number of hidden layers (default 3). */
  layers: number;
}

/** The weights: kernels[i] is [fanIn, fanOut], biases[i] is [fanOut] (1-D, so TensorFlow's fused MatMul+BiasAdd+Relu applies); layer 0's input is [z, emb(t)]. */
export interface Eps1dParams {
  kernels: Variable[];
  biases: Variable[];
}

/** Creates the variables, He-uniform kernels (bound √(6/fanIn)) drawn from `rng`, zero biases. */
export function createEps1dParams(shape: Eps1dShape, rng: Rng): Eps1dParams {
  const sizes = [1 + shape.embedDim, ...Array(shape.layers).fill(shape.hidden), 1];
  const kernels: Variable[] = [];
  const biases: Variable[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    const fanIn = sizes[i];
    const fanOut = sizes[i + 1];
    const bound = i + 2 < sizes.length ? Math.sqrt(6 / fanIn) : Math.sqrt(6 / (fanIn + fanOut));
    const w = rng.fillUniform(new Float32Array(fanIn * fanOut), -bound, bound);
    kernels.push(tf.variable(tf.tensor2d(w, [fanIn, fanOut]), true, undefined));
    biases.push(tf.variable(tf.zeros([fanOut]), true, undefined));
  }
  return { kernels, biases };
}

/** ε̂ for a batch of inputs rows [z, emb(t)] ([B, 1 + embedDim] → [B, 1]). Call inside tf.tidy. */
export function eps1dForward(params: Eps1dParams, input: Tensor2D): Tensor2D {
  let h: Tensor2D = input;
  const last = params.kernels.length - 1;
  for (let i = 0; i <= last; i++) {
    h = tf.fused.matMul({ a: h, b: params.kernels[i], bias: params.biases[i], activation: i < last ? "relu" : "linear" }) as Tensor2D;
  }
  return h;
}

/**
 * ε̂ for many z at one step t ([n, 1] → [n, 1]): the first layer is split as z·W_z + (emb(t)·W_e + b), so the
 * embedding is multiplied once per step instead of once per sample. Same result as eps1dForward. Call inside tf.tidy.
 */
export function eps1dForwardAtStep(params: Eps1dParams, z: Tensor2D, embRow: Tensor2D): Tensor2D {
  const w0 = params.kernels[0];
  const [fanIn, fanOut] = w0.shape as [number, number];
  const wz = w0.slice([0, 0], [1, fanOut]);
  const we = w0.slice([1, 0], [fanIn - 1, fanOut]);
  const stepBias = tf.reshape(tf.add(tf.matMul(embRow, we), params.biases[0]), [fanOut]);
  const last = params.kernels.length - 1;
  let h = tf.fused.matMul({ a: z, b: wz, bias: stepBias, activation: last > 0 ? "relu" : "linear" }) as Tensor2D;
  for (let i = 1; i <= last; i++) {
    h = tf.fused.matMul({ a: h, b: params.kernels[i], bias: params.biases[i], activation: i < last ? "relu" : "linear" }) as Tensor2D;
  }
  return h;
}

/** The loss ‖ε − g[z_t, t]‖² / B and its gradients with respect to `params` (kernels first, then biases). */
export interface Eps1dLossAndGrads {
  value: Scalar;
  grads: Tensor[];
}

/**
 * Mean squared error of the network on (input, target) and its gradients, by hand: forward with fused
 * MatMul+BiasAdd+ReLU, then for each layer from the top ∂W = hᵀg, ∂b = Σ g, g ← (g Wᵀ) ⊙ relu′(h), where relu′(h) is
 * sign(h) because h ≥ 0 after a ReLU. About 25 kernels instead of the ~100 of tf.variableGrads on the same graph,
 * which is what bounds training speed for a network this small. Call inside tf.tidy.
 */
export function eps1dLossAndGrads(params: Eps1dParams, input: Tensor2D, target: Tensor2D): Eps1dLossAndGrads {
  const { kernels, biases } = params;
  const last = kernels.length - 1;
  const hs: Tensor2D[] = [input];
  for (let i = 0; i < last; i++) hs.push(tf.fused.matMul({ a: hs[i], b: kernels[i], bias: biases[i], activation: "relu" }) as Tensor2D);
  const out = tf.fused.matMul({ a: hs[last], b: kernels[last], bias: biases[last] }) as Tensor2D;
  const diff = tf.sub(out, target);
  const value = tf.mean(tf.square(diff)) as Scalar;
  let g: Tensor2D = tf.mul(diff, 2 / input.shape[0]);
  const dW: Tensor[] = new Array(kernels.length);
  const db: Tensor[] = new Array(kernels.length);
  for (let i = last; i >= 0; i--) {
    dW[i] = tf.matMul(hs[i], g, true, false);
    db[i] = tf.sum(g, 0);
    if (i > 0) g = tf.mul(tf.matMul(g, kernels[i], false, true), tf.sign(hs[i]));
  }
  return { value, grads: [...dW, ...db] };
}
