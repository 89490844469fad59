/** The kernel's implementation of the library's CommHost (src/notebook/comms.ts). */
import type { CommErrorContent, CommHeader, CommHost } from "../../notebook/comms";
import type { CommManager } from "./comm-manager";

/** What the host needs from the kernel server. */
export interface HostServer {
  currentParent(): CommHeader | undefined;
  publish(msgType: string, content: Record<string, unknown>, parent: CommHeader | undefined): void;
  errorContent(err: unknown): CommErrorContent;
}

/** A CommHost over the kernel's comm manager. */
export function createCommHost(manager: CommManager, server: HostServer): CommHost {
  return {
    open: (targetName, data, options) => manager.open(targetName, data, options),
    send: (commId, data, options) => manager.send(commId, data, options),
    close: (commId, data) => manager.close(commId, data),
    setHandlers: (commId, handlers) => manager.setHandlers(commId, handlers),
    registerTarget: (targetName, handler) => manager.registerTarget(targetName, handler),
    currentParent: () => server.currentParent(),
    publish: (msgType, content, parent) => server.publish(msgType, content, parent),
    errorContent: (err) => server.errorContent(err),
  };
}
