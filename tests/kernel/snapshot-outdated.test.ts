/**
 * A grader builds the kernel's start-up snapshot before grading (graded kernels cannot: their project is read-only).
 * The blob must be rebuilt not only when it is missing but when a declaration file it keeps parsed changed since:
 * otherwise every graded kernel parses those files again.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, describe, expect, it } from "vitest";
import { snapshotBlobOutdated, snapshotBlobPath } from "../../src/kernel/snapshot/blob";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "dl4ds-snapshot-outdated-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const touch = (file: string, secondsAgo: number): void => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (!fs.existsSync(file)) fs.writeFileSync(file, "");
  const t = new Date(Date.now() - secondsAgo * 1000);
  fs.utimesSync(file, t, t);
};

describe("snapshotBlobOutdated", () => {
  it("is true without a blob, false for a blob newer than dist/'s declarations, true once one of them changes", () => {
    const opts = "--max-old-space-size=4096";
    const blob = snapshotBlobPath(root, opts);
    touch(path.join(root, "dist", "diffusion", "exact.d.ts"), 100);
    touch(path.join(root, "dist", "diffusion", "exact.js"), 1);
    expect(snapshotBlobOutdated(root, opts)).toBe(true);
    touch(blob, 50);
    expect(snapshotBlobOutdated(root, opts)).toBe(false);
    // Another NODE_OPTIONS has its own blob.
    expect(snapshotBlobOutdated(root, "--max-old-space-size=768")).toBe(true);
    touch(path.join(root, "dist", "diffusion", "exact.d.ts"), 10);
    expect(snapshotBlobOutdated(root, opts)).toBe(true);
    touch(blob, 5);
    touch(path.join(root, "node_modules", ".package-lock.json"), 1);
    expect(snapshotBlobOutdated(root, opts), "an npm install since the blob was built").toBe(true);
  });
});
