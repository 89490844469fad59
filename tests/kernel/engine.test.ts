/**
 * The engine in-process: declaration files that change between cells (as dist/*.d.ts does after a
 * rebuild) are picked up by the next cell, through the polling watchers and the builder-state reuse.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, describe, expect, it } from "vitest";
import { Engine } from "../../src/kernel/engine";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dl4ds-engine-"));
const cwd = process.cwd();

afterAll(() => {
  process.chdir(cwd);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("Engine", () => {
  it("sees a declaration file change in the next cell and maps errors to cell lines", async () => {
    fs.writeFileSync(path.join(dir, "lib.d.ts"), "export declare const a: number;\n");
    fs.writeFileSync(path.join(dir, "lib.js"), "exports.a = 1;\n");
    const engine = new Engine({ rootDir: dir, projectRoot: dir });
    const results: unknown[] = [];
    const run = (code: string) => engine.execute(code, "cell", (b) => results.push(b));
    expect(await run('import { a } from "./lib";\na + 1')).toEqual({ status: "ok" });
    expect(results).toEqual([{ "text/plain": "2" }]);
    const before = await run('import type { B } from "./lib";\nconst x: B = 3;');
    expect(before).toMatchObject({ status: "error", ename: "TSError" });
    expect((before as { evalue: string }).evalue).toContain("has no exported member 'B'");
    fs.writeFileSync(path.join(dir, "lib.d.ts"), "export declare const a: number;\nexport type B = number;\n");
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(path.join(dir, "lib.d.ts"), later, later);
    expect(await run('import type { B } from "./lib";\nconst y: B = 3;\ny')).toEqual({ status: "ok" });
    const bad = await run('import type { B } from "./lib";\nconst z: B = "no";');
    expect(bad).toMatchObject({ status: "error", ename: "TSError" });
    expect((bad as { traceback: string[] }).traceback.join("\n")).toContain("cell, line 2, col 7");
    engine.close();
  }, 120_000);
});
