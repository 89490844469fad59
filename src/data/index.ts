export { datasetsDir } from "./paths";
export { loadMnist, parseMnist, mnistPath, sha256Hex, MnistDataError } from "./mnist";
export type { MnistSplit, MnistDataset } from "./mnist";
export { makeShapes, SHAPE_NAMES } from "./shapes";
export { downsampleArea, upsampleBicubic } from "./resize";
export { splitPixels01, splitImages, splitLabels } from "./tensors";
export { encodeNpyFloat32 } from "./npy";
