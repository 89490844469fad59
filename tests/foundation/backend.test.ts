import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { backendInfo, tf } from "../../src/backend";

const root = path.resolve(__dirname, "..", "..");
const provenance = path.join(root, "node_modules", "@tensorflow", "tfjs-node", "deps", "dl4ds-provenance.json");

describe("compute backend", () => {
  it("uses native TensorFlow whenever set-up reports it available", () => {
    const nativeBuilt = fs.existsSync(path.join(root, "node_modules", "@tensorflow", "tfjs-node", "lib", "napi-v8", "tfjs_binding.node"));
    if (nativeBuilt || fs.existsSync(provenance)) {
      expect(tf.getBackend()).toBe("tensorflow");
      expect(backendInfo().native).toBe(true);
    } else {
      expect(backendInfo().fallbackReason).toMatch(/tfjs-node/);
    }
  });

  it("computes with the loaded backend", () => {
    const y = tf.tidy(() => tf.matMul(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[5], [6]])));
    expect(Array.from(y.dataSync())).toEqual([17, 39]);
    y.dispose();
  });

  it("prints nothing to stderr when loaded in a fresh process", () => {
    const res = spawnSync(process.execPath, ["-e", "require('./dist/backend').tf.add(1, 2).dataSync()"], { cwd: root, encoding: "utf8" });
    expect(res.status).toBe(0);
    expect(res.stderr).toBe("");
  });
});

describe("dl4ds CLI", () => {
  it("lists its commands", () => {
    const res = spawnSync(process.execPath, [path.join(root, "bin", "dl4ds.js"), "help"], { encoding: "utf8" });
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(/doctor/);
    expect(res.stdout).toMatch(/bench/);
  });

  it("rejects an unknown command with exit code 2", () => {
    const res = spawnSync(process.execPath, [path.join(root, "bin", "dl4ds.js"), "no-such-command"], { encoding: "utf8" });
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(/unknown command/);
  });

  it("doctor reports the backend and where libtensorflow came from", () => {
    const res = spawnSync(process.execPath, [path.join(root, "bin", "dl4ds.js"), "doctor"], { encoding: "utf8" });
    expect(res.stdout).toMatch(/backend\s+tensorflow \(native TensorFlow\) on CPU/);
    expect(res.stdout).toMatch(/libtensorflow\s+(PyPI wheel tensorflow-cpu|official libtensorflow download)/);
    expect(res.stdout).toMatch(/JupyterLab\s+4\./);
    expect(res.stdout).toMatch(/dl4ds kernelspec\s+\//);
    expect(res.stdout).toMatch(/grading sandbox\s+bubblewrap \(\//);
    expect(res.status).toBe(0);
  });
});
