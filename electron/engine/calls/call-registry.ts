import { randomUUID } from 'node:crypto';
import type { Client, Metadata } from '@grpc/grpc-js';
import type { CallEventEnvelope, CallEvent, CallSnapshot, MessageDirection, StreamMessage } from '../../../shared/call-events';
import type { CatalogMethod } from '../../../shared/catalog';
import type { ConnectionSettings } from '../../../shared/connection';
import type { CallOptions } from '../../../shared/contract';
import { asCallId, asChannelId, type CallId, type ChannelId } from '../../../shared/ids';
import type { MetadataEntry } from '../../../shared/metadata';
import type { MessageRange, SavedStream } from '../../../shared/message-range';
import { err, ok, type Result } from '../../../shared/result';
import { NUMBER_RANGES } from '../../../shared/validation';
import type { MethodCodec, StatusDetailsDecoder } from '../codec/method-codec';
import type { ChannelPool, PooledChannel } from '../transport/channel-pool';
import { buildRequestMetadata } from './call-metadata';
import { CallSession, type EncodedRequest } from './call-session';
import { readMessageRange, type KeptMessages } from './message-range-reader';
import { crossingEvent, crossingMessage, keptMemoryBytes, keptMessage, wholeMessage, type KeptMessage } from './kept-message';
import type { SessionEvent } from './received-message';
import { MessageRing } from './message-ring';
import { RecordingStore } from './recording-store';
import { saveFailureReason, saveStreamAtomically } from './stream-saver';
import type { StreamRecorder } from './stream-recorder';
import { withTraceContext, type CallTrace } from '../../../shared/trace-context';
import { prepareTranscodedCall } from '../transcoding/transcoded-call-session';
import { protocolOf } from '../../../shared/wire-protocol';
import { openProtocolSession, protocolCallProblem } from '../protocols/protocol-call';
import type { CallSessionShape } from './call-session-shape';

export type { SavedStream } from '../../../shared/message-range';

export const DEFAULT_RETAIN_MESSAGES = 10_000;
/** Finished calls kept; with their retention rings this bounds memory at about keepFinished x N messages. */
const DEFAULT_KEEP_FINISHED = 8;
const MIB = 1024 * 1024;
/**
 * Memory one call's kept messages may take: 10,000 messages of 1 MiB were 10 GiB. Past it the
 * oldest go (to the recording first), as past the count. As much as all calls may take: at
 * 128 MiB a 200 x 1 MiB stream was recorded from its 120th message on, and decoding each whole
 * for its recording line cut that stream from 137 to 59 MB/s (bench `--only stream`).
 */
export const DEFAULT_RETAIN_BYTES_PER_CALL = 256 * MIB;
/**
 * Memory all calls' kept messages may take together: 8 finished streams of 200 x 1 MiB held
 * ~1.6 GB in the web host. Past it the oldest finished calls' messages go first, then the oldest
 * of the running calls.
 */
export const DEFAULT_RETAIN_BYTES_TOTAL = 256 * MIB;

export interface CallRegistryOptions {
  pool: ChannelPool;
  /** Messages kept in memory per call (both directions together); older ones are counted. */
  retainMessages?: number;
  /** Bytes (about, see keptMemoryBytes) one call's kept messages may take; older ones are released. */
  retainBytesPerCall?: number;
  /** Bytes all calls' kept messages may take together; the oldest finished calls' are released first. */
  retainBytesTotal?: number;
  /**
   * Folder for full-stream recordings (NDJSON per call), so saveStream can write every message.
   * null = no recording: saveStream then writes the retained messages only.
   */
  recordDir?: string | null;
  /** Finished calls kept (for saveStream and late cancel/halfClose) before they are forgotten. */
  keepFinished?: number;
  /** Disk all recordings together may take (default 2 GiB); past it recordings stop and say so. */
  recordingsMaxBytes?: number;
  /** Calls a page still shows: kept beyond keepFinished (see ShownCalls). */
  isShown?: (callId: CallId) => boolean;
}

