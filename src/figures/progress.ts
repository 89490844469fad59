/**
 * Progress for long loops (training one model per time step, sampling, network training).
 *
 * - In a notebook (a display sink is installed): ONE output updated in place (display with an id,
 *   then update_display_data), text/plain + text/html bar, optionally a live loss curve; at most
 *   ~5 updates per second, and always the final state.
 * - On a terminal (stderr or stdout is a TTY, no sink): a one-line bar redrawn with \r.
 * - Silent when the environment variable CI is set, or when there is nowhere to draw.
 */
import { display, hasDisplaySink, type MimeBundle } from "../notebook/display";
import { formatNumber } from "./validate";

/** Numbers (or short texts) shown next to the bar; `loss` also feeds the live loss curve. */
export interface ProgressInfo {
  loss?: number;
  [name: string]: number | string | undefined;
}

/** Options of `progress`. */
export interface ProgressOptions {
  /** What is running, e.g. "Training time step models". */
  label?: string;
  /** Draw a live loss curve under the bar in notebooks (from the `loss` values given to update). */
  lossCurve?: boolean;
  /** Minimum milliseconds between redraws (default 200, i.e. ≤ 5 per second). */
  minIntervalMs?: number;
  /** Force a mode instead of detecting it ("auto", the default, detects). */
  mode?: "auto" | "notebook" | "terminal" | "silent";
  /** Terminal stream (default: stderr if it is a TTY, else stdout). */
  stream?: { write(text: string): unknown; isTTY?: boolean; columns?: number };
}

/** A running progress display. */
export interface Progress {
  /** Reports that `step` of `total` steps are done, with optional numbers such as { loss }. */
  update(step: number, info?: ProgressInfo): void;
  /** Marks the loop finished and draws the final state (safe to call twice). */
  done(info?: ProgressInfo): void;
  /** The mode this progress display runs in. */
  readonly mode: "notebook" | "terminal" | "silent";
}

let progressCounter = 0;

function envSilenced(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== "" && ci !== "0" && ci.toLowerCase() !== "false";
}

function resolveMode(options: ProgressOptions): { mode: Progress["mode"]; stream?: ProgressOptions["stream"] } {
  const requested = options.mode ?? "auto";
  if (requested === "silent") return { mode: "silent" };
  if (requested === "notebook") return { mode: "notebook" };
  const stream = options.stream ?? (process.stderr.isTTY ? process.stderr : process.stdout.isTTY ? process.stdout : undefined);
  if (requested === "terminal") return stream ? { mode: "terminal", stream } : { mode: "silent" };
  if (envSilenced()) return { mode: "silent" };
  if (hasDisplaySink()) return { mode: "notebook" };
  if (stream && stream.isTTY) return { mode: "terminal", stream };
  return { mode: "silent" };
}

function formatDuration(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - 60 * m)} s`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function infoText(info: ProgressInfo): string {
  return Object.entries(info)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k} ${typeof v === "number" ? formatNumber(v) : v}`)
    .join(" · ");
}

/** An inline SVG polyline of the loss history (log scale when it spans more than a decade). */
function lossSparkline(losses: Array<[number, number]>, total: number): string {
  if (losses.length < 2) return "";
  const w = 320;
  const h = 70;
  const positive = losses.every(([, l]) => l > 0);
  const ys = losses.map(([, l]) => l);
  const [lo, hi] = [Math.min(...ys), Math.max(...ys)];
  const useLog = positive && hi / lo > 10;
  const f = (v: number) => (useLog ? Math.log10(v) : v);
  const [a, b] = [f(lo), f(hi)];
  const span = b > a ? b - a : 1;
  const points = losses.map(([s, l]) => `${((s / Math.max(1, total)) * w).toFixed(1)},${(h - 4 - ((f(l) - a) / span) * (h - 8)).toFixed(1)}`).join(" ");
  return (
    `<svg width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" style="display:block;background:#fafafa;border:1px solid #ddd">` +
    `<polyline fill="none" stroke="#1f77b4" stroke-width="1.5" points="${points}"/>` +
    `<text x="4" y="12" font-size="10" font-family="sans-serif" fill="#555">loss ${formatNumber(hi)} → ${formatNumber(ys[ys.length - 1])}${useLog ? " (log scale)" : ""}</text></svg>`
  );
}

