/**
 * A small CNN digit classifier used only to measure sample quality: its test accuracy, whether
 * class-conditional samples show the requested digit, and its penultimate features for a Fréchet
 * distance (a small MNIST analogue of FID — not Inception FID).
 */
import { tf } from "../backend";
import type { LayersModel, SymbolicTensor } from "@tensorflow/tfjs";

/** Width of the feature layer used for Fréchet distances. */
export const CLASSIFIER_FEATURE_DIM = 32;

/** Builds the classifier: image [n, 28, 28, 1] in [0, 1] → logits [n, 10]. Layer "features" gives the 32-d features. */
export function createDigitClassifier(numClasses = 10): LayersModel {
  if (!Number.isInteger(numClasses) || numClasses < 2) throw new Error(`createDigitClassifier: numClasses must be an integer ≥ 2, got ${numClasses}.`);
  const L = tf.layers;
  const x = tf.input({ shape: [28, 28, 1], name: "clf_image" });
  let h = L.conv2d({ filters: 16, kernelSize: 3, padding: "same", activation: "relu", name: "clf_conv1" }).apply(x) as SymbolicTensor;
  h = L.maxPooling2d({ poolSize: 2 }).apply(h) as SymbolicTensor;
  h = L.conv2d({ filters: 32, kernelSize: 3, padding: "same", activation: "relu", name: "clf_conv2" }).apply(h) as SymbolicTensor;
  h = L.maxPooling2d({ poolSize: 2 }).apply(h) as SymbolicTensor;
  h = L.conv2d({ filters: 32, kernelSize: 3, padding: "same", activation: "relu", name: "clf_conv3" }).apply(h) as SymbolicTensor;
  h = L.flatten().apply(h) as SymbolicTensor;
  h = L.dropout({ rate: 0.25 }).apply(h) as SymbolicTensor;
  const features = L.dense({ units: CLASSIFIER_FEATURE_DIM, activation: "relu", name: "features" }).apply(h) as SymbolicTensor;
  const logits = L.dense({ units: numClasses, name: "logits" }).apply(features) as SymbolicTensor;
  return tf.model({ inputs: x, outputs: logits, name: "digit_classifier" });
}

/** A model sharing the classifier's weights that outputs its feature layer. */
export function classifierFeatureModel(classifier: LayersModel): LayersModel {
  const layer = classifier.getLayer("features");
  if (!layer) throw new Error("classifierFeatureModel: the model has no layer named 'features'; build it with createDigitClassifier().");
  return tf.model({ inputs: classifier.inputs, outputs: layer.output as SymbolicTensor });
}
