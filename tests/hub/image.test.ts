/**
 * What can be checked of the image definitions without building them (docs/course.md says what was
 * built and run, and what was not): Binder's environment pins the same Jupyter stack as
 * requirements.txt, the scripts are valid bash, the image's start script gives a new home the
 * lessons and leaves an existing one alone, and every path the Containerfile names exists.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..", "..");
const read = (f: string) => fs.readFileSync(path.join(ROOT, f), "utf8");

describe("the single-user image and Binder settings", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dl4ds-image-test-"));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("Binder installs exactly requirements.txt's pins, with Node 20", () => {
    const pins = read("requirements.txt").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
    const env = read("binder/environment.yml");
    const pip = env.slice(env.indexOf("- pip:")).split("\n").slice(1).map((l) => l.replace(/^\s*-\s*/, "").trim()).filter(Boolean);
    expect(pip).toEqual(pins);
    expect(env).toMatch(/- nodejs=20\b/);
    expect(read("binder/apt.txt")).toMatch(/^bubblewrap$/m);
  });

  it("has valid, executable scripts", () => {
    for (const f of ["binder/postBuild", "binder/start", "hub/image/start.sh"]) {
      expect(fs.statSync(path.join(ROOT, f)).mode & 0o111, f).not.toBe(0);
      execFileSync("bash", ["-n", path.join(ROOT, f)]);
    }
  });

  it("start.sh gives an empty home the released lessons, keeps a student's own, and runs the command", () => {
    const script = read("hub/image/start.sh").replaceAll("/opt/dl4ds/release", path.join(tmp, "release"));
    fs.writeFileSync(path.join(tmp, "start.sh"), script, { mode: 0o755 });
    fs.mkdirSync(path.join(tmp, "release"));
    fs.writeFileSync(path.join(tmp, "release", "18.1-diffusion-encoder.ipynb"), "{}");
    const home = path.join(tmp, "home");
    fs.mkdirSync(home);
    const out = execFileSync(path.join(tmp, "start.sh"), ["echo", "ran"], { env: { ...process.env, HOME: home }, encoding: "utf8" });
    expect(out).toBe("ran\n");
    expect(fs.readdirSync(path.join(home, "lessons"))).toEqual(["18.1-diffusion-encoder.ipynb"]);
    fs.writeFileSync(path.join(home, "lessons", "18.1-diffusion-encoder.ipynb"), "{\"mine\": 1}");
    execFileSync(path.join(tmp, "start.sh"), ["true"], { env: { ...process.env, HOME: home } });
    expect(fs.readFileSync(path.join(home, "lessons", "18.1-diffusion-encoder.ipynb"), "utf8")).toBe("{\"mine\": 1}");
  });

  it("the Containerfile names files and folders that exist, runs the project's set-up and uses uid 1000", () => {
    const file = read("Containerfile");
    expect(file).toMatch(/^ARG BASE=docker\.io\/library\/node:20-bookworm$/m);
    expect(file).toMatch(/^FROM \$\{BASE\}$/m);
    expect(file).toMatch(/node scripts\/setup\.mjs/);
    expect(file).toMatch(/^USER 1000$/m);
    const config = /JUPYTER_CONFIG_PATH=(\S+)/.exec(file)![1].split(":");
    for (const p of [...config, "/opt/dl4ds/hub/image/start.sh", "/opt/dl4ds/scripts/setup.mjs"]) {
      expect(fs.existsSync(p.replace("/opt/dl4ds", ROOT)), p).toBe(true);
    }
    // The build context leaves out what the set-up makes, so the image builds its own.
    const ignored = read(".containerignore").split("\n");
    for (const p of ["node_modules", ".venv", "dist", ".cache"]) expect(ignored).toContain(p);
  });
});
