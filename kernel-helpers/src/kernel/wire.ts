/**
 * Jupyter's wire format: how one message travels over ZeroMQ as frames, signed with HMAC-SHA256.
 * https://jupyter-client.readthedocs.io/en/stable/messaging.html#the-wire-protocol
 */
import { createHmac, randomUUID } from 'node:crypto';

export const PROTOCOL_VERSION = '5.3';
const DELIMITER = '<IDS|MSG>';

export interface Header {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
}

export interface Message {
  /** ZeroMQ routing identities: a reply goes back to the same ones. */
  identities: Buffer[];
  header: Header;
  parent_header: Partial<Header>;
  metadata: Record<string, unknown>;
  content: Record<string, any>;
  buffers: Buffer[];
}

export function sign(key: string, parts: string[]): string {
  if (!key) return '';
  const hmac = createHmac('sha256', key);
  for (const part of parts) hmac.update(part);
  return hmac.digest('hex');
}

/** Reads a message from its frames; refuses one whose signature does not match the key. */
export function decode(frames: Buffer[], key: string): Message {
  const delimiter = frames.findIndex((frame) => frame.toString() === DELIMITER);
  if (delimiter < 0) throw new Error('Jupyter message without the <IDS|MSG> delimiter');
  const [signature, ...rest] = frames.slice(delimiter + 1).map((frame) => frame.toString());
  const parts = rest.slice(0, 4);
  if (parts.length < 4) throw new Error(`Jupyter message with ${parts.length} of its 4 parts`);
  if (signature !== sign(key, parts)) throw new Error('Jupyter message with a wrong signature');
  const [header, parent_header, metadata, content] = parts.map((part) => JSON.parse(part));
  return {
    identities: frames.slice(0, delimiter),
    header,
    parent_header,
    metadata,
    content,
    buffers: frames.slice(delimiter + 6),
  };
}

export function encode(message: Message, key: string): (Buffer | string)[] {
  const parts = [message.header, message.parent_header, message.metadata, message.content].map((part) => JSON.stringify(part));
  return [...message.identities, DELIMITER, sign(key, parts), ...parts, ...message.buffers];
}

/** A new message of `msgType` in answer to (or caused by) `parent`, sent back to the parent's identities. */
export function childMessage(parent: Message, msgType: string, content: Record<string, unknown>): Message {
  return {
    identities: parent.identities,
    header: {
      msg_id: randomUUID(),
      session: parent.header.session,
      username: parent.header.username,
      date: new Date().toISOString(),
      msg_type: msgType,
      version: PROTOCOL_VERSION,
    },
    parent_header: parent.header,
    metadata: {},
    content,
    buffers: [],
  };
}