export interface StartCallParams {
  method: CatalogMethod;
  codec: MethodCodec;
  statusDecoder: StatusDetailsDecoder;
  connection: ConnectionSettings;
  metadata: MetadataEntry[];
  /** null = no deadline. */
  deadlineMs: number | null;
  /** Request JSON for unary and server-streaming calls; ignored for client and bidi streams. */
  requestJson: string | null;
  options: CallOptions;
  /** Every event of the call, in order (the engine passes them to the batcher). */
  sink: (envelope: CallEventEnvelope) => void;
  /** The page that started the call (see call-owners.ts); null or absent: nobody's. */
  owner?: string | null;
  /** Asks the server for types an Any names that no registry knows, over the call's own channel and metadata (see CallSessionParams). */
  resolveTypes?: (typeNames: string[], via: CallConnection) => Promise<void> | null;
}

/** A running call as calls:list describes it, with its owner's page id. */
export interface LiveCallEntry {
  callId: CallId;
  method: string;
  kind: CatalogMethod['kind'];
  target: string;
  startedAt: number;
  runningMs: number;
  messagesSent: number;
  messagesReceived: number;
  owner: string | null;
}

/** The channel and metadata a call runs with, for asking its server something on the side (reflection). */
export interface CallConnection {
  client: Client;
  target: string;
  metadata: Metadata;
  /** The channel's words for how a call ended, so a failed lookup reads like a failed call. */
  explainEnd: PooledChannel['explainEnd'];
}

export interface StartedCall {
  callId: CallId;
  channelId: ChannelId;
  /** TLS is on only because the target was https://; worth telling the user. */
  tlsImpliedByScheme: boolean;
}

export interface RetainedMessages {
  /** The last N messages, oldest first. */
  messages: StreamMessage[];
  /** All messages of the call so far, and how many of them are no longer kept. */
  total: number;
  dropped: number;
}

function wholeNumber(value: number | undefined, fallback: number, min: number): number {
  return value === undefined || !Number.isFinite(value) ? fallback : Math.max(min, Math.floor(value));
}

type EventOf<T extends CallEvent['type']> = Extract<CallEvent, { type: T }>;

/** The events a snapshot rebuilds a call from, besides its messages (kept as they happen). */
interface CallMilestones {
  started: EventOf<'started'> | null;
  headers: EventOf<'headers'> | null;
  halfClosed: EventOf<'half_closed'> | null;
  status: EventOf<'status'> | null;
  ended: EventOf<'ended'> | null;
  /** Messages per direction so far (the ring keeps only the last N of both). */
  counts: Record<MessageDirection, number>;
}

/** What the registry drives: a gRPC CallSession or an HTTP/JSON TranscodedCallSession. */
interface CallRecord {
  callId: CallId;
  methodName: string;
  owner: string | null;
  session: CallSessionShape;
  milestones: CallMilestones;
  retained: MessageRing<KeptMessage>;
  /** Some messages left the ring for the byte budget, not the count (said when they are asked for). */
  releasedForMemory: boolean;
  recorder: StreamRecorder | null;
  sink: (envelope: CallEventEnvelope) => void;
  ended: Promise<void>;
  markEnded: () => void;
  /** Gives the call's channel lease back to the pool (idle channels are closed later). */
  releaseChannel: () => void;
}

/**
 * Every call of the engine by id: start returns the id at once (events follow through the
 * sink), write/halfClose/cancel find the call by id, and finished calls are dropped after a
 * while. Memory per call is bounded by the retention ring; a recording keeps the full stream on disk.
 */
