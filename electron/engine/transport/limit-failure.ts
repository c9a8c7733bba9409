import { status as GrpcStatus } from '@grpc/grpc-js';

/**
 * Words for the two limits a call can hit that grpc-js reports in its own terms: the deadline
 * ("Deadline exceeded after 0.151s,LB pick: 0.001s,remote_addr=127.0.0.1:50051") and the message
 * size limits ("Received message larger than max (10003 vs 10002)", "Attempted to send message
 * with a size larger than 101"). They are true, but say neither which setting nor whose limit.
 * Used by call-failure.ts, which adds grpc-js's text at the end.
 */

/** The settings as the Connection settings panel labels them (renderer/src/features/request/ConnectionSettingsPanel.tsx). */
export const MAX_RECEIVE_LABEL = "'Max receive message size (bytes)'";
/** No field in the panel: set in a request file's connection settings (collection-format.ts), unlimited when absent. */
const MAX_SEND_SETTING = 'max send message size (maxSendBytes)';

/** This channel's message limits as grpc-js was given them; -1 = unlimited. */
export interface MessageLimits {
  receiveBytes: number;
  sendBytes: number;
}

/** What the end of a call tells about a limit it ran into. */
export interface LimitEnd {
  code: number;
  details: string;
  /** The response headers came before the end. */
  headersReceived: boolean;
  /** The deadline (ms) the user gave the call; null = none, undefined = not the user's (reflection). */
  deadlineMs?: number | null;
}

const bytes = (n: number): string => `${n.toLocaleString('en-US')} bytes`;

/** grpc-js's client-side deadline, as opposed to a DEADLINE_EXCEEDED the server sent itself. */
const CLIENT_DEADLINE = /^Deadline exceeded after (\d+(?:\.\d+)?)s/;

export function explainDeadline(end: LimitEnd, target: string): string | null {
  if (end.code !== GrpcStatus.DEADLINE_EXCEEDED) return null;
  const match = CLIENT_DEADLINE.exec(end.details);
  if (match === null) return null; // the server's own DEADLINE_EXCEEDED (e.g. an upstream's) keeps its words
  // Only a call the user gave a deadline: reflection's deadline is the engine's, and it says so itself.
  if (typeof end.deadlineMs !== 'number') return null;
  const deadline = `The deadline of ${end.deadlineMs.toLocaleString('en-US')} ms`;
  const raise = 'Raise the deadline (or leave it empty for none) if the call needs longer.';
  if (/Waiting for LB pick|Waiting for name resolution|Waiting for connectivity/i.test(end.details)) {
    return `${deadline} passed before the call was sent: it was still waiting for a connection to ${target}. ${raise}`;
  }
  return end.headersReceived
    ? `${deadline} passed while the server was still answering: it had sent its response headers, but not the end of the call. Messages received before it are kept. ${raise}`
    : `${deadline} passed before the server answered: no response headers came from ${target}. ${raise}`;
}

const RECEIVED_TOO_LARGE = /^Received message larger than max \((\d+) vs (\d+)\)/;
const SEND_TOO_LARGE = /^Attempted to send message with a size larger than (\d+)/;

/**
 * Whose limit a message was over. grpc-js (client) and gRPC servers (grpc-js, grpc core) use the
 * same words for a received message over the limit, so "Received message larger than max" is
 * this client's when the limit in it is this channel's receive limit and the server had answered
 * (a response message can only come after the headers); otherwise it is the server refusing the
 * request message against its own receive limit (4 MiB by default in most gRPC servers).
 */
export function explainMessageSize(end: LimitEnd, limits: MessageLimits | undefined): string | null {
  if (end.code !== GrpcStatus.RESOURCE_EXHAUSTED) return null;
  const received = RECEIVED_TOO_LARGE.exec(end.details);
  if (received !== null) {
    const size = Number(received[1]);
    const limit = Number(received[2]);
    const ours = limits !== undefined && limits.receiveBytes === limit && end.headersReceived;
    return ours
      ? `The server's response message is ${bytes(size)}, more than this connection's ${MAX_RECEIVE_LABEL}, ${bytes(limit)}, so it was refused. Raise ${MAX_RECEIVE_LABEL} in the Connection settings (-1 = unlimited) to receive it.`
      : `The server refused the request message: it is ${bytes(size)}, more than the server's own limit for messages it receives, ${bytes(limit)}. Send a smaller message, or raise the limit on the server (e.g. grpc.max_receive_message_length).`;
  }
  const sent = SEND_TOO_LARGE.exec(end.details);
  if (sent !== null) {
    const limit = Number(sent[1]);
    return `A request message is larger than this connection's ${MAX_SEND_SETTING}, ${bytes(limit)}, so it was not sent. Send a smaller message, or raise maxSendBytes in the request's connection settings (or remove it: no limit).`;
  }
  return null;
}
