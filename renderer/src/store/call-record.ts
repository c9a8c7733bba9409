import type { CallEvent, CallStatus, CallTiming, MessageWire, StreamMessage } from '../../../shared/call-events';
import type { MethodKind } from '../../../shared/catalog';
import type { CallId, ChannelId } from '../../../shared/ids';
import type { ReceivedMetadata } from '../../../shared/metadata';
import type { CallTrace } from '../../../shared/trace-context';
import { MessageRing } from '../lib/message-ring';
import { TimeSamples } from '../lib/time-samples';
import { isSkipped, type LoadedChunk, type LogEntry } from './message-log';

export type CallPhase = 'open' | 'half_closed' | 'ended';

/**
 * Everything the UI shows about one call. `messages` and the time samples are mutable
 * buffers owned by this record: applying events appends to them in place and bumps
 * `messagesVersion`, so a 1,000-message batch never copies the retained array.
 */
export interface CallRecord {
  callId: CallId;
  /** The request tab that started it (null until calls:start answers, if events came first). */
  tabId: string | null;
  channelId: ChannelId | null;
  kind: MethodKind;
  methodPath: string;
  target: string;
  /** Wall-clock start (epoch ms). */
  startedAt: number;
  phase: CallPhase;
  headers: ReceivedMetadata | null;
  headersTimeMs: number | null;
  halfClosedMs: number | null;
  status: CallStatus | null;
  statusTimeMs: number | null;
  timing: CallTiming | null;
  /** The traceparent the call sent (Send trace context, or the user's own), or null. */
  trace: CallTrace | null;
  /** The address that served the call, once headers or the end told it. */
  peer: string | null;
  /** The response's grpc-encoding ('identity' when none), once headers or the end told it. */
  responseEncoding: string | null;
  /** Every message seen, including those dropped by the engine or pushed out of the ring. */
  sent: number;
  received: number;
  /** Messages the engine counted but never forwarded (its own retention cap). */
  droppedByEngine: number;
  firstReceivedMs: number | null;
  /** Latest engine time seen; the waterfall's "now" while the call runs. */
  lastEventMs: number;
  /** The last N entries of the message log: messages, and runs of messages not loaded (see message-log.ts). */
  messages: MessageRing<LogEntry>;
  /** Position of the next message (messages and skipped ones so far, in the engine's order). */
  nextPosition: number;
  /** Messages loaded back from the engine into skipped ranges (sorted, bounded). */
  loaded: LoadedChunk[];
  messagesVersion: number;
  sentTimes: TimeSamples;
  receivedTimes: TimeSamples;
}

export function createCallRecord(
  callId: CallId,
  started: Extract<CallEvent, { type: 'started' }>,
  retentionCap: number,
): CallRecord {
  return {
    callId,
    tabId: null,
    channelId: started.channelId,
    kind: started.kind,
    methodPath: started.methodPath,
    target: started.target,
    startedAt: started.at,
    phase: 'open',
    headers: null,
    headersTimeMs: null,
    halfClosedMs: null,
    status: null,
    statusTimeMs: null,
    timing: null,
    trace: started.trace ?? null,
    peer: null,
    responseEncoding: null,
    sent: 0,
    received: 0,
    droppedByEngine: 0,
    firstReceivedMs: null,
    lastEventMs: started.timeMs,
    messages: new MessageRing<LogEntry>(retentionCap),
    nextPosition: 0,
    loaded: [],
    messagesVersion: 0,
    sentTimes: new TimeSamples(),
    receivedTimes: new TimeSamples(),
  };
}

/**
 * Apply one event to a call record. `draft` is a shallow copy the caller made once per
 * batch, so this mutates it freely; the ring and samples are shared and appended in place.
 */
