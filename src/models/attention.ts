/**
 * Global self-attention over the spatial positions of a feature map (UDL §18.5.4, fig. 18.9:
 * "every spatial position interacts with every other"). Single head, residual:
 *   Q = X W_q, K = X W_k, V = X W_v  (X: [n, h·w, c]),  A = softmax(Q Kᵀ / √c),
 *   out = X + (A V) W_o,   with W_o starting at zero so the block starts as the identity.
 * A tfjs custom layer, registered for serialization so saved models load back.
 */
import { tf } from "../backend";
import type { Tensor, LayerVariable } from "@tensorflow/tfjs";

type Shape = (number | null)[];

/** Residual single-head self-attention over all h·w positions of an [n, h, w, c] input. */
export class SpatialSelfAttention extends tf.layers.Layer {
  /** Name used by tfjs serialization. */
  static className = "SpatialSelfAttention";
  private wq?: LayerVariable;
  private wk?: LayerVariable;
  private wv?: LayerVariable;
  private wo?: LayerVariable;

  /** Creates the weights once the channel count is known. */
  build(inputShape: Shape | Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    const c = shape[shape.length - 1];
    if (shape.length !== 4 || typeof c !== "number") throw new Error(`SpatialSelfAttention expects [n, h, w, c] input, got [${shape.join(", ")}].`);
    const glorot = tf.initializers.glorotUniform({});
    this.wq = this.addWeight("wq", [c, c], "float32", glorot);
    this.wk = this.addWeight("wk", [c, c], "float32", glorot);
    this.wv = this.addWeight("wv", [c, c], "float32", glorot);
    this.wo = this.addWeight("wo", [c, c], "float32", tf.initializers.zeros());
    this.built = true;
  }

  /** Output shape equals input shape. */
  computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    return inputShape;
  }

  /** X + softmax(Q Kᵀ/√c) V W_o. */
  call(inputs: Tensor | Tensor[]): Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as Tensor;
      const [n, h, w, c] = x.shape as number[];
      const flat = tf.reshape(x, [n * h * w, c]);
      const proj = (v: LayerVariable): Tensor => tf.reshape(tf.matMul(flat, v.read() as import("@tensorflow/tfjs").Tensor2D), [n, h * w, c]);
      const q = proj(this.wq!);
      const k = proj(this.wk!);
      const v = proj(this.wv!);
      const scores = tf.div(tf.matMul(q as import("@tensorflow/tfjs").Tensor3D, k as import("@tensorflow/tfjs").Tensor3D, false, true), Math.sqrt(c));
      const attended = tf.matMul(tf.softmax(scores) as import("@tensorflow/tfjs").Tensor3D, v as import("@tensorflow/tfjs").Tensor3D);
      const out = tf.matMul(tf.reshape(attended, [n * h * w, c]) as import("@tensorflow/tfjs").Tensor2D, this.wo!.read() as import("@tensorflow/tfjs").Tensor2D);
      return tf.add(x, tf.reshape(out, [n, h, w, c]));
    });
  }
}

tf.serialization.registerClass(SpatialSelfAttention);
