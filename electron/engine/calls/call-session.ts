import { performance } from 'node:perf_hooks';
import {
  Metadata,
  status as GrpcStatus,
  type CallOptions as GrpcCallOptions,
  type Client,
  type ClientDuplexStream,
  type ClientReadableStream,
  type ClientUnaryCall,
  type ClientWritableStream,
  type StatusObject,
} from '@grpc/grpc-js';
import {
  statusCodeName,
  type CallEvent,
  type CallStatus,
  type CallTiming,
  type MessageWire,
} from '../../../shared/call-events';
import type { CatalogMethod } from '../../../shared/catalog';
import type { ConnectivityState } from '../../../shared/connection';
import type { ChannelId } from '../../../shared/ids';
import type { CallTrace } from '../../../shared/trace-context';
import { err, ok, type Result } from '../../../shared/result';
import type { MethodCodec, StatusDetailsDecoder, StatusDetailsReading } from '../codec/method-codec';
import type { CallEnd } from '../transport/call-failure';
import { toReceivedMetadata } from './call-metadata';
import { openCallWireTap, type CallWireTap } from '../transport/call-wire-tap';
import type { WireFrame } from '../transport/grpc-frame-reader';
import { explainResponseHeaderLimit } from './response-header-limits';
import { MESSAGE_PREVIEW_CHARS } from './message-preview';
import { readReceivedMessage, type ReceivedPreviewEvent, type ReceivedReading, type SessionEvent } from './received-message';
import type { CallSessionShape } from './call-session-shape';

/** What a call needs from its channel (a PooledChannel is one). */
export interface CallChannel {
  channelId: ChannelId;
  client: Pick<Client, 'makeUnaryRequest' | 'makeServerStreamRequest' | 'makeClientStreamRequest' | 'makeBidiStreamRequest'>;
  displayTarget: string;
  connectivityState(): ConnectivityState;
  onStateChange(listener: (state: ConnectivityState) => void): () => void;
  /** Words for how the call ended (transport/call-failure.ts), or null to keep grpc-js's details. */
  explainEnd(end: CallEnd): string | null;
  /**
   * A fact explainEnd needs that is still being learned (the name lookup of a target that did not
   * resolve): the end waits for it (bounded) before it is explained. Null = explain now.
   */
  factsPending?(end: CallEnd): Promise<void> | null;
  methodPath(path: string): string;
}

export interface CallSessionParams {
  /** The registry's id for this call, told with its end (the calls a GOAWAY ended); absent = not told. */
  callId?: string;
  method: CatalogMethod;
  codec: MethodCodec;
  statusDecoder: StatusDetailsDecoder;
  channel: CallChannel;
  metadata: Metadata;
  /** null = no deadline. */
  deadlineMs: number | null;
  emitDefaults: boolean;
  /** grpc-js waitForReady: wait for a READY channel instead of failing fast with UNAVAILABLE. Absent = false. */
  waitForReady?: boolean;
  /** The traceparent `metadata` carries, told in the started event; absent or null = none. */
  trace?: CallTrace | null;
  /**
   * Receives every event of this call, in order, stamped in ms since the call started. A big
   * received message comes as a preview with its whole JSON on demand (ReceivedPreviewEvent).
   */
  emit: (event: SessionEvent) => void;
  /**
   * Asks the server (reflection) for message types an Any names that no registry knows; null
   * when nothing is left to ask. Until it answers, this message and every event after it wait,
   * so the order stays; their timeMs is still when they arrived.
   */
  resolveTypes?: (typeNames: string[]) => Promise<void> | null;
}

/** The request of a unary or server-streaming call, already encoded. */
export interface EncodedRequest {
  bytes: Uint8Array;
  json: string;
}

type GrpcCall = ClientUnaryCall | ClientReadableStream<Buffer> | ClientWritableStream<Buffer> | ClientDuplexStream<Buffer, Buffer>;
type WritableCall = ClientWritableStream<Buffer> | ClientDuplexStream<Buffer, Buffer>;