export function applyCallEvent(draft: CallRecord, event: CallEvent): void {
  draft.lastEventMs = Math.max(draft.lastEventMs, event.timeMs);
  switch (event.type) {
    case 'started':
      draft.channelId = event.channelId;
      draft.kind = event.kind;
      draft.methodPath = event.methodPath;
      draft.target = event.target;
      draft.startedAt = event.at;
      draft.trace = event.trace ?? null;
      return;
    case 'headers':
      draft.headers = event.metadata;
      draft.headersTimeMs = event.timeMs;
      if (event.peer !== undefined) draft.peer = event.peer;
      if (event.encoding !== undefined) draft.responseEncoding = event.encoding;
      return;
    case 'message': {
      const { type: _type, ...message }: { type: 'message' } & StreamMessage = event;
      draft.messages.push(message);
      draft.nextPosition += 1;
      draft.messagesVersion += 1;
      if (event.direction === 'sent') {
        draft.sent += 1;
        draft.sentTimes.add(event.timeMs);
      } else {
        draft.received += 1;
        draft.receivedTimes.add(event.timeMs);
        if (draft.firstReceivedMs === null) draft.firstReceivedMs = event.timeMs;
      }
      return;
    }
    case 'dropped': {
      draft.droppedByEngine += event.count;
      // The engine skipped these positions: one skipped range, joined to one just before it.
      const newest = draft.messages.size > 0 ? draft.messages.get(draft.messages.size - 1) : undefined;
      if (newest !== undefined && isSkipped(newest) && newest.from + newest.count === draft.nextPosition) draft.messages.replaceNewest({ skipped: true, from: newest.from, count: newest.count + event.count });
      else draft.messages.push({ skipped: true, from: draft.nextPosition, count: event.count });
      draft.nextPosition += event.count;
      const samples = event.direction === 'sent' ? draft.sentTimes : draft.receivedTimes;
      // Dropped messages still happened: keep the waterfall's density honest (capped work per event).
      for (let i = 0; i < Math.min(event.count, 4096); i += 1) samples.add(event.timeMs);
      if (event.direction === 'sent') draft.sent += event.count;
      else {
        draft.received += event.count;
        if (draft.firstReceivedMs === null) draft.firstReceivedMs = event.timeMs;
      }
      draft.messagesVersion += 1;
      return;
    }
    case 'sent_wire':
      if (attachSentWire(draft.messages, event.index, event.wire)) draft.messagesVersion += 1;
      return;
    case 'half_closed':
      draft.halfClosedMs = event.timeMs;
      if (draft.phase === 'open') draft.phase = 'half_closed';
      return;
    case 'status':
      draft.status = event.status;
      draft.statusTimeMs = event.timeMs;
      return;
    case 'ended':
      draft.timing = event.timing;
      draft.phase = 'ended';
      if (event.timing.peer !== undefined) draft.peer = event.timing.peer;
      if (event.timing.responseEncoding !== undefined) draft.responseEncoding = event.timing.responseEncoding;
      // The engine's totals are authoritative (they include anything never forwarded).
      draft.sent = Math.max(draft.sent, event.timing.messagesSent);
      draft.received = Math.max(draft.received, event.timing.messagesReceived);
      return;
  }
}

/** Give kept sent message `index` its frame (a new object, so its row renders again); false when the ring no longer holds it. */
function attachSentWire(messages: MessageRing<LogEntry>, index: number, wire: MessageWire): boolean {
  for (let i = messages.size - 1; i >= 0; i -= 1) {
    const entry = messages.get(i);
    if (entry === undefined || isSkipped(entry) || entry.direction !== 'sent') continue;
    if (entry.index < index) return false;
    if (entry.index === index) {
      messages.replaceAt(i, { ...entry, wire });
      return true;
    }
  }
  return false;
}

export function isCallRunning(call: CallRecord | undefined): boolean {
  return call !== undefined && call.phase !== 'ended';
}

/** Messages seen in total (kept, pushed out of the ring, or never forwarded). */
export function totalMessages(call: CallRecord): number {
  return call.sent + call.received;
}
