/**
 * The heartbeat channel runs in a worker thread, so it keeps answering while a cell blocks the main
 * thread (like ipykernel's heartbeat thread). Started by the kernel server with `workerData.address`;
 * the message "stop" closes the socket and ends the thread.
 */
import { parentPort, workerData } from "worker_threads";
import { Reply } from "zeromq";

async function serve(address: string): Promise<void> {
  const sock = new Reply();
  sock.linger = 0;
  await sock.bind(address);
  parentPort?.postMessage("ready");
  parentPort?.on("message", (m) => {
    if (m === "stop") sock.close();
  });
  try {
    for await (const frames of sock) await sock.send(frames);
  } catch {
    // The socket was closed: the kernel is shutting down.
  }
  parentPort?.close();
}

if (parentPort && workerData && typeof (workerData as { address?: unknown }).address === "string") {
  void serve((workerData as { address: string }).address).catch((err: Error) => {
    parentPort?.postMessage(`error: ${err.message}`);
  });
}