export class CallRegistry {
  private readonly live = new Map<CallId, CallRecord>();
  private readonly finished = new Map<CallId, CallRecord>();
  private readonly retainMessages: number;
  private readonly retainBytesPerCall: number;
  private readonly retainBytesTotal: number;
  /** The sum of every tracked call's ring.keptSize. */
  private retainedBytes = 0;
  private readonly keepFinished: number;
  /** Recordings of this run (swept of crashed runs' files at start); null = recording off. */
  private readonly recordings: RecordingStore | null;
  private disposed = false;

  constructor(private readonly options: CallRegistryOptions) {
    this.retainMessages = wholeNumber(options.retainMessages, DEFAULT_RETAIN_MESSAGES, 1);
    this.retainBytesTotal = wholeNumber(options.retainBytesTotal, DEFAULT_RETAIN_BYTES_TOTAL, 1);
    this.retainBytesPerCall = Math.min(this.retainBytesTotal, wholeNumber(options.retainBytesPerCall, DEFAULT_RETAIN_BYTES_PER_CALL, 1));
    this.keepFinished = wholeNumber(options.keepFinished, DEFAULT_KEEP_FINISHED, 0);
    this.recordings = options.recordDir ? new RecordingStore({ dir: options.recordDir, maxBytes: options.recordingsMaxBytes }) : null;
  }

  /**
   * Check the request and start the call. Errors come back before any event: BAD_TARGET, TLS,
   * INVALID_REQUEST (metadata, deadline, missing request), BAD_JSON (request JSON; details.path).
   * After ok, the sink gets `started` first and `status` then `ended` last, exactly once each.
   */
  start(params: StartCallParams): Result<StartedCall> {
    if (this.disposed) return err('INTERNAL', 'The engine is shutting down; no new calls can start.');
    const { method } = params;
    if (params.deadlineMs !== null && !(Number.isFinite(params.deadlineMs) && params.deadlineMs > 0 && params.deadlineMs <= NUMBER_RANGES.deadlineMs.max)) {
      return err(
        'INVALID_REQUEST',
        `The deadline must be a number of milliseconds above 0 and at most ${NUMBER_RANGES.deadlineMs.max} (about ${Math.floor(NUMBER_RANGES.deadlineMs.max / 8_640_000) / 10} days; longer ones overflow gRPC's timers and expire at once), or none (got ${params.deadlineMs}).`,
        { field: 'deadlineMs' },
      );
    }
    const protocolProblem = protocolCallProblem(params.connection, method.kind);
    if (!protocolProblem.ok) return protocolProblem;
    // The traceparent is added here, before the checks, so it counts toward the metadata limits
    // like any entry; a traceparent the user typed wins (shared/trace-context.ts).
    const traced = withTraceContext(params.metadata, params.connection.sendTraceContext === true);
    const metadata = buildRequestMetadata(traced.metadata);
    if (!metadata.ok) return metadata;

    let request: EncodedRequest | null = null;
    if (method.kind === 'unary' || method.kind === 'server_streaming') {
      if (params.requestJson === null) {
        return err('INVALID_REQUEST', `${method.fullName} is a ${method.kind === 'unary' ? 'unary' : 'server-streaming'} method: it needs the request JSON at start.`, { field: 'requestJson' });
      }
      const encoded = params.codec.encodeRequest(params.requestJson);
      if (!encoded.ok) return encoded;
      request = encoded.value;
    }

    const callId = asCallId(randomUUID());
    // The session's emit needs the record and the record holds the session: the closure reads
    // `record` only when the first event fires, inside session.start() (see track).
    const holder: { record: CallRecord | null } = { record: null };
    const emit = (event: SessionEvent): void => {
      if (holder.record !== null) this.onEvent(holder.record, event);
    };

    // HTTP/JSON (transcoded) runs without a gRPC channel, through the method's google.api.http rule.
    if (protocolOf(params.connection) === 'http-json') return this.startTranscoded(callId, params, metadata.value, request, traced.trace, holder, emit);
    if (protocolOf(params.connection) !== 'grpc') {
      // gRPC-Web and Connect: a connect-node transport per call, no grpc-js channel (protocols/).
      const opened = openProtocolSession({
        callId, method, codec: params.codec, statusDecoder: params.statusDecoder, connection: params.connection,
        metadata: traced.metadata, deadlineMs: params.deadlineMs, emitDefaults: params.options.emitDefaults, trace: traced.trace, emit,
      });
      if (!opened.ok) return opened;
      holder.record = this.track(callId, params, opened.value.session, () => undefined);
      holder.record.session.start(request);
      return ok({ callId, channelId: opened.value.channelId, tlsImpliedByScheme: opened.value.tlsImpliedByScheme });
    }

    const lease = this.options.pool.acquire(params.connection);
    if (!lease.ok) return lease;
    const channel = lease.value.channel;
    const session = new CallSession({
      callId,
      method,
      codec: params.codec,
      statusDecoder: params.statusDecoder,
      channel,
      metadata: metadata.value,
      deadlineMs: params.deadlineMs,
      emitDefaults: params.options.emitDefaults,
      // A call option, read per call: the channel key never sees it (see ConnectionSettings).
      waitForReady: params.connection.waitForReady === true,
      trace: traced.trace,
      ...(params.resolveTypes
        ? { resolveTypes: (names: string[]) => params.resolveTypes?.(names, { client: channel.client, target: channel.displayTarget, metadata: metadata.value, explainEnd: channel.explainEnd }) ?? null }
        : {}),
      emit: (event) => {
        if (event.type === 'ended' && event.timing.peer !== undefined) channel.recordCallPeer(event.timing.peer);
        emit(event);
      },
    });
    holder.record = this.track(callId, params, session, lease.value.release);
    holder.record.session.start(request);
    return ok({ callId, channelId: channel.channelId, tlsImpliedByScheme: lease.value.tlsImpliedByScheme });
  }

