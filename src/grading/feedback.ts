/** The feedback page a student gets: each test's result and error text, everything HTML-escaped. */
import type { SubmissionGrade } from "./submissionGrade";

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return String(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}
.passed{color:#176c2c}.partial{color:#8a5a00}.failed,.timeout,.crashed,.not_run{color:#a3161b}
pre{background:#f6f6f6;padding:.5rem;overflow:auto;white-space:pre-wrap;font-size:13px}`;

/** A complete, self-contained HTML page for one graded submission. */
export function feedbackHtml(grade: SubmissionGrade): string {
  const e = escapeHtml;
  const rows = grade.tests
    .map((t) => {
      const detail = t.error
        ? `<pre>${e(t.error.traceback || `${t.error.name}: ${t.error.message}`)}</pre>`
        : "";
      return `<tr><td><code>${e(t.gradeId)}</code></td><td>${t.points} / ${t.maxPoints}</td><td class="${e(t.status)}">${e(t.status.replace("_", " "))}</td><td>${e(t.message)}${detail}</td></tr>`;
    })
    .join("\n");
  const notes = grade.messages.length ? `<h2>Notes</h2>\n<ul>${grade.messages.map((m) => `<li>${e(m)}</li>`).join("")}</ul>` : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Feedback: ${e(grade.notebook)} — ${e(grade.student)}</title>
<style>${STYLE}</style></head>
<body>
<h1>${e(grade.notebook)}</h1>
<p>Student: <b>${e(grade.student)}</b> · file <code>${e(grade.file)}</code></p>
<p>Score: <b>${grade.score} / ${grade.maxScore}</b></p>
${notes}
<h2>Tests</h2>
<table><thead><tr><th>Test</th><th>Points</th><th>Result</th><th>Details</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</body></html>
`;
}
