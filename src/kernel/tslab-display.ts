/**
 * tslab's display API (`import * as tslab from "tslab"; tslab.display.html("<b>hi</b>")`, `tslab.newDisplay()`)
 * in the dl4ds kernel. tslab's `display` functions hand their message to `lastWriteDisplayData`, which tslab's
 * own kernel sets per execution; here it is set once to send the bundle through the library's `display()`, so it
 * goes where every other display goes (the cell, or an Output widget that captures).
 */
import { display, type MimeBundle } from "../notebook/display";

/** What tslab passes to `lastWriteDisplayData` (see tslab/dist/public.js). */
interface TslabDisplayMessage {
  data: MimeBundle;
  metadata?: Record<string, unknown>;
  transient?: { display_id?: string };
}

/** Sends one tslab display message; `update` is true from a `newDisplay()`'s second call on. */
export function sendTslabDisplay(message: TslabDisplayMessage, update?: boolean): void {
  for (const type of Object.keys(message.data ?? {})) {
    if (!/^[\w.+-]+\/[\w.+-]+$/.test(type)) {
      throw new TypeError(`tslab.display.raw(contentType, data): contentType must be a MIME type such as "text/html", got ${JSON.stringify(type)}`);
    }
  }
  const id = message.transient?.display_id;
  display(message.data, { id, update: update === true && id !== undefined, metadata: message.metadata ?? {} });
}

/**
 * Connects tslab's display API to the library's `display()`. Returns false when tslab cannot be loaded (then a
 * cell importing tslab fails with the import error instead).
 */
export function connectTslabDisplay(): boolean {
  let jupyter: { lastWriteDisplayData: unknown };
  try {
    jupyter = require("tslab/dist/jupyter") as { lastWriteDisplayData: unknown };
  } catch {
    return false;
  }
  jupyter.lastWriteDisplayData = sendTslabDisplay;
  return true;
}