  /** A call over HTTP/JSON through the method's google.api.http rule (transcoding/): no gRPC channel. */
  private startTranscoded(
    callId: CallId,
    params: StartCallParams,
    metadata: Metadata,
    request: EncodedRequest | null,
    trace: CallTrace | null,
    holder: { record: CallRecord | null },
    emit: (event: SessionEvent) => void,
  ): Result<StartedCall> {
    const prepared = prepareTranscodedCall(
      {
        method: params.method,
        codec: params.codec,
        statusDecoder: params.statusDecoder,
        connection: params.connection,
        metadata,
        deadlineMs: params.deadlineMs,
        emitDefaults: params.options.emitDefaults,
        ruleIndex: params.options.httpRuleIndex ?? 0,
        trace,
        emit,
      },
      request,
    );
    if (!prepared.ok) return prepared;
    holder.record = this.track(callId, params, prepared.value, () => undefined);
    holder.record.session.start(request);
    return ok({ callId, channelId: asChannelId(`http-json:${prepared.value.url}`), tlsImpliedByScheme: false });
  }

  /** Keep a call that is about to start among the live ones: live until its ended event. */
  private track(callId: CallId, params: StartCallParams, session: CallSessionShape, releaseChannel: () => void): CallRecord {
    let markEnded: () => void = () => undefined;
    const ended = new Promise<void>((resolve) => (markEnded = resolve));
    const record: CallRecord = {
      callId,
      methodName: params.method.fullName,
      owner: params.owner ?? null,
      session,
      milestones: { started: null, headers: null, halfClosed: null, status: null, ended: null, counts: { sent: 0, received: 0 } },
      retained: new MessageRing<KeptMessage>(this.retainMessages, keptMemoryBytes),
      releasedForMemory: false,
      // Created only when the call outgrows its in-memory ring (see onEvent): most calls never
      // need a file, and a unary call should not pay for opening one.
      recorder: null,
      sink: params.sink,
      ended,
      markEnded,
      releaseChannel,
    };
    this.live.set(callId, record);
    return record;
  }