const STATUS_DETAILS_KEY = 'grpc-status-details-bin';

/** Messages travel as raw bytes through grpc-js: identity (de)serializers make sizes exact wire sizes. */
const serializeIdentity = (bytes: Buffer): Buffer => bytes;
/**
 * How long the messages of one burst are read before the call pauses until the next turn of the
 * event loop. grpc-js decodes every frame of a socket chunk at once and reads them out in one
 * macrotask (thousands of small messages: ~30 ms here, with a p99 event-loop delay of 25-37 ms
 * in the engine's process); pausing the stream lets timers, IPC and other calls in between,
 * and grpc-js holds the rest (it pauses the HTTP/2 stream too, so the server is slowed, not buffered).
 */
const READ_SLICE_MS = 4;
const ignore = (): void => undefined;

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * One gRPC call of any kind. It turns grpc-js callbacks into CallEvents: started, headers,
 * message (sent/received, with exact byte sizes and canonical JSON), half_closed, and exactly
 * one status followed by exactly one ended (also on cancel, deadline, connection failure and
 * when grpc-js refuses to start the call).
 */
export class CallSession implements CallSessionShape {
  private startedAt = 0;
  /** Wall-clock start (epoch ms), to tell connection events during this call from older ones. */
  private startedAtWallClock = 0;
  /** The response headers, kept to tell a non-gRPC server's answer from a gRPC one. */
  private responseHeaders: Metadata | null = null;
  private call: GrpcCall | null = null;
  private finished = false;
  /** When the current run of received messages began (performance.now()), null between turns of the loop. */
  private readSliceStartedAt: number | null = null;
  private halfClosed = false;
  /** Why the engine cancelled the call, told to the user instead of grpc-js's "Cancelled on client". */
  private cancelReason: string | null = null;
  /** This side cancelled (see CallEnd.cancelledHere): a CANCELLED status is then not the server's. */
  private cancelledHere = false;
  private stopWaiting: () => void = ignore;
  /** Sees this call's HTTP/2 stream: grpc-encodings and each received frame (call-wire-tap.ts). */
  private wire: CallWireTap | null = null;
  /** Frames of sent messages written before their message event was recorded, by index (rare; see onSentFrame). */
  private readonly earlySentWires = new Map<number, MessageWire>();
  /** True from a start on a channel that was not READY until READY (or the end of the call). */
  private waitingForReady = false;
  private readonly timing: CallTiming = {
    waitForConnectionMs: null,
    timeToHeadersMs: null,
    timeToFirstMessageMs: null,
    totalMs: 0,
    messagesSent: 0,
    messagesReceived: 0,
    bytesSent: 0,
    bytesReceived: 0,
  };

  constructor(private readonly params: CallSessionParams) {}

  get kind(): CatalogMethod['kind'] {
    return this.params.method.kind;
  }

  get isFinished(): boolean {
    return this.finished;
  }

  get isHalfClosed(): boolean {
    return this.halfClosed;
  }

  /** Milliseconds since the call started. */
  private now(): number {
    return performance.now() - this.startedAt;
  }

