export { symmetricEigen, sqrtPsd } from "./linalg";
export { featureMoments, frechetDistance } from "./frechet";
export { maskedMeanSquaredError, meanPsnr } from "./psnr";