  write(callId: CallId, json: string): Result<{ index: number }> {
    const record = this.find(callId);
    if (!record.ok) return record;
    return record.value.session.write(json);
  }

  halfClose(callId: CallId): Result<null> {
    const record = this.find(callId);
    if (!record.ok) return record;
    return record.value.session.halfClose();
  }

  /** Cancel a call; ok (and nothing happens) if it already ended. */
  cancel(callId: CallId): Result<null> {
    const record = this.find(callId);
    if (!record.ok) return record;
    record.value.session.cancel();
    return ok(null);
  }

  /** The messages kept in memory for a call. */
  messages(callId: CallId): Result<RetainedMessages> {
    const record = this.find(callId);
    if (!record.ok) return record;
    const { retained } = record.value;
    return ok({ messages: retained.toArray().map(wholeMessage), total: retained.total, dropped: retained.dropped });
  }

  /**
   * The call as events that rebuild it (see CallSnapshot): what a page that missed some of
   * its events needs. Includes at most `lastMessages` of the last messages; the others are
   * counted in `dropped` events placed before them.
   */
  snapshot(callId: CallId, lastMessages: number): CallSnapshot {
    const record = this.live.get(callId) ?? this.finished.get(callId);
    if (record === undefined || record.milestones.started === null) return { callId, known: false };
    const { started, headers, halfClosed, status, ended, counts } = record.milestones;
    const kept = record.retained.toArray();
    const messages = lastMessages > 0 ? kept.slice(-lastMessages) : [];
    const events: CallEvent[] = [started];
    if (headers !== null) events.push(headers);
    for (const direction of ['sent', 'received'] as const) {
      const included = messages.filter((m) => m.direction === direction).length;
      const missing = counts[direction] - included;
      if (missing > 0) {
        const firstIncluded = messages.find((m) => m.direction === direction);
        events.push({ type: 'dropped', timeMs: firstIncluded?.timeMs ?? started.timeMs, direction, count: missing });
      }
    }
    const firstPosition = record.retained.total - messages.length;
    messages.forEach((message, i) => events.push({ type: 'message', ...crossingMessage(message, firstPosition + i) }));
    if (halfClosed !== null) events.push(halfClosed);
    if (status !== null) events.push(status);
    if (ended !== null) events.push(ended);
    return { callId, known: true, events };
  }

  /** Ids of calls still running. */
  liveCallIds(): CallId[] {
    return [...this.live.keys()];
  }

  /**
   * Write a call's stream as NDJSON (one StreamMessage per line) to `path`, atomically: the
   * recording plus what the ring holds beyond it (also while the call runs: what has arrived so
   * far). The answer says whether that is every message, and why not. IO errors name the path.
   */
  async saveStream(callId: CallId, path: string): Promise<Result<SavedStream>> {
    const found = this.find(callId);
    if (!found.ok) return found;
    try {
      return ok(await saveStreamAtomically(found.value, path, (kept) => this.whyNotRecorded(kept)));
    } catch (e) {
      return err('IO', `Could not save the stream to ${path}: ${saveFailureReason(path, e)}. Choose a folder you can write to.`, { path });
    }
  }

  /** The running calls, oldest first. */
  listLive(): LiveCallEntry[] {
    const now = Date.now();
    const entries: LiveCallEntry[] = [];
    for (const record of this.live.values()) {
      const started = record.milestones.started;
      if (started === null) continue;
      entries.push({
        callId: record.callId,
        method: record.methodName,
        kind: started.kind,
        target: started.target,
        startedAt: started.at,
        runningMs: Math.max(0, now - started.at),
        messagesSent: record.milestones.counts.sent,
        messagesReceived: record.milestones.counts.received,
        owner: record.owner,
      });
    }
    return entries;
  }

  /** Cancel the running calls this page started, telling why; answers how many. */
  cancelOwnedBy(owner: string, reason: string): number {
    let cancelled = 0;
    for (const record of this.live.values()) {
      if (record.owner !== owner) continue;
      record.session.cancel(reason);
      cancelled += 1;
    }
    return cancelled;
  }