  /** Start the call; `request` is required for unary and server-streaming calls and ignored otherwise. */
  start(request: EncodedRequest | null): void {
    const { method, channel } = this.params;
    this.startedAt = performance.now();
    this.startedAtWallClock = Date.now();
    this.params.emit({
      type: 'started',
      timeMs: 0,
      at: this.startedAtWallClock,
      methodPath: method.path,
      kind: method.kind,
      target: channel.displayTarget,
      channelId: channel.channelId,
      ...(this.params.trace ? { trace: this.params.trace } : {}),
    });
    this.watchForReady();

    const path = channel.methodPath(method.path);
    const options: GrpcCallOptions = this.params.deadlineMs === null ? {} : { deadline: Date.now() + this.params.deadlineMs };
    const { client } = channel;
    this.wire = openCallWireTap(this.params.waitForReady === true ? waitingForReady(this.params.metadata) : this.params.metadata);
    const { metadata } = this.wire;
    this.wire.onSentFrame((index, frame) => this.onSentFrame(index, frame));
    let call: GrpcCall;
    try {
      switch (method.kind) {
        case 'unary':
          call = client.makeUnaryRequest(path, serializeIdentity, this.deserialize, toBuffer(this.requireRequest(request).bytes), metadata, options, ignore);
          break;
        case 'server_streaming':
          call = client.makeServerStreamRequest(path, serializeIdentity, this.deserialize, toBuffer(this.requireRequest(request).bytes), metadata, options);
          break;
        case 'client_streaming':
          call = client.makeClientStreamRequest(path, serializeIdentity, this.deserialize, metadata, options, ignore);
          break;
        case 'bidi_streaming':
          call = client.makeBidiStreamRequest(path, serializeIdentity, this.deserialize, metadata, options);
          break;
      }
    } catch (e) {
      // grpc-js refused to start (e.g. the channel was closed): still one status and one ended.
      this.finish({ code: GrpcStatus.INTERNAL, details: `The call could not start: ${(e as Error).message}`, metadata: new Metadata() });
      return;
    }
    this.call = call;
    call.on('metadata', (headers: Metadata) => this.onHeaders(headers));
    call.on('status', (status: StatusObject) => this.finish(status));
    if ('read' in call) {
      // Messages are taken in the deserializer (see there); the stream must still flow so that
      // grpc-js keeps reading, and its 'error' (a non-OK status) is reported through 'status'.
      call.on('error', ignore);
      call.resume();
    }
    if (request !== null && (method.kind === 'unary' || method.kind === 'server_streaming')) {
      this.recordSent(request);
      this.halfClosed = true; // grpc-js half-closes unary and server-streaming calls itself
      const timeMs = this.now();
      this.inOrder(() => [{ type: 'half_closed', timeMs }]);
    }
  }

  /** Send one more message on a client-streaming or bidi call. */
  write(json: string): Result<{ index: number }> {
    const writable = this.writableCall('send a message');
    if (!writable.ok) return writable;
    const encoded = this.params.codec.encodeRequest(json);
    if (!encoded.ok) return encoded;
    const index = this.timing.messagesSent;
    writable.value.write(toBuffer(encoded.value.bytes));
    this.recordSent(encoded.value);
    return ok({ index });
  }

  /**
   * Tell the server no more messages follow. Refused like a write when there is no client stream
   * to close (unary, server-streaming) or it is closed already: a second half-close answering ok
   * would hide a script's or a user's mistaken idea of the call's state, while a write in the same
   * state is refused.
   */
  halfClose(): Result<null> {
    const kind = this.params.method.kind;
    if (kind === 'unary' || kind === 'server_streaming') {
      const name = kind === 'unary' ? 'a unary call' : 'a server-streaming call';
      return err('CALL_STATE', `Cannot half-close: ${name} has no client stream to close (its one request was sent, and the stream closed, when it started).`, { kind });
    }
    if (this.finished) return this.endedError('half-close');
    if (this.halfClosed) return err('CALL_STATE', 'Cannot half-close: the call is already half-closed (the client said it has no more messages); wait for the server to end it, or cancel it.', { state: 'half_closed' });
    const writable = this.writableCall('half-close');
    if (!writable.ok) return writable;
    writable.value.end();
    this.halfClosed = true;
    const timeMs = this.now();
    this.inOrder(() => [{ type: 'half_closed', timeMs }]);
    return ok(null);
  }

  /**
   * Cancel the call; its status will be CANCELLED, with `reason` as its details when given.
   * A no-op once the call has ended.
   */
  cancel(reason?: string): void {
    if (this.finished) return;
    this.cancelledHere = true;
    if (reason !== undefined) this.cancelReason = reason;
    this.call?.cancel();
  }

  private requireRequest(request: EncodedRequest | null): EncodedRequest {
    if (request === null) throw new Error(`a ${this.params.method.kind} call needs its request message at start`);
    return request;
  }

