/** The kernelspec's name and display name, shared by the Node kernel (kernelspec.ts) and the browser kernel (lite/). */

/** The kernelspec name notebooks carry in metadata.kernelspec.name. */
export const KERNEL_NAME = "dl4ds";
/** The name shown in JupyterLab's launcher. */
export const KERNEL_DISPLAY_NAME = "TypeScript (dl4ds)";