  /** Messages of a call by position, from its ring or its recording (see readMessageRange). */
  async messageRange(callId: CallId, from: number, count: number): Promise<Result<MessageRange>> {
    const found = this.find(callId);
    if (!found.ok) return found;
    return readMessageRange(found.value, from, count, (kept) => this.whyNotRecorded(kept), (kept) => this.keptInMemory(kept));
  }

  /** Forget finished calls beyond keepFinished that no page shows any more (oldest first). */
  forgetUnshown(): void {
    const isShown = this.options.isShown ?? (() => false);
    const unshown = [...this.finished.keys()].filter((id) => !isShown(id));
    for (const callId of unshown.slice(0, Math.max(0, unshown.length - this.keepFinished))) {
      const evicted = this.finished.get(callId);
      this.finished.delete(callId);
      if (evicted !== undefined) this.retainedBytes -= evicted.retained.keptSize;
      void evicted?.recorder?.discard().catch(() => undefined);
    }
  }

  /** Cancel every running call (each still reports its status and ended). */
  cancelAll(): void {
    for (const record of this.live.values()) record.session.cancel();
  }

  /** Cancel every call, wait (briefly) for their ended events, and delete the recordings. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const endings = [...this.live.values()].map((r) => r.ended);
    this.cancelAll();
    await Promise.race([Promise.all(endings), new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
    const all = [...this.live.values(), ...this.finished.values()];
    this.live.clear();
    this.finished.clear();
    this.retainedBytes = 0;
    await Promise.all(all.map((r) => r.recorder?.discard().catch(() => undefined)));
    await this.recordings?.close();
  }

  private find(callId: CallId): Result<CallRecord> {
    const record = this.live.get(callId) ?? this.touchFinished(callId);
    return record ? ok(record) : err('NOT_FOUND', `No call ${callId}: it finished a while ago or never started.`, { callId });
  }

  /** A finished call used again moves to the young end of the finished list (least recently used goes first). */
  private touchFinished(callId: CallId): CallRecord | undefined {
    const record = this.finished.get(callId);
    if (record !== undefined) {
      this.finished.delete(callId);
      this.finished.set(callId, record);
    }
    return record;
  }

  private createRecorder(callId: CallId): StreamRecorder | null {
    return this.recordings?.createRecorder(callId) ?? null;
  }

  /** Why messages before the ring are not in a recording, for the user. */
  private whyNotRecorded(kept: KeptMessages): string {
    if (this.recordings === null) return 'recording to disk is off in this engine';
    return kept.recorder?.stopReason ?? (kept.recorder === null ? 'no recording was made' : `its recording holds only the first ${kept.recorder.messages.toLocaleString('en-US')}`);
  }

  /** What the engine keeps of a call in memory, for "no longer kept: the engine keeps ..., and <why not recorded>". */
  private keptInMemory(kept: KeptMessages): string {
    const last = `the last ${kept.retained.capacity.toLocaleString('en-US')}`;
    if (kept.releasedForMemory !== true) return `${last} in memory`;
    return `${last} in memory, up to ${formatMiB(this.retainBytesPerCall)} of a call's messages and ${formatMiB(this.retainBytesTotal)} of all calls' (older ones were released to stay within that)`;
  }

  /**
   * Start a running call's recording with every message so far, before the ring lets its first
   * one go (so the recording holds positions 0..): only while nothing was let go yet.
   */
  private recordBeforeRelease(record: CallRecord): void {
    if (record.recorder !== null || record.retained.dropped > 0) return;
    record.recorder = this.createRecorder(record.callId);
    if (record.recorder === null) return;
    for (const kept of record.retained.toArray()) record.recorder.append(wholeMessage(kept));
  }