/**
 * Starts a progress display for a loop of `total` steps.
 *
 * @example const bar = progress(100, { label: "Training step models" });
 *          for (let t = 1; t <= 100; t++) { train(t); bar.update(t); }
 *          bar.done();
 */
export function progress(total: number, options: ProgressOptions = {}): Progress {
  if (typeof total !== "number" || !Number.isInteger(total) || total < 1) {
    throw new RangeError(`progress: total must be a positive integer number of steps; got ${String(total)}`);
  }
  if (options === null || typeof options !== "object") throw new TypeError("progress: options must be an object such as { label: \"Training\" }");
  const minInterval = options.minIntervalMs ?? 200;
  if (!(typeof minInterval === "number" && minInterval >= 0)) throw new RangeError(`progress: minIntervalMs must be ≥ 0; got ${String(minInterval)}`);
  const label = options.label ?? "Progress";
  const { mode, stream } = resolveMode(options);
  const id = `dl4ds-progress-${process.pid}-${++progressCounter}`;
  const start = Date.now();
  let lastDraw = -Infinity;
  let step = 0;
  let info: ProgressInfo = {};
  let finished = false;
  let shown = false;
  let losses: Array<[number, number]> = [];

  function text(): string {
    const frac = Math.min(1, step / total);
    const width = 24;
    const filled = Math.round(frac * width);
    const elapsed = Date.now() - start;
    const eta = step > 0 && !finished ? ` · ~${formatDuration((elapsed / step) * (total - step))} left` : "";
    const extra = infoText(info);
    return (
      `${label} ${"█".repeat(filled)}${"░".repeat(width - filled)} ${Math.min(step, total)}/${total} (${Math.round(frac * 100)}%)` +
      (extra ? ` · ${extra}` : "") +
      ` · ${formatDuration(elapsed)}${finished ? " · done" : eta}`
    );
  }

  function bundle(): MimeBundle {
    const pct = Math.round(Math.min(1, step / total) * 1000) / 10;
    const html =
      `<div style="font-family:sans-serif;font-size:13px;max-width:560px">` +
      `<div>${escapeHtml(label)}</div>` +
      `<div style="background:#e6e6e6;height:12px;border-radius:3px;overflow:hidden;margin:3px 0">` +
      `<div style="background:${finished ? "#2ca02c" : "#1f77b4"};width:${pct}%;height:100%"></div></div>` +
      `<div style="color:#444">${escapeHtml(text().slice(label.length + 1).replace(/^[█░]+ /, ""))}</div>` +
      (options.lossCurve ? lossSparkline(losses, total) : "") +
      `</div>`;
    return { "text/plain": text(), "text/html": html };
  }

  function draw(force: boolean): void {
    if (mode === "silent") return;
    const now = Date.now();
    if (!force && now - lastDraw < minInterval) return;
    lastDraw = now;
    if (mode === "notebook") {
      display(bundle(), shown ? { id, update: true } : { id });
      shown = true;
    } else if (stream) {
      const columns = stream.columns ?? 100;
      const line = text();
      stream.write("\r" + (line.length > columns - 1 ? line.slice(0, columns - 1) : line.padEnd(columns - 1)) + (finished ? "\n" : ""));
    }
  }

  function record(s: number, i: ProgressInfo | undefined): void {
    if (typeof s !== "number" || !Number.isFinite(s) || s < 0) throw new RangeError(`progress.update: step must be a number ≥ 0; got ${String(s)}`);
    if (i !== undefined && (i === null || typeof i !== "object")) throw new TypeError("progress.update: info must be an object such as { loss: 0.5 }");
    step = s;
    if (i) {
      info = { ...info, ...i };
      if (typeof i.loss === "number" && Number.isFinite(i.loss)) {
        losses.push([s, i.loss]);
        // Thin the history (keep every other point) so the curve stays cheap to draw.
        if (losses.length > 400) losses = losses.filter((_, k) => k % 2 === 0 || k === losses.length - 1);
      }
    }
  }

  draw(true);
  return {
    mode,
    update(s: number, i?: ProgressInfo): void {
      if (finished) return;
      record(s, i);
      draw(false);
    },
    done(i?: ProgressInfo): void {
      if (finished) return;
      record(Math.max(step, total), i);
      finished = true;
      draw(true);
    },
  };
}
