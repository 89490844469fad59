/** Reading and validating a Jupyter connection file. */
import * as fs from "fs";

/** The fields of a Jupyter connection file this kernel uses. */
export interface ConnectionInfo {
  transport: "tcp" | "ipc";
  ip: string;
  key: string;
  signature_scheme: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
}

/** Reads a connection file; throws an Error naming the missing or malformed field. */
export function readConnectionFile(file: string): ConnectionInfo {
  if (typeof file !== "string" || file.length === 0) {
    throw new Error("dl4ds kernel: pass the connection file path (Jupyter gives it as {connection_file})");
  }
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new Error(`dl4ds kernel: cannot read connection file ${file}: ${(err as Error).message}`);
  }
  if (raw === null || typeof raw !== "object") throw new Error(`dl4ds kernel: connection file ${file} is not a JSON object`);
  const c = raw as Record<string, unknown>;
  const transport = c.transport ?? "tcp";
  if (transport !== "tcp" && transport !== "ipc") throw new Error(`dl4ds kernel: transport must be "tcp" or "ipc", got ${String(transport)}`);
  const port = (name: string): number => {
    const v = c[name];
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 65535) {
      throw new Error(`dl4ds kernel: connection file field ${name} must be a port number (0-65535), got ${JSON.stringify(v)}`);
    }
    return v;
  };
  return {
    transport,
    ip: typeof c.ip === "string" ? c.ip : "127.0.0.1",
    key: typeof c.key === "string" ? c.key : "",
    signature_scheme: typeof c.signature_scheme === "string" ? c.signature_scheme : "hmac-sha256",
    shell_port: port("shell_port"),
    iopub_port: port("iopub_port"),
    stdin_port: port("stdin_port"),
    control_port: port("control_port"),
    hb_port: port("hb_port"),
  };
}

/** The ZeroMQ address of one channel. */
export function channelAddress(info: ConnectionInfo, port: number): string {
  // For ipc, Jupyter names the socket files "<ip>-<port>".
  return info.transport === "tcp" ? `tcp://${info.ip}:${port}` : `ipc://${info.ip}-${port}`;
}
