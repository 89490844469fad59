/**
 * Grading spread over machines: `dl4ds grade --shard K/N` grades the students whose name hashes
 * to shard K of N, and writes a manifest (shard.json) beside grades.csv that `dl4ds grade merge`
 * checks before it combines the shards.
 *
 * A student belongs to shard 1 + (first 6 bytes of sha256(student folder name)) mod N. A hash of
 * the name, not a position in the sorted list, so every machine computes the same split from the
 * student's name alone: a late submission added on one machine moves nobody else to another
 * shard, and a shard graded again after a regrade request holds the same students. All of a
 * student's notebooks go to the same shard (they share the student's folder).
 */
import { createHash } from "crypto";
import * as fs from "fs";
import type { SourceNotebook, SubmissionEntry } from "./submissions";

/** Shard K of N (K counts from 1). */
export interface Shard {
  index: number;
  count: number;
}

/** The manifest's file name in a shard's output folder. */
export const SHARD_MANIFEST = "shard.json";

/** What a shard's output folder says about itself (shard.json). */
export interface ShardManifest {
  format: "dl4ds-grade-shard/1";
  shard: Shard;
  /** sha256 over the instructor notebooks' names and bytes: shards graded against other sources do not merge. */
  sourceDigest: string;
  /** Every submission found (all shards'), as "student/file", sorted: the merge checks the shards cover it. */
  allSubmissions: string[];
  /** The submissions this shard graded, as "student/file", sorted. */
  graded: string[];
}

/** Parses "K/N" (1 ≤ K ≤ N); the error says what a valid value looks like. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(String(text));
  if (!m) throw new Error(`--shard must be K/N, e.g. --shard 2/4 for the second of four machines (got "${text}")`);
  const shard = { index: Number(m[1]), count: Number(m[2]) };
  validateShard(shard);
  return shard;
}

/** Throws unless 1 ≤ index ≤ count, both integers. */
export function validateShard(shard: Shard): void {
  const { index, count } = shard ?? ({} as Shard);
  if (!Number.isInteger(count) || count < 1 || count > 10_000) throw new Error(`shard count must be an integer from 1 to 10000 (got ${count})`);
  if (!Number.isInteger(index) || index < 1 || index > count) throw new Error(`shard index must be an integer from 1 to ${count} (got ${index}): shards are numbered 1/${count} … ${count}/${count}`);
}

/** The shard (1-based) a student's submissions belong to among `count`. */
export function shardOfStudent(student: string, count: number): number {
  if (typeof student !== "string" || student === "") throw new Error("shardOfStudent: the student name must be a non-empty string");
  validateShard({ index: 1, count });
  const digest = createHash("sha256").update(student, "utf8").digest();
  return 1 + (digest.readUIntBE(0, 6) % count);
}

/** The entries of shard `shard`, in their original order. */
export function selectShard<T extends Pick<SubmissionEntry, "student">>(entries: T[], shard: Shard): T[] {
  validateShard(shard);
  return entries.filter((e) => shardOfStudent(e.student, shard.count) === shard.index);
}

/** "student/file": a submission's key in manifests. */
export function submissionKey(e: { student: string; fileName?: string; file?: string }): string {
  return `${e.student}/${e.fileName ?? e.file}`;
}

/** sha256 over the sources' names and bytes, in name order. */
export function sourceDigest(sources: Array<{ name: string; bytes: Buffer | string }>): string {
  const h = createHash("sha256");
  for (const s of [...sources].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    h.update(s.name).update("\0").update(s.bytes).update("\0");
  }
  return h.digest("hex");
}

/** The manifest a shard writes. */
export function shardManifest(shard: Shard, digest: string, all: Array<{ student: string; fileName: string }>, graded: Array<{ student: string; fileName: string }>): ShardManifest {
  validateShard(shard);
  return {
    format: "dl4ds-grade-shard/1",
    shard,
    sourceDigest: digest,
    allSubmissions: all.map(submissionKey).sort(),
    graded: graded.map(submissionKey).sort(),
  };
}

/** The files a shard adds to its output folder: { "shard.json": manifest }. */
export function shardFiles(shard: Shard, sources: SourceNotebook[], all: SubmissionEntry[], graded: SubmissionEntry[]): Record<string, string> {
  const digest = sourceDigest(sources.map((s) => ({ name: s.name, bytes: fs.readFileSync(s.path) })));
  return { [SHARD_MANIFEST]: JSON.stringify(shardManifest(shard, digest, all, graded), null, 2) + "\n" };
}
