import type { CallId, ChannelId } from './ids';
import type { MethodKind } from './catalog';
import type { ReceivedMetadata } from './metadata';

export type StatusCodeName =
  | 'OK' | 'CANCELLED' | 'UNKNOWN' | 'INVALID_ARGUMENT' | 'DEADLINE_EXCEEDED' | 'NOT_FOUND'
  | 'ALREADY_EXISTS' | 'PERMISSION_DENIED' | 'RESOURCE_EXHAUSTED' | 'FAILED_PRECONDITION' | 'ABORTED'
  | 'OUT_OF_RANGE' | 'UNIMPLEMENTED' | 'INTERNAL' | 'UNAVAILABLE' | 'DATA_LOSS' | 'UNAUTHENTICATED';

export const STATUS_CODE_NAMES: readonly StatusCodeName[] = [
  'OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS',
  'PERMISSION_DENIED', 'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE',
  'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED',
];

export function statusCodeName(code: number): StatusCodeName | `CODE_${number}` {
  return STATUS_CODE_NAMES[code] ?? `CODE_${code}`;
}

/** One decoded detail of a google.rpc.Status (ErrorInfo, BadRequest, RetryInfo, ...). */
export interface RichErrorDetail {
  /** Fully-qualified type, e.g. "google.rpc.BadRequest"; for unknown types the Any's type URL. */
  type: string;
  /** The detail as canonical proto3 JSON; null when the type is unknown to the registry. */
  json: unknown;
}

export interface CallStatus {
  code: number;
  codeName: string;
  details: string;
  trailers: ReceivedMetadata;
  /** Decoded from the grpc-status-details-bin trailer, when the server sent one. */
  richDetails: RichErrorDetail[] | null;
}

export interface CallTiming {
  /** Time spent waiting for a READY connection before the call could start; null if it did not wait. */
  waitForConnectionMs: number | null;
  timeToHeadersMs: number | null;
  timeToFirstMessageMs: number | null;
  totalMs: number;
  messagesSent: number;
  messagesReceived: number;
  bytesSent: number;
  bytesReceived: number;
}

export type MessageDirection = 'sent' | 'received';

export interface StreamMessage {
  direction: MessageDirection;
  /** 0-based, counted per direction. */
  index: number;
  /** Milliseconds since the call started, stamped in the engine. */
  timeMs: number;
  /** Exact serialized size on the wire (before compression). */
  bytes: number;
  /** The message as canonical proto3 JSON text. */
  json: string;
}

/** Everything that happens in a call. timeMs is ms since the call started, stamped in the engine. */
export type CallEvent =
  | { type: 'started'; timeMs: number; at: number; methodPath: string; kind: MethodKind; target: string; channelId: ChannelId }
  | { type: 'headers'; timeMs: number; metadata: ReceivedMetadata }
  | ({ type: 'message' } & StreamMessage)
  /** Messages the engine did not forward because of the retention cap (counted, not kept). */
  | { type: 'dropped'; timeMs: number; direction: MessageDirection; count: number }
  | { type: 'half_closed'; timeMs: number }
  | { type: 'status'; timeMs: number; status: CallStatus }
  | { type: 'ended'; timeMs: number; timing: CallTiming };

export interface CallEventEnvelope {
  callId: CallId;
  event: CallEvent;
}

/**
 * A call as the engine knows it now, as the events that rebuild it: `started`, then headers,
 * `dropped` counts for messages not included, the last messages, half_closed, status and
 * ended as far as the call got. Lets a page that lost events (a gap in EventBatch.seq, a
 * reconnect) show the truth again.
 */
export type CallSnapshot = { callId: CallId; known: true; events: CallEvent[] } | { callId: CallId; known: false };

export interface CallSnapshotRequest {
  callIds: CallId[];
  /** At most this many of the last messages per call (both directions together). */
  lastMessages: number;
}

export interface CallSnapshotBatch {
  /** The snapshots include every event of batches up to this seq, and none after it. */
  seq: number;
  calls: CallSnapshot[];
}
