/** Node's `Buffer` as a global for the browser bundles (pngjs and the library's figures use it), from the `buffer` package. */
export { Buffer } from "buffer";
