/**
 * The kernel's start-up snapshot (src/kernel/snapshot/): the blob builds and loads, a process started from it
 * type-checks cells exactly as one without it while reusing the kept declaration files, and the kernelspec's
 * launcher uses the blob only when it exists and DL4DS_KERNEL_SNAPSHOT is not 0.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { describe, expect, it } from "vitest";
import { kernelSpecFor } from "../../src/kernel/kernelspec";
import { wrapCreateSourceFile } from "../../src/kernel/snapshot/builder";
import { buildSnapshotBlob, snapshotBlobBase, snapshotBlobPath } from "../../src/kernel/snapshot/blob";
import { FIXTURES, ROOT, requirePrerequisites } from "./harness";

const run = promisify(execFile);

/** The project's blob, built here when missing (the kernel and `npm run setup` build it too). */
function ensureBlob(): string {
  const blob = snapshotBlobPath(ROOT, undefined);
  if (!fs.existsSync(blob)) {
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    const r = buildSnapshotBlob(ROOT, env);
    if (!r.ok) throw new Error(`building the snapshot failed: ${r.error}`);
  }
  return blob;
}

/** A script that compiles two cells with the kernel's engine and prints what it saw. */
const PROBE = `
const { adoptSnapshot, snapshotStatus } = require(${JSON.stringify(path.join(ROOT, "dist", "kernel", "snapshot", "adopt.js"))});
adoptSnapshot();
const { Engine } = require(${JSON.stringify(path.join(ROOT, "dist", "kernel", "engine.js"))});
const engine = new Engine({ rootDir: process.cwd(), projectRoot: ${JSON.stringify(ROOT)} });
const conv = engine["nodeConverter"];
const good = conv.convert("", 'import * as d from "dl4ds-diffusion";\\nconst u: number = d.createRng(0).uniform();\\nu;\\n');
const bad = conv.convert("", 'import * as d from "dl4ds-diffusion";\\nconst u: string = d.createRng(0).uniform();\\nu;\\n');
const local = conv.convert("", 'import twice, { answer } from "./esm-only.mjs";\\ntwice(answer);\\n');
process.stdout.write(JSON.stringify({ status: snapshotStatus(), good: good.diagnostics, bad: bad.diagnostics, local: local.diagnostics, output: typeof good.output, frames: String(new Error("x").stack).split("\\n").length }));
`;

describe("kernel start-up snapshot", () => {
  it("wraps TypeScript's createSourceFile and refuses a TypeScript without it", () => {
    const ts = fs.readFileSync(require.resolve("@tslab/typescript-for-tslab"), "utf8");
    const wrapped = wrapCreateSourceFile(ts);
    expect(wrapped).toContain("function createSourceFileUnkept(");
    expect(wrapped).toContain("globalThis.__dl4dsParseCache");
    expect(() => wrapCreateSourceFile("function somethingElse() {}")).toThrow(/no createSourceFile/);
  });

  it("type-checks cells as a kernel without it does, reusing the kept declaration files", async () => {
    requirePrerequisites();
    const blob = ensureBlob();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dl4ds-snapshot-"));
    try {
      const probe = path.join(dir, "probe.js");
      fs.writeFileSync(probe, PROBE);
      const cwd = FIXTURES; // not the folder the snapshot was built in: relative imports resolve from here
      const opts = { cwd, encoding: "utf8" as const, maxBuffer: 8 << 20 };
      const [withSnap, without] = [
        JSON.parse((await run(process.execPath, ["--snapshot-blob", blob, probe], opts)).stdout),
        JSON.parse((await run(process.execPath, [probe], opts)).stdout),
      ];
      expect(withSnap.status.use).toBe("adopted");
      expect(withSnap.status.hits).toBeGreaterThan(500);
      expect(without.status.use).toBe("none");
      expect(without.status.hits).toBe(0);
      expect(withSnap.good ?? []).toEqual([]);
      expect(withSnap.local ?? []).toEqual([]);
      expect(withSnap.output).toBe("string");
      expect(withSnap.frames).toBeGreaterThan(3); // errors keep their stack frames

      expect(withSnap.bad).toEqual(without.bad);
      expect(withSnap.bad[0].messageText).toMatch(/not assignable to type 'string'/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);

  it("is used by the kernelspec's command only when the blob for the current NODE_OPTIONS exists and DL4DS_KERNEL_SNAPSHOT is not 0", async () => {
    requirePrerequisites();
    const blob = ensureBlob();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dl4ds-snapshot-"));
    try {
      const entry = path.join(dir, "entry.js");
      fs.writeFileSync(entry, "process.stdout.write(JSON.stringify({ flags: process.execArgv, args: process.argv.slice(2) }));");
      const argv = kernelSpecFor(ROOT).argv;
      const base = snapshotBlobBase(ROOT);
      expect(argv.slice(0, 2)).toEqual(["/bin/sh", "-c"]);
      expect(argv).toContain(base);
      const launch = async (blobBase: string, env: NodeJS.ProcessEnv) => {
        const args = argv.slice(1).map((a) => (a === base ? blobBase : a.endsWith("main.js") ? entry : a === "{connection_file}" ? "conn.json" : a));
        return JSON.parse((await run(argv[0], args, { env, encoding: "utf8" })).stdout) as { flags: string[]; args: string[] };
      };
      const plain: NodeJS.ProcessEnv = { ...process.env, DL4DS_KERNEL_SNAPSHOT: "" };
      delete plain.NODE_OPTIONS;
      expect(await launch(base, plain)).toEqual({ flags: ["--snapshot-blob", blob], args: ["conn.json"] });
      expect(await launch(base, { ...plain, DL4DS_KERNEL_SNAPSHOT: "0" })).toEqual({ flags: [], args: ["conn.json"] });
      expect(await launch(path.join(dir, "missing"), plain)).toEqual({ flags: [], args: ["conn.json"] });
      // Node refuses a blob built with other V8 flags: with NODE_OPTIONS the launcher looks for that NODE_OPTIONS' blob.
      const heap = "--max-old-space-size=1234";
      expect(snapshotBlobPath(ROOT, heap)).toBe(`${base}---max-old-space-size=1234.blob`);
      const local = path.join(dir, "typescript");
      fs.copyFileSync(blob, `${local}.blob`);
      expect(await launch(local, { ...plain, NODE_OPTIONS: heap })).toEqual({ flags: [], args: ["conn.json"] });
      fs.symlinkSync(`${local}.blob`, `${local}---max-old-space-size=1234.blob`);
      const chosen = await launch(local, { ...plain, NODE_OPTIONS: heap }).then(
        () => "started",
        (e: { stderr?: string }) => String(e.stderr),
      );
      // It took the blob named after these flags (here a stand-in built without them, which Node rejects).
      expect(chosen).toMatch(/startup snapshot/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
