/**
 * Grading spread over machines: `dl4ds grade --shard K/N` and `dl4ds grade merge`. The split is
 * checked against an independent sha256 (Python's hashlib); merging is checked for what it refuses
 * on hand-made manifests, and end to end: two shards graded by the CLI through the real kernel and
 * merged give the same grades.csv, results and feedback as one unsharded run.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mergeShards } from "../../src/grading/merge";
import { parseShard, SHARD_MANIFEST, selectShard, shardManifest, shardOfStudent } from "../../src/grading/shard";
import { PYTHON, ROOT, SOURCE_DIR, SUBMISSIONS, requireDl4dsKernel, tempDir } from "./helpers";
import { spawnAsync } from "../support/spawn";

const DL4DS = path.join(ROOT, "bin", "dl4ds.js");

describe("--shard K/N: which students a shard grades", () => {
  it("parses K/N and refuses anything else with the fix", () => {
    expect(parseShard("2/4")).toEqual({ index: 2, count: 4 });
    expect(parseShard(" 1 / 1 ")).toEqual({ index: 1, count: 1 });
    for (const bad of ["0/4", "5/4", "2", "a/b", "-1/3", "1/0", "1.5/3"]) expect(() => parseShard(bad), bad).toThrow(/shard/);
  });

  it("puts a student in shard 1 + sha256(name)[0:6] mod N, as Python's hashlib computes it", () => {
    const names = ["alice", "bob", "carol", "Ünïcode-student", "s0001", "x@example.edu"];
    const py = execFileSync(
      PYTHON,
      ["-c", "import hashlib,json,sys\nnames=json.loads(sys.argv[1])\nprint(json.dumps([[1+int.from_bytes(hashlib.sha256(n.encode()).digest()[:6],'big')%n2 for n in names] for n2 in (1,2,3,7)]))", JSON.stringify(names)],
      { encoding: "utf8" },
    );
    const expected = JSON.parse(py) as number[][];
    [1, 2, 3, 7].forEach((n, j) => expect(names.map((s) => shardOfStudent(s, n))).toEqual(expected[j]));
  });

  it("splits 300 students into N disjoint shards that cover them all, of similar size", () => {
    const students = Array.from({ length: 300 }, (_, i) => ({ student: `student${String(i).padStart(3, "0")}` }));
    const shards = [1, 2, 3, 4].map((k) => selectShard(students, { index: k, count: 4 }));
    const all = shards.flat().map((e) => e.student).sort();
    expect(all).toEqual(students.map((e) => e.student));
    for (const s of shards) expect(s.length).toBeGreaterThan(50); // 75 each on average
    // Adding a student moves nobody else.
    const more = [...students, { student: "late-submission" }];
    expect(selectShard(more, { index: 2, count: 4 }).filter((e) => e.student !== "late-submission")).toEqual(shards[1]);
  });
});

describe("dl4ds grade merge: what it refuses", () => {
  let base: string;
  const all = [{ student: "a", fileName: "x.ipynb" }, { student: "b", fileName: "x.ipynb" }, { student: "c", fileName: "x.ipynb" }];
  const shardDir = (name: string, index: number, count: number, graded: typeof all, opts: { digest?: string; all?: typeof all } = {}): string => {
    const dir = path.join(base, name);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, SHARD_MANIFEST), JSON.stringify(shardManifest({ index, count }, opts.digest ?? "d1", opts.all ?? all, graded)));
    return dir;
  };

  beforeAll(() => {
    base = tempDir("dl4ds-merge-refuse-");
  });
  afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

  it("refuses a missing shard, a repeated shard, mixed N, overlap, other sources or submissions, a folder without a manifest", () => {
    const out = path.join(base, "out");
    const s1 = shardDir("s1", 1, 3, [all[0]]);
    const s2 = shardDir("s2", 2, 3, [all[1]]);
    expect(() => mergeShards([s1, s2], out)).toThrow(/shard\(s\) 3\/3 missing.*--shard 3\/3/);
    expect(() => mergeShards([s1, s1, s2], out)).toThrow(/1\/3 was given twice/);
    expect(() => mergeShards([s1, shardDir("n2", 2, 2, [all[1]])], out)).toThrow(/different numbers of shards/);
    expect(() => mergeShards([s1, s2, shardDir("o3", 3, 3, [all[1], all[2]])], out)).toThrow(/b\/x\.ipynb was graded in two shards/);
    expect(() => mergeShards([s1, s2, shardDir("d3", 3, 3, [all[2]], { digest: "other" })], out)).toThrow(/different instructor notebooks/);
    expect(() => mergeShards([s1, s2, shardDir("a3", 3, 3, [all[2]], { all: all.slice(0, 2).concat([{ student: "z", fileName: "x.ipynb" }]) })], out)).toThrow(/different submissions folders/);
    expect(() => mergeShards([s1, s2, shardDir("e3", 3, 3, [])], out)).toThrow(/graded in no shard \(e\.g\. c\/x\.ipynb\)/);
    const plain = path.join(base, "plain");
    fs.mkdirSync(plain);
    expect(() => mergeShards([plain], out)).toThrow(/has no shard\.json/);
    expect(() => mergeShards([s1, s2, shardDir("g3", 3, 3, [all[2]])], s1)).toThrow(/one of the shard folders/);
    // Listed as graded but its result file is missing.
    expect(() => mergeShards([s1, s2, shardDir("g3", 3, 3, [all[2]])], out)).toThrow(/cannot be read/);
    expect(() => mergeShards([], out)).toThrow(/pass the output folders/);
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(base).filter((f) => f.includes("staging"))).toEqual([]);
  });
});

describe("dl4ds grade --shard on two machines, then merge: the same as one run", () => {
  let base: string;
  let subs: string;
  const run = (args: string[]) => spawnAsync(process.execPath, [DL4DS, "grade", ...args], { cwd: ROOT, timeoutMs: 600_000 });
  const common = ["--source", SOURCE_DIR, "--timeout", "30", "--memory", "768", "--workers", "2", "--seed", "3"];
  const outputs = { whole: "", one: "", two: "", merged: "" };
  const logs: Record<string, string> = {};

  beforeAll(async () => {
    requireDl4dsKernel();
    base = tempDir("dl4ds-shard-e2e-");
    subs = path.join(base, "submissions");
    // alice 3, olivia (not JSON) and niaj (empty) fall in shard 1/2; carol 2.75 in 2/2.
    for (const s of ["alice", "carol", "olivia", "niaj"]) fs.cpSync(path.join(SUBMISSIONS, s), path.join(subs, s), { recursive: true });
    for (const k of Object.keys(outputs) as Array<keyof typeof outputs>) outputs[k] = path.join(base, k);
    const [whole, one, two] = await Promise.all([
      run([subs, ...common, "--out", outputs.whole]),
      run([subs, ...common, "--shard", "1/2", "--out", outputs.one]),
      run([subs, ...common, "--shard", "2/2", "--out", outputs.two]),
    ]);
    Object.assign(logs, { whole: whole.stdout + whole.stderr, one: one.stdout + one.stderr, two: two.stdout + two.stderr });
    for (const r of [whole, one, two]) expect(r.status, r.stderr).toBe(0);
  }, 900_000);

  afterAll(() => {
    if (base) fs.rmSync(base, { recursive: true, force: true });
  });

  it("each shard grades only its students and says so in shard.json", () => {
    const m1 = JSON.parse(fs.readFileSync(path.join(outputs.one, SHARD_MANIFEST), "utf8"));
    const m2 = JSON.parse(fs.readFileSync(path.join(outputs.two, SHARD_MANIFEST), "utf8"));
    expect(m1.graded).toEqual(["alice/add.ipynb", "niaj/add.ipynb", "olivia/add.ipynb"]);
    expect(m2.graded).toEqual(["carol/add.ipynb"]);
    expect(m1.allSubmissions).toEqual(m2.allSubmissions);
    expect(m1.sourceDigest).toBe(m2.sourceDigest);
    expect(logs.two).toMatch(/carol\/add\.ipynb: 2\.75\/3/);
    expect(logs.two).not.toMatch(/alice/);
  });

  it("merges into the unsharded run's grades.csv, results and feedback; refuses a missing or repeated shard", async () => {
    const missing = await run(["merge", outputs.one, "--out", outputs.merged]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/shard\(s\) 2\/2 missing/);
    const twice = await run(["merge", outputs.one, outputs.one, outputs.two, "--out", outputs.merged]);
    expect(twice.stderr).toMatch(/1\/2 was given twice/);
    expect(fs.existsSync(outputs.merged)).toBe(false);

    const merged = await run(["merge", outputs.two, outputs.one, "--out", outputs.merged]);
    expect(merged.stderr).toBe("");
    expect(merged.stdout).toMatch(/merged 2 shard\(s\), 4 submission\(s\)/);
    const csv = fs.readFileSync(path.join(outputs.merged, "grades.csv"), "utf8");
    expect(csv).toBe(fs.readFileSync(path.join(outputs.whole, "grades.csv"), "utf8"));
    expect(csv.split("\n").slice(1, 5).map((l) => l.split(",").slice(0, 4).join(","))).toEqual([
      "alice,add.ipynb,add.ipynb,3",
      "carol,add.ipynb,add.ipynb,2.75",
      "niaj,add.ipynb,add.ipynb,0",
      "olivia,add.ipynb,add.ipynb,0",
    ]);
    const noSeconds = (f: string) => ({ ...JSON.parse(fs.readFileSync(f, "utf8")), seconds: 0 });
    for (const s of ["alice", "carol", "niaj", "olivia"]) {
      expect(noSeconds(path.join(outputs.merged, "results", s, "add.json"))).toEqual(noSeconds(path.join(outputs.whole, "results", s, "add.json")));
      expect(fs.existsSync(path.join(outputs.merged, "feedback", s, "add.html"))).toBe(true);
    }
    for (const s of ["alice", "carol"]) expect(fs.existsSync(path.join(outputs.merged, "autograded", s, "add.ipynb"))).toBe(true);
    const manifest = JSON.parse(fs.readFileSync(path.join(outputs.merged, "merge.json"), "utf8"));
    expect(manifest.shards.map((s: { shard: string; graded: number }) => [s.shard, s.graded])).toEqual([["1/2", 3], ["2/2", 1]]);
  });
});
