/**
 * The Jupyter wire protocol (messaging spec 5.3): framing, HMAC signing and verification.
 *
 * A message on a ROUTER/PUB socket is
 * `[identities..., "<IDS|MSG>", signature, header, parent_header, metadata, content, buffers...]`,
 * where `signature` is the hex HMAC of the four JSON frames (empty when the key is empty).
 */
import { createHmac, randomUUID, timingSafeEqual } from "crypto";

/** The delimiter between ZeroMQ routing identities and the message. */
export const DELIMITER = Buffer.from("<IDS|MSG>");

/** The protocol version this kernel speaks. */
export const PROTOCOL_VERSION = "5.3";

/** A message header (spec: "General Message Format"). */
export interface MessageHeader {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
  [key: string]: unknown;
}

/** One decoded Jupyter message. */
export interface JupyterMessage {
  /** ZeroMQ routing prefix; replies on ROUTER sockets must carry it back. */
  identities: Buffer[];
  header: MessageHeader;
  /** The header of the request this message answers (`{}` when none). */
  parent_header: Partial<MessageHeader>;
  metadata: Record<string, unknown>;
  content: Record<string, unknown>;
  buffers: Buffer[];
}

/** Signs and verifies messages with the connection file's key and scheme. */
export class MessageSigner {
  private readonly key: Buffer;
  private readonly algorithm: string;

  /**
   * @param key the connection file's `key` (empty string disables signing)
   * @param scheme the connection file's `signature_scheme`, e.g. "hmac-sha256"
   */
  constructor(key: string, scheme = "hmac-sha256") {
    if (typeof key !== "string") throw new TypeError("MessageSigner: key must be a string (the connection file's \"key\")");
    const match = /^hmac-(sha256|sha384|sha512|sha1|md5)$/.exec(scheme);
    if (!match) {
      throw new Error(`MessageSigner: unsupported signature_scheme "${scheme}"; use "hmac-sha256" in the connection file`);
    }
    this.key = Buffer.from(key, "utf8");
    this.algorithm = match[1];
  }

  /** Hex signature of the given frames (empty string when signing is disabled). */
  sign(frames: (Buffer | string)[]): string {
    if (this.key.length === 0) return "";
    const hmac = createHmac(this.algorithm, this.key);
    for (const f of frames) hmac.update(f);
    return hmac.digest("hex");
  }

  /** True when `signature` matches the frames (constant-time comparison). */
  verify(signature: string, frames: Buffer[]): boolean {
    if (this.key.length === 0) return true;
    const expected = Buffer.from(this.sign(frames), "utf8");
    const got = Buffer.from(signature, "utf8");
    return expected.length === got.length && timingSafeEqual(expected, got);
  }
}

/** Parses raw frames into a message; throws an Error naming the problem for malformed or forged input. */
export function decodeMessage(frames: Buffer[], signer: MessageSigner): JupyterMessage {
  const delim = frames.findIndex((f) => f.equals(DELIMITER));
  if (delim < 0) throw new Error("Jupyter message without the <IDS|MSG> delimiter");
  if (frames.length < delim + 6) throw new Error(`Jupyter message with ${frames.length - delim - 1} frames after the delimiter; need at least 5`);
  const signature = frames[delim + 1].toString("utf8");
  const body = frames.slice(delim + 2, delim + 6);
  if (!signer.verify(signature, body)) throw new Error("Jupyter message with an invalid HMAC signature (wrong key?)");
  const parse = (b: Buffer, what: string): Record<string, unknown> => {
    const v: unknown = JSON.parse(b.toString("utf8"));
    if (v === null || typeof v !== "object" || Array.isArray(v)) throw new Error(`Jupyter message ${what} is not a JSON object`);
    return v as Record<string, unknown>;
  };
  const header = parse(body[0], "header") as MessageHeader;
  if (typeof header.msg_type !== "string") throw new Error("Jupyter message header without msg_type");
  return {
    identities: frames.slice(0, delim),
    header,
    parent_header: parse(body[1], "parent_header") as Partial<MessageHeader>,
    metadata: parse(body[2], "metadata"),
    content: parse(body[3], "content"),
    buffers: frames.slice(delim + 6),
  };
}

/** A message about to be sent. */
export interface OutgoingMessage {
  msgType: string;
  content: Record<string, unknown>;
  parent?: Partial<MessageHeader>;
  identities?: Buffer[];
  metadata?: Record<string, unknown>;
  buffers?: Buffer[];
  /** A header made earlier with `MessageFactory.header` (when the caller needs the msg_id first). */
  header?: MessageHeader;
}

/** Builds headers for outgoing messages of one kernel session. */
export class MessageFactory {
  /** This kernel process's session id. */
  readonly session: string = randomUUID();

  constructor(private readonly signer: MessageSigner, private readonly username = "dl4ds") {}

  /** A fresh header for `msgType`. */
  header(msgType: string): MessageHeader {
    return {
      msg_id: randomUUID(),
      session: this.session,
      username: this.username,
      date: new Date().toISOString(),
      msg_type: msgType,
      version: PROTOCOL_VERSION,
    };
  }

  /** Encodes and signs a message into frames ready for `socket.send`. */
  encode(msg: OutgoingMessage): Buffer[] {
    const body = [
      JSON.stringify(msg.header ?? this.header(msg.msgType)),
      JSON.stringify(msg.parent ?? {}),
      JSON.stringify(msg.metadata ?? {}),
      JSON.stringify(msg.content),
    ].map((s) => Buffer.from(s, "utf8"));
    return [...(msg.identities ?? []), DELIMITER, Buffer.from(this.signer.sign(body), "utf8"), ...body, ...(msg.buffers ?? [])];
  }
}
