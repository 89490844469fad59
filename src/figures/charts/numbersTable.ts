/**
 * numbersTable(rows, options): a table of measured values shown as Markdown (JupyterLab renders it),
 * with plain text for consoles. For comparisons whose entries are words and numbers side by side,
 * e.g. the lecture's table of GANs, VAEs, flows and diffusion with the project's measured column.
 */
import { jupyterDisplay, type MimeBundle } from "../../notebook/display";
import { FigureInputError } from "../errors";

const FIG = "numbersTable";

/** Options of `numbersTable`. */
export interface NumbersTableOptions {
  /** A bold line above the table. */
  title?: string;
  /** Significant digits for numbers (default 3). */
  digits?: number;
}

/** A table that displays itself. */
export class NumbersTableFigure {
  constructor(readonly columns: string[], readonly rows: string[][], readonly title?: string) {}

  /** The table as Markdown. */
  toMarkdown(): string {
    const esc = (s: string): string => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
    const lines = [`| ${this.columns.map(esc).join(" | ")} |`, `| ${this.columns.map(() => "---").join(" | ")} |`, ...this.rows.map((r) => `| ${r.map(esc).join(" | ")} |`)];
    return (this.title ? `**${esc(this.title)}**\n\n` : "") + lines.join("\n");
  }

  [jupyterDisplay](): MimeBundle {
    return { "text/markdown": this.toMarkdown(), "text/plain": this.toMarkdown() };
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toMarkdown();
  }
}

/** Rows of equal keys (the column titles); numbers are rounded to `digits` significant digits. */
export function numbersTable(rows: Record<string, string | number>[], options: NumbersTableOptions = {}): NumbersTableFigure {
  if (!Array.isArray(rows) || rows.length === 0) throw new FigureInputError(FIG, "rows must be a non-empty array of objects");
  const digits = options.digits ?? 3;
  if (!Number.isInteger(digits) || digits < 1 || digits > 12) throw new FigureInputError(FIG, `digits must be an integer in 1..12; got ${digits}`);
  const columns = Object.keys(rows[0]);
  const cells = rows.map((r, i) => {
    const keys = Object.keys(r);
    if (keys.length !== columns.length || keys.some((k, j) => k !== columns[j])) throw new FigureInputError(FIG, `row ${i} has columns ${keys.join(", ")}; expected ${columns.join(", ")}`);
    return columns.map((c) => {
      const v = r[c];
      if (typeof v === "number") {
        if (!Number.isFinite(v)) throw new FigureInputError(FIG, `row ${i}: ${c} = ${v} is not a finite number`);
        return Number(v.toPrecision(digits)).toString();
      }
      if (typeof v !== "string") throw new FigureInputError(FIG, `row ${i}: ${c} must be a string or a number`);
      return v;
    });
  });
  return new NumbersTableFigure(columns, cells, options.title);
}
