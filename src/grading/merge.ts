/**
 * `dl4ds grade merge <shard folders…> --out DIR`: combines the output folders of
 * `dl4ds grade --shard K/N` (one per machine) into one folder laid out as an unsharded run's:
 * grades.csv (rows in the same order), results/, feedback/ and autograded/.
 *
 * It refuses, before writing anything: a folder without shard.json, shards of different N,
 * a shard given twice or missing, shards graded against other instructor notebooks or other
 * copies of the submissions, a submission graded in two shards or in none. The output is built
 * in a staging folder and renamed over --out in one step (whole or nothing).
 */
import * as fs from "fs";
import * as path from "path";
import { gradesCsv } from "./grade";
import { replaceFolder } from "./notebook";
import { SHARD_MANIFEST, ShardManifest, submissionKey, validateShard } from "./shard";
import type { SubmissionGrade } from "./submissionGrade";
import { safeName } from "./submissions";

/** The manifest of a merged folder. */
export const MERGE_MANIFEST = "merge.json";

/** What a merge produced. */
export interface MergeReport {
  outDir: string;
  shards: number;
  grades: SubmissionGrade[];
}

/** A merge that cannot be done; nothing was written. */
export class MergeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MergeError";
  }
}

/** The per-submission files of a grade folder, relative to it (results, feedback, autograded). */
function submissionFiles(grade: { student: string; file: string }): { results: string; feedback: string; autograded: string } {
  const student = safeName(grade.student);
  const stem = safeName(grade.file.replace(/\.ipynb$/, ""));
  return {
    results: path.join("results", student, `${stem}.json`),
    feedback: path.join("feedback", student, `${stem}.html`),
    autograded: path.join("autograded", student, `${stem}.ipynb`),
  };
}

