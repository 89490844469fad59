/**
 * Where the repository's datasets/ folder is, from either src/ (tests) or dist/ (built library).
 */
import * as fs from "fs";
import * as path from "path";
import { config, projectRoot } from "../config";

/** Absolute path of the repo's `datasets/` folder (override with env `DL4DS_DATASETS`). */
export function datasetsDir(): string {
  const fromEnv = config.datasets;
  if (fromEnv) return path.resolve(fromEnv);
  const candidate = path.join(projectRoot(), "datasets");
  if (fs.existsSync(candidate)) return candidate;
  return path.resolve(process.cwd(), "datasets");
}
