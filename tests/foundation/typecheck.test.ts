import * as path from "path";
import { expect, it } from "vitest";
import { spawnAsync } from "../support/spawn";

const root = path.resolve(__dirname, "..", "..");

it("the library, scripts and tests type-check under strict TypeScript (npm run typecheck)", async () => {
  const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
  const r = await spawnAsync(process.execPath, [tsc, "-p", "tsconfig.json", "--noEmit"], { cwd: root, timeoutMs: 300_000 });
  expect(r.stdout + r.stderr).toBe("");
  expect(r.status).toBe(0);
}, 300_000);

it("the browser kernel (lite/) type-checks under strict TypeScript with the DOM's types", async () => {
  const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
  const r = await spawnAsync(process.execPath, [tsc, "-p", path.join("lite", "tsconfig.json")], { cwd: root, timeoutMs: 300_000 });
  expect(r.stdout + r.stderr).toBe("");
  expect(r.status).toBe(0);
}, 300_000);