function readManifest(dir: string): ShardManifest {
  const file = path.join(dir, SHARD_MANIFEST);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new MergeError(`${dir} is not a folder: pass the --out folders of \`dl4ds grade --shard K/N\``);
  if (!fs.existsSync(file)) throw new MergeError(`${dir} has no ${SHARD_MANIFEST}: it was not written by \`dl4ds grade --shard K/N\` (an unsharded run needs no merge)`);
  let m: ShardManifest;
  try {
    m = JSON.parse(fs.readFileSync(file, "utf8")) as ShardManifest;
  } catch (err) {
    throw new MergeError(`${file} is not JSON (${(err as Error).message}): grade that shard again`);
  }
  if (m?.format !== "dl4ds-grade-shard/1" || !Array.isArray(m.graded) || !Array.isArray(m.allSubmissions) || typeof m.sourceDigest !== "string") {
    throw new MergeError(`${file} is not a dl4ds shard manifest (format dl4ds-grade-shard/1): grade that shard again`);
  }
  try {
    validateShard(m.shard);
  } catch (err) {
    throw new MergeError(`${file}: ${(err as Error).message}`);
  }
  return m;
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Checks the shards fit together; returns them ordered by shard index. */
function checkShards(dirs: string[], manifests: ShardManifest[]): Array<{ dir: string; m: ShardManifest }> {
  const shards = dirs.map((dir, i) => ({ dir, m: manifests[i] }));
  const counts = [...new Set(shards.map((s) => s.m.shard.count))];
  if (counts.length > 1) {
    throw new MergeError(`the folders come from splits into different numbers of shards: ${shards.map((s) => `${s.dir} is ${s.m.shard.index}/${s.m.shard.count}`).join(", ")}`);
  }
  const n = counts[0];
  const byIndex = new Map<number, string>();
  for (const s of shards) {
    const other = byIndex.get(s.m.shard.index);
    if (other !== undefined) throw new MergeError(`shard ${s.m.shard.index}/${n} was given twice: ${other} and ${s.dir}; pass each shard's folder once`);
    byIndex.set(s.m.shard.index, s.dir);
  }
  const missing = Array.from({ length: n }, (_, i) => i + 1).filter((k) => !byIndex.has(k));
  if (missing.length) {
    throw new MergeError(`shard(s) ${missing.map((k) => `${k}/${n}`).join(", ")} missing: grade them (\`dl4ds grade <submissions> --shard ${missing[0]}/${n} --out …\`) and pass their folders too`);
  }
  const first = shards[0];
  for (const s of shards) {
    if (s.m.sourceDigest !== first.m.sourceDigest) {
      throw new MergeError(`${s.dir} and ${first.dir} were graded against different instructor notebooks (--source): grade every shard with the same source`);
    }
    if (!sameList(s.m.allSubmissions, first.m.allSubmissions)) {
      const onlyHere = s.m.allSubmissions.filter((k) => !first.m.allSubmissions.includes(k));
      const onlyThere = first.m.allSubmissions.filter((k) => !s.m.allSubmissions.includes(k));
      const example = onlyHere.length ? `${onlyHere[0]} only in ${s.dir}` : `${onlyThere[0]} only in ${first.dir}`;
      throw new MergeError(`${s.dir} and ${first.dir} saw different submissions folders (${s.m.allSubmissions.length} vs ${first.m.allSubmissions.length} submissions; ${example}): grade every shard from the same copy of the submissions`);
    }
  }
  const gradedBy = new Map<string, string>();
  for (const s of shards) {
    for (const key of s.m.graded) {
      const other = gradedBy.get(key);
      if (other !== undefined) throw new MergeError(`${key} was graded in two shards, ${other} and ${s.dir}: the folders overlap; pass one folder per shard`);
      gradedBy.set(key, s.dir);
    }
  }
  const ungraded = first.m.allSubmissions.filter((k) => !gradedBy.has(k));
  if (ungraded.length) throw new MergeError(`${ungraded.length} submission(s) were graded in no shard (e.g. ${ungraded[0]}): grade the shards again from the same submissions`);
  return shards.sort((a, b) => a.m.shard.index - b.m.shard.index);
}

function readGrade(dir: string, key: string): SubmissionGrade {
  const slash = key.indexOf("/");
  const wanted = { student: key.slice(0, slash), file: key.slice(slash + 1) };
  const file = path.join(dir, submissionFiles(wanted).results);
  let g: SubmissionGrade;
  try {
    g = JSON.parse(fs.readFileSync(file, "utf8")) as SubmissionGrade;
  } catch (err) {
    throw new MergeError(`${dir} lists ${key} as graded but ${file} cannot be read (${(err as Error).message}): grade that shard again`);
  }
  if (g?.student !== wanted.student || g.file !== wanted.file) throw new MergeError(`${file} holds ${g?.student}/${g?.file}, not ${key}: the folder was changed after grading; grade that shard again`);
  return g;
}

/** Merges the shard folders `dirs` into `outDir` (replaced whole). */
export function mergeShards(dirs: string[], outDir: string): MergeReport {
  if (!Array.isArray(dirs) || dirs.length === 0 || dirs.some((d) => typeof d !== "string" || d === "")) {
    throw new MergeError("pass the output folders of every `dl4ds grade --shard K/N` run: dl4ds grade merge <folder 1> … <folder N> --out <folder>");
  }
  if (typeof outDir !== "string" || outDir === "") throw new MergeError("pass --out <folder> for the merged grades");
  const target = path.resolve(outDir);
  const resolved = dirs.map((d) => path.resolve(d));
  if (resolved.some((d) => d === target || target.startsWith(d + path.sep) || d.startsWith(target + path.sep))) {
    throw new MergeError(`--out ${outDir} is one of the shard folders or inside/around one: merge into a new folder`);
  }
  const shards = checkShards(resolved, resolved.map(readManifest));
  const entries = shards.flatMap((s) => s.m.graded.map((key) => ({ dir: s.dir, key, grade: readGrade(s.dir, key) })));
  // The order of an unsharded run: by student, then file.
  entries.sort((a, b) => (a.grade.student + "\u0000" + a.grade.file < b.grade.student + "\u0000" + b.grade.file ? -1 : 1));

  const parent = path.dirname(target);
  fs.mkdirSync(parent, { recursive: true });
  const staging = fs.mkdtempSync(path.join(parent, `.${path.basename(target)}.staging-`));
  try {
    fs.writeFileSync(path.join(staging, "grades.csv"), gradesCsv(entries.map((e) => e.grade)));
    for (const e of entries) {
      for (const rel of Object.values(submissionFiles(e.grade))) {
        const from = path.join(e.dir, rel);
        if (!fs.existsSync(from)) {
          if (rel.startsWith("autograded")) continue; // --no-notebooks, or nothing ran
          throw new MergeError(`${from} is missing: grade that shard again`);
        }
        fs.mkdirSync(path.join(staging, path.dirname(rel)), { recursive: true });
        fs.copyFileSync(from, path.join(staging, rel));
      }
    }
    const manifest = {
      format: "dl4ds-grade-merge/1",
      shards: shards.map((s) => ({ shard: `${s.m.shard.index}/${s.m.shard.count}`, folder: s.dir, graded: s.m.graded.length })),
      sourceDigest: shards[0].m.sourceDigest,
      submissions: entries.map((e) => submissionKey(e.grade)),
    };
    fs.writeFileSync(path.join(staging, MERGE_MANIFEST), JSON.stringify(manifest, null, 2) + "\n");
    replaceFolder(staging, target);
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw err;
  }
  return { outDir: target, shards: shards.length, grades: entries.map((e) => e.grade) };
}
