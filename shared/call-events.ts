import type { CallId, ChannelId } from './ids';
import type { MethodKind } from './catalog';
import type { ReceivedMetadata } from './metadata';
import type { CallTrace } from './trace-context';

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
  /**
   * The detail as canonical proto3 JSON. A detail of a type no registry knows is
   * {"@type": url, "value": "<base64>"} with a note; null only from older engines.
   */
  json: unknown;
  /** Parts shown undecoded (the detail's own type, or an Any inside it), when any. */
  notes?: string[];
  /** Fields the detail carried that its descriptor does not define. */
  unknownFields?: UnknownField[];
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
  /** The address that served the call (grpc-js getPeer), once headers or status arrived; absent when unknown. */
  peer?: string;
  /** The grpc-encoding the request stream carried ('identity' when none); absent when no stream was opened. */
  requestEncoding?: string;
  /** The grpc-encoding of the response headers ('identity' when none); absent when no headers came. */
  responseEncoding?: string;
  /** Sent messages written with the gRPC compressed flag set; absent when no stream was opened. */
  sentCompressed?: number;
  /** Every attempt (HTTP/2 stream) the call made, in order: more than one when a service config retried or hedged it. Absent when no stream was opened. */
  attempts?: CallAttempt[];
}

/** One attempt of a call, in ms since the call started. */
export interface CallAttempt {
  startMs: number;
  endMs: number;
  /** The gRPC status code its response carried; null when it had none (reset, or a hedge cancelled once another won). */
  code: number | null;
}

export type MessageDirection = 'sent' | 'received';

export interface StreamMessage {
  direction: MessageDirection;
  /** 0-based, counted per direction. */
  index: number;
  /** Milliseconds since the call started, stamped in the engine. */
  timeMs: number;
  /** Exact serialized size (before compression). */
  bytes: number;
  /**
   * How the message's gRPC frame travelled; absent when not observed. A sent message's frame is
   * written after its event (grpc-js compresses asynchronously, and waits for a connection), so
   * it usually arrives later as a `sent_wire` event for the same index.
   */
  wire?: MessageWire;
  /** The message as canonical proto3 JSON text. */
  json: string;
  /** Received only: fields the method's descriptor does not define (the server's .proto is newer). Absent when none. */
  unknownFields?: UnknownField[];
  /** Received only: parts shown undecoded, e.g. a google.protobuf.Any of a type no loaded proto defines. Absent when none. */
  notes?: string[];
  /** Received only: the bytes are not a valid message of the method's output type; json then holds "@error" and "@bytesBase64". */
  undecodable?: UndecodableMessage;
  /**
   * Present when `json` is only the first part of the message's JSON (a big message crossed to
   * the shell as a bounded preview); the full message is served by calls:messages at `position`.
   */
  preview?: MessagePreview;
}

/** A message whose JSON crossed cut short: how long the full JSON is and where the engine keeps it. */
export interface MessagePreview {
  /** Characters of the full JSON text. */
  jsonChars: number;
  /** The message's position in the call (both directions, engine order): calls:messages `from`. */
  position: number;
}

/** A message's gRPC frame as it travelled. */
export interface MessageWire {
  /** The frame's compressed flag, with the stream's grpc-encoding that compressed it ('gzip', 'deflate'); null = sent as is. */
  compression: string | null;
  /** Payload bytes on the wire (the compressed size when compressed), without the 5-byte frame prefix. */
  bytes: number;
}

export type UnknownWireType = 'varint' | 'fixed64' | 'length-delimited' | 'group' | 'fixed32';

/** A field a received message carried that its descriptor does not know, read from the wire as it came. */
export interface UnknownField {
  /** JSON path of the message that holds it: '' for the message itself, e.g. "address" or "items[1]". */
  path: string;
  /** The field number. */
  number: number;
  wireType: UnknownWireType;
  /** varint, fixed32, fixed64: the unsigned decimal value; length-delimited: text when printable UTF-8, else hex; group: hex. */
  value: string;
  /** How `value` shows a length-delimited or group value. */
  encoding?: 'utf8' | 'hex';
  /** Other readings of the same bits, e.g. "int64 -1", "float 1.5". */
  alternatives?: string[];
  /** Size of a length-delimited or group value in bytes. */
  byteLength?: number;
  /** True when `value` shows only the first part of a long value. */
  truncated?: boolean;
}

/** Why received bytes are not a message of the expected type. */
export interface UndecodableMessage {
  /** The method's output type, e.g. "demo.v1.EchoResponse". */
  typeName: string;
  /** The decoder's own reason, e.g. "premature EOF". */
  reason: string;
}

/** Everything that happens in a call. timeMs is ms since the call started, stamped in the engine. */
export type CallEvent =
  /** trace: the W3C traceparent the call sent (Send trace context, or the user's own), absent when none. */
  | { type: 'started'; timeMs: number; at: number; methodPath: string; kind: MethodKind; target: string; channelId: ChannelId; trace?: CallTrace }
  /** peer: the address that served the call (grpc-js getPeer), absent when unknown. encoding: the response's grpc-encoding ('identity' when none), absent when not observed. */
  | { type: 'headers'; timeMs: number; metadata: ReceivedMetadata; peer?: string; encoding?: string }
  | ({ type: 'message' } & StreamMessage)
  /** Messages the engine did not forward because of the retention cap (counted, not kept). */
  | { type: 'dropped'; timeMs: number; direction: MessageDirection; count: number }
  /** The frame of sent message `index` was written (timeMs: then): its compression and wire size. Once per message, from the first attempt that wrote it. */
  | { type: 'sent_wire'; timeMs: number; index: number; wire: MessageWire }
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
