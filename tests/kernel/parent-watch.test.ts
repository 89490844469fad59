/**
 * A kernel whose Jupyter server dies exits by itself (src/kernel/parent-watch.ts), as ipykernel does:
 * a server started by a middle process, which is then killed with SIGKILL, must not leave its kernel behind.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { KernelClient, writeConnectionFile } from "../../src/kernel/client";
import { watchParent } from "../../src/kernel/parent-watch";
import { FIXTURES, ROOT, requirePrerequisites } from "./harness";

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1][0] !== "Z";
  } catch {
    return false;
  }
};

describe("a kernel whose parent dies", () => {
  it("exits within seconds once the process that started it (JPY_PARENT_PID) is killed", async () => {
    requirePrerequisites();
    const { file, info } = await writeConnectionFile();
    // The middle process plays the Jupyter server: it starts the kernel in its own session, as
    // jupyter_client does, with JPY_PARENT_PID set to its pid, and reports the kernel's pid.
    const middle = spawn(
      process.execPath,
      [
        "-e",
        `const { spawn } = require("child_process");
         const k = spawn(process.execPath, [process.argv[1], "kernel", process.argv[2]], {
           cwd: process.argv[3], detached: true, stdio: "ignore", env: { ...process.env, JPY_PARENT_PID: String(process.pid) } });
         console.log(k.pid);
         setInterval(() => {}, 1000);`,
        path.join(ROOT, "bin", "dl4ds.js"),
        file,
        FIXTURES,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    const kernelPid = await new Promise<number>((resolve) => middle.stdout!.once("data", (d: Buffer) => resolve(Number(String(d).trim()))));
    const client = new KernelClient(info);
    try {
      await client.waitForReady();
      const r = await client.execute("1 + 1");
      expect(r.reply.content.status).toBe("ok");
      await new Promise((r) => setTimeout(r, 1500));
      expect(alive(kernelPid), "the kernel keeps running while its parent lives").toBe(true);
      middle.kill("SIGKILL");
      const deadline = Date.now() + 15_000;
      while (alive(kernelPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect(alive(kernelPid), "the kernel is still running 15 s after its parent was killed").toBe(false);
    } finally {
      client.close();
      if (middle.exitCode === null) middle.kill("SIGKILL");
      if (alive(kernelPid)) process.kill(kernelPid, "SIGKILL");
      fs.rmSync(file, { force: true });
    }
  }, 120_000);

  it("is not watched when Jupyter did not start it, and the callback is checked", () => {
    const env = { ...process.env };
    delete env.JPY_PARENT_PID;
    let called = false;
    const stop = watchParent(() => (called = true), env);
    expect(typeof stop).toBe("function");
    stop();
    expect(called).toBe(false);
    expect(() => watchParent(undefined as unknown as () => void)).toThrow(/pass the function/);
  });
});