  /**
   * Let a call's oldest kept message go for the byte budget. A running call records first (as
   * past the count); a finished call without a recording is not recorded now: that would decode
   * every big message of it whole in one go (~10 ms per 1 MiB message), so what it lets go is
   * no longer kept, and asking for it says so.
   */
  private releaseOldest(record: CallRecord): void {
    if (this.live.has(record.callId)) this.recordBeforeRelease(record);
    const before = record.retained.keptSize;
    record.retained.releaseOldest();
    this.retainedBytes -= before - record.retained.keptSize;
    record.releasedForMemory = true;
  }

  /**
   * Within the budget for all calls: the least recently used finished calls' messages go first
   * (oldest first), then the oldest of the running calls (each keeps its newest message).
   */
  private releaseOverTotal(): void {
    for (const holders of [this.finished.values(), this.live.values()]) {
      for (const record of holders) {
        const keep = this.live.has(record.callId) ? 1 : 0;
        while (this.retainedBytes > this.retainBytesTotal && record.retained.size > keep) this.releaseOldest(record);
        if (this.retainedBytes <= this.retainBytesTotal) return;
      }
    }
  }

  private onEvent(record: CallRecord, event: SessionEvent): void {
    const { milestones } = record;
    if (event.type === 'started') milestones.started = event;
    else if (event.type === 'headers') milestones.headers = event;
    else if (event.type === 'half_closed') milestones.halfClosed = event;
    else if (event.type === 'status') milestones.status = event;
    else if (event.type === 'ended') milestones.ended = event;
    if (event.type === 'message') {
      milestones.counts[event.direction] += 1;
      const message = keptMessage(event);
      const { retained } = record;
      if (record.recorder === null && (retained.size >= this.retainMessages || retained.keptSize + keptMemoryBytes(message) > this.retainBytesPerCall)) {
        // The ring is full (by count or bytes) and is about to forget its oldest message: from now
        // on the full stream lives on disk, starting with every message so far (all still in the ring).
        this.recordBeforeRelease(record);
      }
      const before = retained.keptSize;
      retained.push(message);
      // A recording holds every message whole: a message read as a preview is decoded for it now.
      if (record.recorder !== null) record.recorder.append(wholeMessage(message));
      this.retainedBytes += retained.keptSize - before;
      while (retained.keptSize > this.retainBytesPerCall && retained.size > 1) this.releaseOldest(record);
      if (this.retainedBytes > this.retainBytesTotal) this.releaseOverTotal();
    } else if (event.type === 'sent_wire') {
      // A snapshot rebuilds the message with its frame (a recording already written keeps it without).
      const sent = findSentMessage(record.retained, event.index);
      if (sent !== undefined) sent.wire = event.wire;
    }
    try {
      // A big message crosses as a bounded preview; the ring keeps it (or its bytes) whole.
      const crossing: CallEvent = event.type === 'message' ? crossingEvent(event, record.retained.total - 1) : event;
      record.sink({ callId: record.callId, event: crossing });
    } catch {
      // The sink belongs to the engine; its failure must not break the grpc-js callback we run in.
    }
    if (event.type === 'ended') {
      record.releaseChannel();
      this.live.delete(record.callId);
      record.markEnded();
      void record.recorder?.flush();
      this.remember(record);
    }
  }

  private remember(record: CallRecord): void {
    if (this.disposed) return;
    this.finished.set(record.callId, record);
    this.forgetUnshown();
  }
}

/** The kept sent message with this index, searched from the newest (a frame follows its message closely). */
function findSentMessage(ring: MessageRing<KeptMessage>, index: number): KeptMessage | undefined {
  for (let i = ring.size - 1; i >= 0; i -= 1) {
    const message = ring.at(i);
    if (message === undefined || message.direction !== 'sent') continue;
    if (message.index === index) return message;
    if (message.index < index) return undefined;
  }
  return undefined;
}

function formatMiB(bytes: number): string {
  return `${Math.round((bytes / MIB) * 10) / 10} MiB`;
}
