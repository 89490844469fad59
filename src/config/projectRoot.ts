/** Where the project lives on disk. */
import * as path from "path";

/**
 * The project root: the folder holding package.json, src/ and dist/. This file is src/config/projectRoot.ts, or
 * dist/config/projectRoot.js once built, two levels below it either way.
 */
export function projectRoot(): string {
  return path.resolve(__dirname, "..", "..");
}
