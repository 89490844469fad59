import { describe, expect, it } from "vitest";
import { StreamRouter } from "../../src/kernel/streams";

describe("stream routing", () => {
  it("shows stderr written before the first request (a preload warning) in the first cell only", () => {
    const published: Array<[string, string, unknown]> = [];
    const router = new StreamRouter((name, text, parent) => published.push([name, text, parent]));
    const log: string[] = [];
    Object.assign(router, { originalStdout: (t: string) => log.push(`out:${t}`), originalStderr: (t: string) => log.push(`err:${t}`) });
    router.write("stdout", "banner\n");
    router.write("stderr", "Warning: no GPU\n");
    expect(log).toEqual(["out:banner\n", "err:Warning: no GPU\n"]);
    const first = { msg_id: "1" };
    router.setParent(first);
    router.write("stdout", "cell output\n");
    router.flush();
    expect(published).toEqual([
      ["stderr", "Warning: no GPU\n", first],
      ["stdout", "cell output\n", first],
    ]);
    const second = { msg_id: "2" };
    router.setParent(second);
    router.flush();
    expect(published).toHaveLength(2);
  });
});
