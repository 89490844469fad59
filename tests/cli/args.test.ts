/**
 * The one command-line parser (src/cli/args.ts) and the commands that use it: unknown options, missing values and
 * bad numbers stop a command with an error that says what was wrong; `dl4ds train` checks its numbers before training.
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { numberFlag, optionalNumberFlag, parseArgs, parseNumber, stringFlag } from "../../src/cli/args";
import { parseTrainArgs } from "../../src/cli/commands/train";
import { projectRoot } from "../../src/config";
import { TRAIN_LATENT_DEFAULTS } from "../../src/training/trainLatentModels";

describe("parseArgs", () => {
  it("reads --name value, --name=value, booleans, positionals and what follows --", () => {
    const p = parseArgs(["a", "--out", "x", "--seed=-3", "--verbose", "b", "--", "--other", "c"], ["out", "seed"], ["verbose"], { passThrough: true });
    expect(p.positionals).toEqual(["a", "b"]);
    expect(Object.fromEntries(p.flags)).toEqual({ out: "x", seed: "-3", verbose: true });
    expect(p.rest).toEqual(["--other", "c"]);
    expect(stringFlag(p, "out", "d")).toBe("x");
    expect(stringFlag(p, "missing", "d")).toBe("d");
  });

  it("rejects unknown options and lists the known ones", () => {
    expect(() => parseArgs(["--bogus"], ["out"], ["verbose"])).toThrow("unknown option --bogus (options: --out, --verbose)");
    expect(() => parseArgs(["--", "x"], ["out"])).toThrow(/unknown option --/);
  });

  it("rejects a missing value, also when the next word is another option", () => {
    expect(() => parseArgs(["--out"], ["out"])).toThrow("--out needs a value");
    expect(() => parseArgs(["--out="], ["out"])).toThrow("--out needs a value");
    expect(() => parseArgs(["--out", "--verbose"], ["out"], ["verbose"])).toThrow("--out needs a value");
    expect(() => parseArgs(["--prefix"], ["prefix"], [], { hints: { prefix: "a folder, e.g. --prefix .venv" } })).toThrow("--prefix needs a folder, e.g. --prefix .venv");
    expect(() => parseArgs(["--verbose=yes"], [], ["verbose"])).toThrow("--verbose takes no value");
  });

  it("checks numbers and says what was expected and what was given", () => {
    const p = parseArgs(["--epochs", "abc", "--rate", "0", "--n", "2.5", "--port", "70000"], ["epochs", "rate", "n", "port"]);
    expect(() => numberFlag(p, "epochs", 1, { integer: true, min: 1 })).toThrow('--epochs must be a positive integer, got "abc"');
    expect(() => numberFlag(p, "rate", 1, { positive: true })).toThrow('--rate must be a positive number, got "0"');
    expect(() => numberFlag(p, "n", 1, { integer: true })).toThrow('--n must be an integer, got "2.5"');
    expect(() => numberFlag(p, "port", 1, { integer: true, min: 1, max: 65535 })).toThrow('--port must be an integer from 1 to 65535, got "70000"');
    expect(() => parseNumber("seed", " ", { integer: true })).toThrow('--seed must be an integer, got " "');
    expect(() => parseNumber("memory", "32", { integer: true, min: 64 })).toThrow('--memory must be an integer >= 64, got "32"');
    expect(numberFlag(p, "absent", 7, { integer: true })).toBe(7);
    expect(optionalNumberFlag(p, "absent")).toBeUndefined();
    expect(numberFlag(parseArgs(["--n=12"], ["n"]), "n", 0, { integer: true, min: 10 })).toBe(12);
    expect(numberFlag(parseArgs(["--t", "0.5"], ["t"]), "t", 0, { positive: true })).toBe(0.5);
  });
});

describe("dl4ds train latent's arguments", () => {
  it("reads every stage's epochs, the seed, --out and --no-eval", () => {
    const a = parseTrainArgs(["latent", "--epochs-denoiser", "3", "--epochs-lowres=2", "--seed", "5", "--out", "/tmp/w", "--no-eval"]);
    expect(a).toEqual({ out: "/tmp/w", seed: 5, evaluate: false, epochs: { ...TRAIN_LATENT_DEFAULTS.epochs, denoiser: 3, lowRes: 2 } });
    expect(parseTrainArgs(["latent"])).toMatchObject({ seed: TRAIN_LATENT_DEFAULTS.seed, evaluate: true, epochs: TRAIN_LATENT_DEFAULTS.epochs });
  });

  it("rejects bad numbers, unknown options, missing values and unknown targets before training", () => {
    expect(() => parseTrainArgs(["latent", "--epochs-denoiser", "abc"])).toThrow('--epochs-denoiser must be a positive integer, got "abc"');
    expect(() => parseTrainArgs(["latent", "--epochs-autoencoder", "0"])).toThrow('--epochs-autoencoder must be a positive integer, got "0"');
    expect(() => parseTrainArgs(["latent", "--seed", "1.5"])).toThrow('--seed must be an integer, got "1.5"');
    expect(() => parseTrainArgs(["latent", "--epochs"])).toThrow(/unknown option --epochs \(options: --out, --seed, --only, --from, --epochs-autoencoder/);
    expect(() => parseTrainArgs(["latent", "--out"])).toThrow("--out needs a folder");
    expect(() => parseTrainArgs(["latent", "extra"])).toThrow('unexpected argument "extra"');
    expect(() => parseTrainArgs(["pixels"])).toThrow('unknown target "pixels" (known: latent)');
  });

  it("exits 2 with the message and the usage, without training", () => {
    const r = spawnSync(process.execPath, [path.join(projectRoot(), "bin", "dl4ds.js"), "train", "latent", "--epochs-denoiser", "abc"], { encoding: "utf8", timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('dl4ds train: --epochs-denoiser must be a positive integer, got "abc"');
    expect(r.stderr).toContain("Usage: dl4ds train latent");
    expect(r.stdout).toBe("");
  });
});