  private writableCall(action: string): Result<WritableCall> {
    const kind = this.params.method.kind;
    if (kind === 'unary' || kind === 'server_streaming') {
      return err('CALL_STATE', `Cannot ${action}: a ${kind === 'unary' ? 'unary' : 'server-streaming'} call takes its one request when it starts. Start a new call to send another.`, { kind });
    }
    if (this.finished) return this.endedError(action);
    if (this.halfClosed) return err('CALL_STATE', `Cannot ${action}: the call is half-closed (the client said it has no more messages). Start a new call to send more.`, { state: 'half_closed' });
    if (this.call === null || !('write' in this.call)) return err('CALL_STATE', `Cannot ${action}: the call did not start.`);
    return ok(this.call);
  }

  private endedError(action: string): Result<never> {
    return err('CALL_STATE', `Cannot ${action}: the call has already ended. Start a new call.`, { state: 'ended' });
  }

  private recordSent(request: EncodedRequest): void {
    const index = this.timing.messagesSent;
    this.timing.messagesSent += 1;
    this.timing.bytesSent += request.bytes.byteLength;
    const timeMs = this.now();
    const wire = this.earlySentWires.get(index);
    this.earlySentWires.delete(index);
    this.inOrder(() => [{ type: 'message', direction: 'sent', index, timeMs, bytes: request.bytes.byteLength, ...(wire ? { wire } : {}), json: request.json }]);
  }

  /**
   * The wire tap saw sent message `index`'s frame written. Its message event normally left
   * already (grpc-js writes after asynchronous compression), so the frame follows as sent_wire;
   * one written before its message was recorded rides on the message event itself.
   */
  private onSentFrame(index: number, frame: WireFrame): void {
    if (this.finished) return;
    const wire: MessageWire = { compression: frame.compressed ? (this.wire?.requestEncoding() ?? null) : null, bytes: frame.bytes };
    if (index >= this.timing.messagesSent) {
      this.earlySentWires.set(index, wire);
      return;
    }
    const timeMs = this.now();
    this.inOrder(() => [{ type: 'sent_wire', timeMs, index, wire }]);
  }

  /**
   * The response "deserializer": grpc-js calls it once per message, in order, the moment the
   * message is read off the stream (before any status), for every call kind. So this is where
   * messages are timed and decoded; grpc-js's own callbacks only get the bytes back. It never
   * throws: an undecodable message becomes an error note and the call goes on.
   */
  private readonly deserialize = (bytes: Buffer): Buffer => {
    if (this.finished) return bytes;
    this.yieldAfterSlice();
    const timeMs = this.now();
    const index = this.timing.messagesReceived;
    this.timing.messagesReceived += 1;
    this.timing.bytesReceived += bytes.length;
    this.timing.timeToFirstMessageMs ??= timeMs;
    const wire = this.receivedWire();
    const message = (read: ReceivedReading): SessionEvent => receivedEvent(index, timeMs, bytes.length, wire, read);
    // The common case without closures or a queue: grpc-js calls this for every frame of a socket
    // chunk in one go (thousands of small messages), so per-message garbage multiplies.
    const now = this.backlog === null ? this.readReceived(bytes) : null;
    if (now !== null && now.unresolvedTypeNames.length === 0) {
      this.params.emit(message(now));
      return bytes;
    }
    this.inOrder(() => {
      const first = now ?? this.readReceived(bytes);
      const waiting = first.unresolvedTypeNames.length > 0 ? (this.params.resolveTypes?.(first.unresolvedTypeNames) ?? null) : null;
      if (waiting === null) return [message(first)];
      return waiting.then(
        () => [message(this.readReceived(bytes))],
        () => [message(first)],
      );
    });
    return bytes;
  };

