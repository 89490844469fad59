/**
 * `is_complete_request` for TypeScript, from the parser's diagnostics alone (no type checking):
 * - complete: the code parses;
 * - incomplete: every parse error sits at the very end and says more is expected (an open brace, bracket,
 *   template literal or comment), so a console waits for another line;
 * - invalid: some parse error is not fixed by typing more (`let x = ;`, an unterminated "string").
 * Two blank lines at the end force "complete" for incomplete code, so a console user can always submit.
 */
import type * as TS from "@tslab/typescript-for-tslab";

/** The status of an `is_complete_reply`. */
export type Completeness = "complete" | "incomplete" | "invalid";

const UNTERMINATED_TEMPLATE = 1160;

/** Classifies code with the given TypeScript module (passed in so any host's copy of TypeScript works). */
export function codeCompleteness(ts: typeof TS, code: string): Completeness {
  if (typeof code !== "string") throw new TypeError(`codeCompleteness: code must be a string, got ${typeof code}`);
  const file = ts.createSourceFile("is-complete.ts", code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const diags = (file as unknown as { parseDiagnostics?: TS.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  if (diags.length === 0) return "complete";
  const wantsMore = (d: TS.DiagnosticWithLocation): boolean =>
    d.start === code.length &&
    d.length === 0 &&
    (d.code === UNTERMINATED_TEMPLATE || (typeof d.messageText === "string" && d.messageText.endsWith(" expected.")));
  if (!diags.every(wantsMore)) return "invalid";
  return /(^|\n)[ \t]*\n[ \t]*$/.test(code) ? "complete" : "incomplete";
}
