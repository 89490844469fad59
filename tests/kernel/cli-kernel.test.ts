/**
 * `dl4ds kernel <connection_file>` driven by the TypeScript client (src/kernel/client.ts, also used
 * by `dl4ds bench kernel`): execute, then shutdown on the control channel with a clean exit.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { KernelClient, writeConnectionFile } from "../../src/kernel/client";
import { FIXTURES, ROOT, requirePrerequisites } from "./harness";

describe("dl4ds kernel command", () => {
  it("answers execute and kernel_info, and exits with status 0 after shutdown_request on control", async () => {
    requirePrerequisites();
    const { file, info } = await writeConnectionFile();
    const child = spawn(process.execPath, [path.join(ROOT, "bin", "dl4ds.js"), "kernel", file], { cwd: FIXTURES, stdio: "ignore" });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const client = new KernelClient(info);
    try {
      await client.waitForReady();
      const r = await client.execute("const answer = 40 + 2;\nanswer");
      expect(r.reply.content.status).toBe("ok");
      const result = r.iopub.find((m) => m.header.msg_type === "execute_result");
      expect(result?.content.data).toEqual({ "text/plain": "42" });
      expect(r.iopub.map((m) => m.header.msg_type)).toEqual(["status", "execute_input", "execute_result", "status"]);
      const down = await client.request("shutdown_request", { restart: false }, "control");
      expect(down.reply.content).toEqual({ status: "ok", restart: false });
      expect(await exited).toBe(0);
    } finally {
      client.close();
      if (child.exitCode === null) child.kill("SIGKILL");
      fs.rmSync(file, { force: true });
    }
  }, 120_000);
});