  /**
   * Counts this message into the current run of reads; a run longer than READ_SLICE_MS pauses a
   * streaming call until the next turn of the event loop (the message at hand is still read now).
   */
  private yieldAfterSlice(): void {
    const now = performance.now();
    if (this.readSliceStartedAt === null) {
      this.readSliceStartedAt = now;
      setImmediate(() => (this.readSliceStartedAt = null));
      return;
    }
    const call = this.call;
    if (now - this.readSliceStartedAt < READ_SLICE_MS || call === null || !('read' in call) || call.isPaused()) return;
    call.pause();
    setImmediate(() => {
      if (!this.finished) call.resume();
    });
  }

  /** The frame of the message grpc-js just decoded (frames and deserializer calls come in the same order). */
  private receivedWire(): MessageWire | null {
    const frame = this.wire?.takeReceivedFrame();
    if (frame === undefined) return null;
    return { compression: frame.compressed ? (this.wire?.responseEncoding() ?? null) : null, bytes: frame.bytes };
  }

  /** The call's grpc-encodings and compressed sent messages, for CallTiming; empty when no stream was seen. */
  private wireSummary(endMs: number): Pick<CallTiming, 'requestEncoding' | 'responseEncoding' | 'sentCompressed' | 'attempts'> {
    const requestEncoding = this.wire?.requestEncoding() ?? null;
    if (this.wire === null || requestEncoding === null) return {};
    const responseEncoding = this.wire.responseEncoding();
    const attempts = this.wire.attempts().map((a) => ({
      startMs: Math.max(0, a.startedAt - this.startedAt),
      endMs: a.endedAt === null ? endMs : Math.min(endMs, a.endedAt - this.startedAt),
      code: a.code,
    }));
    return { requestEncoding, sentCompressed: this.wire.sentFrames().compressed, attempts, ...(responseEncoding !== null ? { responseEncoding } : {}) };
  }

  /** Events wait behind one that waits (for reflection); otherwise they leave at once. */
  private backlog: Promise<void> | null = null;

  private inOrder(produce: () => SessionEvent[] | Promise<SessionEvent[]>): void {
    const run = (): Promise<void> | undefined => {
      const events = produce();
      if (events instanceof Promise) return events.then((list) => this.emitAll(list));
      this.emitAll(events);
      return undefined;
    };
    const waiting = this.backlog === null ? run() : this.backlog.then(run);
    if (waiting === undefined) return;
    const tracked: Promise<void> = waiting
      .catch(() => undefined)
      .then(() => {
        if (this.backlog === tracked) this.backlog = null;
      });
    this.backlog = tracked;
  }

  private emitAll(events: SessionEvent[]): void {
    for (const event of events) this.params.emit(event);
  }

  private readReceived(bytes: Buffer): ReceivedReading {
    // Only what a shell shows is built now; the ring keeps the bytes for the whole JSON.
    return readReceivedMessage(this.params.codec, bytes, this.params.emitDefaults, MESSAGE_PREVIEW_CHARS);
  }

  private onHeaders(headers: Metadata): void {
    if (this.finished) return;
    this.responseHeaders = headers;
    const timeMs = this.now();
    this.timing.timeToHeadersMs ??= timeMs;
    const metadata = toReceivedMetadata(headers);
    const peer = this.peer();
    if (peer !== null) this.timing.peer = peer;
    const encoding = this.wire?.responseEncoding() ?? null;
    this.inOrder(() => [{ type: 'headers', timeMs, metadata, ...(peer !== null ? { peer } : {}), ...(encoding !== null ? { encoding } : {}) }]);
  }

  /** The address that serves the call, or null while grpc-js does not know it ("unknown"). */
  private peer(): string | null {
    try {
      const peer = this.call?.getPeer() ?? 'unknown';
      return peer === '' || peer === 'unknown' ? null : peer;
    } catch {
      return null;
    }
  }

  /** Time how long the call waits for a READY connection, if the channel is not READY now. */
  private watchForReady(): void {
    if (this.params.channel.connectivityState() === 'READY') return;
    this.waitingForReady = true;
    this.stopWaiting = this.params.channel.onStateChange((state) => {
      if (state !== 'READY' || !this.waitingForReady) return;
      this.waitingForReady = false;
      this.timing.waitForConnectionMs = this.now();
      this.stopWaiting();
    });
  }

