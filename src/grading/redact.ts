/**
 * Keeps hidden-test source out of what students see. The kernel's error report quotes the failing
 * line (a code frame) and `assert.ok` quotes its expression, so a failed hidden test would print
 * itself into the feedback page and the JSON (nbgrader has that bug). Every line of a test's message,
 * error and traceback that quotes a hidden line is replaced by HIDDEN_LINE, and the caret line
 * under a code frame goes with it.
 */
import { MARKERS, scanRegions } from "./markers";
import type { TestResult } from "./score";

/** What replaces a line that quoted a hidden test. */
export const HIDDEN_LINE = "[hidden test]";

const MIN_QUOTE = 6;

/** The hidden-test lines of a test cell's source, trimmed (empty lines and bare punctuation dropped). */
export function hiddenLines(source: string): string[] {
  const lines = source.split("\n");
  const out: string[] = [];
  for (const r of scanRegions(source, MARKERS.beginHidden, MARKERS.endHidden).regions) {
    for (const line of lines.slice(r.beginLine + 1, r.endLine)) {
      const t = line.trim().replace(/;$/, "");
      if (t.length >= 3 && /[A-Za-z0-9]/.test(t)) out.push(t);
    }
  }
  return out;
}

/** `text` with every line quoting a hidden line replaced. */
export function redactText(text: string, hidden: string[]): string {
  if (!hidden.length || !text) return text;
  const whole = hidden.join("\n");
  const lines = text.split("\n");
  const out: string[] = [];
  let redactedPrevious = false;
  for (const line of lines) {
    // "  4 | code" (a code frame) → "code"; ANSI colours off.
    const plain = line.replace(/\x1b\[[0-9;]*m/g, "");
    const quoted = plain.replace(/^\s*>?\s*\d*\s*\|\s?/, "").trim().replace(/;$/, "");
    const quotes = hidden.some((h) => plain.includes(h)) || (quoted.length >= MIN_QUOTE && whole.includes(quoted));
    if (quotes) {
      if (!redactedPrevious) out.push(line.replace(/\S.*$/, HIDDEN_LINE));
      redactedPrevious = true;
    } else if (redactedPrevious && /^\s*\|?\s*\^+\s*$/.test(plain)) {
      // the caret under a redacted code-frame line
    } else {
      out.push(line);
      redactedPrevious = false;
    }
  }
  return out.join("\n");
}

/** The test result with hidden source taken out of its message and error. */
export function redactTestResult(t: TestResult, hidden: string[]): TestResult {
  if (!hidden.length) return t;
  const r: TestResult = { ...t, message: redactText(t.message, hidden) };
  if (t.error) r.error = { name: t.error.name, message: redactText(t.error.message, hidden), traceback: redactText(t.error.traceback, hidden) };
  return r;
}
