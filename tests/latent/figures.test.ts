/**
 * The latent lessons' charts name their axes: every numbersChart call in scripts/notebooks/latent/
 * passes xLabel and yLabel (without them a name → value record gets the axes "name" and "value").
 */
import * as fs from "fs";
import * as path from "path";
import { describe, expect, it } from "vitest";

const dir = path.join(__dirname, "..", "..", "scripts", "notebooks", "latent");

/** Each `numbersChart(...)` call's text, up to its matching parenthesis. */
function chartCalls(text: string): string[] {
  const calls: string[] = [];
  for (let i = text.indexOf("numbersChart("); i >= 0; i = text.indexOf("numbersChart(", i + 1)) {
    if (/[A-Za-z_]/.test(text[i - 1] ?? "")) continue;
    let depth = 0;
    let j = i + "numbersChart".length;
    for (; j < text.length; j++) {
      if (text[j] === "(") depth++;
      else if (text[j] === ")" && --depth === 0) break;
    }
    calls.push(text.slice(i, j + 1));
  }
  return calls;
}

describe("latent lesson figures", () => {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".nb.txt"));
  it("found the latent lesson sources", () => expect(files.length).toBeGreaterThanOrEqual(7));
  for (const file of files) {
    it(`${file}: every numbersChart has a real x and y axis title`, () => {
      const code = fs.readFileSync(path.join(dir, file), "utf8").split("\n").filter((l) => !l.startsWith("import ")).join("\n");
      for (const call of chartCalls(code)) {
        expect(call, call).toMatch(/xLabel:\s*["`]/);
        expect(call, call).toMatch(/yLabel:\s*["`]/);
      }
    });
  }
});