  private finish(status: StatusObject): void {
    if (this.finished) return;
    this.finished = true;
    this.halfClosed = true;
    this.stopWaiting();
    const timeMs = this.now();
    // A call that ends before the channel is READY waited for a connection its whole life.
    if (this.waitingForReady) this.timing.waitForConnectionMs = timeMs;
    this.waitingForReady = false;
    const end: CallEnd = {
      code: status.code,
      details: status.details,
      headers: this.responseHeaders,
      trailers: status.metadata,
      startedAt: this.startedAtWallClock,
      cancelledHere: this.cancelledHere,
      deadlineMs: this.params.deadlineMs,
      ...(this.params.callId !== undefined ? { call: { callId: this.params.callId, method: this.params.method.fullName } } : {}),
    };
    const factsPending = this.params.channel.factsPending?.(end) ?? null;
    const explain = (): string | null =>
      this.params.channel.explainEnd(end) ?? explainResponseHeaderLimit(status.code, status.details, this.timing.timeToHeadersMs !== null);
    this.timing.totalMs = timeMs;
    if (this.timing.peer === undefined) {
      const peer = this.peer();
      if (peer !== null) this.timing.peer = peer;
    }
    const timing = { ...this.timing, ...this.wireSummary(timeMs) };
    this.wire?.release();
    const events = (rich: StatusDetailsReading | null): CallEvent[] => {
      const explained = explain();
      const callStatus: CallStatus = {
        code: status.code,
        codeName: statusCodeName(status.code),
        details: explained ?? (status.code === GrpcStatus.CANCELLED && this.cancelReason !== null ? this.cancelReason : status.details),
        trailers: toReceivedMetadata(status.metadata),
        richDetails: rich?.details ?? null,
      };
      return [
        { type: 'status', timeMs, status: callStatus },
        { type: 'ended', timeMs, timing },
      ];
    };
    this.inOrder(() => {
      const first = this.decodeRichDetails(status.metadata);
      const unresolved = first?.unresolvedTypeNames ?? [];
      const waiting = unresolved.length > 0 ? (this.params.resolveTypes?.(unresolved) ?? null) : factsPending;
      if (waiting === null) return events(first);
      return waiting.then(
        () => events(this.decodeRichDetails(status.metadata)),
        () => events(first),
      );
    });
  }

  private decodeRichDetails(trailers: Metadata): StatusDetailsReading | null {
    const value = trailers.get(STATUS_DETAILS_KEY)[0];
    if (value === undefined) return null;
    const bytes = typeof value === 'string' ? Buffer.from(value, 'base64') : value;
    try {
      return this.params.statusDecoder(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    } catch {
      return null;
    }
  }
}

/**
 * grpc-js takes waitForReady from the call's Metadata options, not from CallOptions. A copy, so
 * the metadata the reflection lookups of this call reuse (resolveTypes) stay fail-fast.
 */
function waitingForReady(metadata: Metadata): Metadata {
  const copy = metadata.clone();
  copy.setOptions({ ...metadata.getOptions(), waitForReady: true });
  return copy;
}

/** A received message event, built field by field (no spreads: this runs once per received message). */
function receivedEvent(index: number, timeMs: number, bytes: number, wire: MessageWire | null, read: ReceivedReading): SessionEvent {
  const { shown } = read;
  const event: ReceivedPreviewEvent | Extract<CallEvent, { type: 'message' }> = { type: 'message', direction: 'received', index, timeMs, bytes, json: shown.json };
  if (wire !== null) event.wire = wire;
  if (shown.unknownFields !== undefined) event.unknownFields = shown.unknownFields;
  if (shown.notes !== undefined) event.notes = shown.notes;
  if (shown.undecodable !== undefined) event.undecodable = shown.undecodable;
  if (read.whole !== undefined) (event as ReceivedPreviewEvent).whole = read.whole;
  return event;
}
