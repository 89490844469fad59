/**
 * The notebook runner does not load jsonschema's IRI format checker (rfc3987_syntax builds a grammar at import,
 * seconds of CPU per graded notebook) and still validates notebooks with nbformat; --full-imports (what
 * `dl4ds bench grade` passes for the path before) loads it as before.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import { promisify } from "util";
import { describe, expect, it } from "vitest";
import { runnerScript } from "../../src/grading/paths";
import { PYTHON } from "./helpers";

const run = promisify(execFile);

const PROBE = `
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("run_notebook", sys.argv[1])
spec.loader.exec_module(importlib.util.module_from_spec(spec))
import nbformat
nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
nbformat.validate(nb)
bad = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "code"}]}
try:
    nbformat.validate(nbformat.from_dict(bad))
    invalid_caught = False
except nbformat.ValidationError:
    invalid_caught = True
print(json.dumps({"rfc3987_loaded": sys.modules.get("rfc3987_syntax") is not None, "invalid_caught": invalid_caught}))
`;

describe("notebook runner imports", () => {
  it("skips the IRI format checker and still validates notebooks", async () => {
    if (!fs.existsSync(PYTHON)) throw new Error(`no ${PYTHON}: run \`npm run setup\` before the grading tests`);
    const probe = async (...flags: string[]) => JSON.parse((await run(PYTHON, ["-c", PROBE, runnerScript(), ...flags], { encoding: "utf8" })).stdout);
    expect(await probe()).toEqual({ rfc3987_loaded: false, invalid_caught: true });
    const full = await probe("--full-imports");
    expect(full.invalid_caught).toBe(true);
    const installed = (await run(PYTHON, ["-c", "import importlib.util; print(importlib.util.find_spec('rfc3987_syntax') is not None)"], { encoding: "utf8" })).stdout.trim();
    expect(full.rfc3987_loaded).toBe(installed === "True");
  }, 120_000);
});
