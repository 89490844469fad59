export { sinusoidalTimeEmbedding } from "./timeEmbedding";
export { SpatialSelfAttention } from "./attention";
export { ChannelNorm } from "./channelNorm";
export { createUNet, resolveUNetConfig, unetLevelSizes, LATENT_UNET_DEFAULTS } from "./unet";
export type { UNetConfig } from "./unet";
export { createAutoencoder, AUTOENCODER_DEFAULTS } from "./autoencoder";
export type { Autoencoder, AutoencoderConfig } from "./autoencoder";
export { createDigitClassifier, classifierFeatureModel, CLASSIFIER_FEATURE_DIM } from "./classifier";
export { saveLayersModel, loadLayersModel } from "./io";
export * from "./eps1d"; // 1-D ε-network (owned by the 1D library)
export * from "./metrics";
export * from "./latent";
export { createNoisyLatentClassifier, noisyClassifierLogits, NOISY_CLASSIFIER_DEFAULTS } from "./noisyClassifier";
export type { NoisyClassifierConfig, NoisyLatentClassifier } from "./noisyClassifier";
