/**
 * Where the repository's datasets/ folder is, from either src/ (tests) or dist/ (built library).
 */
import * as fs from "fs";
import * as path from "path";

/** Absolute path of the repo's `datasets/` folder (override with env `DL4DS_DATASETS`). */
export function datasetsDir(): string {
  const fromEnv = process.env.DL4DS_DATASETS;
  if (fromEnv && fromEnv.length > 0) return path.resolve(fromEnv);
  // src/data/paths.ts and dist/data/paths.js both sit two levels below the root.
  const candidate = path.resolve(__dirname, "..", "..", "datasets");
  if (fs.existsSync(candidate)) return candidate;
  return path.resolve(process.cwd(), "datasets");
}
