import type { CallEvent, MessageDirection } from '../../../shared/call-events';
import type { EventBatch, WorkbenchEvent } from '../../../shared/contract';
import type { CallId } from '../../../shared/ids';

export interface EventBatcherOptions {
  /** Receives each batch; seq starts at 1 and grows by one per batch. */
  onBatch: (batch: EventBatch) => void;
  /** Flush this long after the first event of a batch (one animation frame). */
  intervalMs?: number;
  /** Flush at once when a batch holds this many events. */
  maxBatchEvents?: number;
  /**
   * At most this many message events of one call per batch: when a fast stream exceeds it,
   * the oldest messages of that call leave the batch and one `dropped` event per direction
   * says how many. Keeps a million-message stream from crossing the IPC boundary in full.
   */
  maxMessagesPerCallPerBatch?: number;
  /**
   * At most about this many characters of message JSON of one call per batch (the newest
   * message always crosses, however big): 1,000 messages of 1 MiB each would otherwise make one
   * 1 GiB batch. Dropped by the same rule as the count, oldest first.
   */
  maxMessageCharsPerCallPerBatch?: number;
}

type MessageEnvelope = { kind: 'call'; callId: CallId; event: Extract<CallEvent, { type: 'message' }> };
type DroppedEvent = Extract<CallEvent, { type: 'dropped' }>;

/** Where one call's message events sit in the current batch: a queue of batch positions, oldest at `head`. */
interface CallWindow {
  positions: number[];
  head: number;
  /** Characters of JSON of the messages in positions[head..]. */
  chars: number;
  dropped: Record<MessageDirection, DroppedEvent | null>;
}

export const DEFAULT_BATCH_INTERVAL_MS = 16;
export const DEFAULT_MAX_BATCH_EVENTS = 2_000;
export const DEFAULT_MAX_MESSAGES_PER_CALL_PER_BATCH = 1_000;
/**
 * 4 MiB of JSON per call per batch. A batch is one IPC / WebSocket message that the page parses
 * in one go on its main thread; the web host stops writing to a socket holding 8 MiB and drops
 * batches beyond 64 MiB queued (web-host/event-sender.ts). 4 MiB keeps one flooding call's batch
 * under that high-water mark and parseable within a frame or two, while a stream of small
 * messages still reaches the count cap first (1,000 x 4 KiB).
 */
export const DEFAULT_MAX_MESSAGE_CHARS_PER_CALL_PER_BATCH = 4 * 1024 * 1024;

function isMessage(event: WorkbenchEvent): event is MessageEnvelope {
  return event.kind === 'call' && event.event.type === 'message';
}

/**
 * Collects engine events and hands them over in batches, on a timer (~16 ms after the first
 * event) or when a batch is full. Per event it does a push (and, for messages, one map lookup
 * and a ring update); a flush hands over the array, compacting it in one pass only when the
 * per-call message cap dropped something. The size limit counts events that will be delivered,
 * so a single flooding call is held to its cap per interval instead of forcing flush after flush.
 */
export class EventBatcher {
  private events: (WorkbenchEvent | null)[] = [];
  private liveEvents = 0;
  private holes = 0;
  private windows = new Map<CallId, CallWindow>();
  private timer: NodeJS.Timeout | null = null;
  /** A flush is queued as a microtask (see flushSoon). */
  private flushQueued = false;
  private seq = 0;
  private disposed = false;
  private readonly intervalMs: number;
  private readonly maxBatchEvents: number;
  private readonly maxMessagesPerCall: number;
  private readonly maxMessageCharsPerCall: number;

  constructor(private readonly options: EventBatcherOptions) {
    this.intervalMs = options.intervalMs ?? DEFAULT_BATCH_INTERVAL_MS;
    this.maxBatchEvents = Math.max(1, options.maxBatchEvents ?? DEFAULT_MAX_BATCH_EVENTS);
    this.maxMessagesPerCall = Math.max(1, options.maxMessagesPerCallPerBatch ?? DEFAULT_MAX_MESSAGES_PER_CALL_PER_BATCH);
    this.maxMessageCharsPerCall = Math.max(1, options.maxMessageCharsPerCallPerBatch ?? DEFAULT_MAX_MESSAGE_CHARS_PER_CALL_PER_BATCH);
  }

  /** The seq of the last batch handed over (0 before the first). */
  get lastSeq(): number {
    return this.seq;
  }

  push(event: WorkbenchEvent): void {
    if (this.disposed) return;
    if (isMessage(event)) this.pushMessage(event);
    else {
      this.events.push(event);
      this.liveEvents += 1;
    }
    if (this.liveEvents >= this.maxBatchEvents) this.flush();
    else if (event.kind === 'call' && event.event.type === 'ended') this.flushSoon();
    else this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  /**
   * A call that ended has nothing more to batch with: hand its last events over as soon as the
   * code that pushed them returns (a microtask) instead of up to one interval later, so a unary
   * call's result is not held back ~16 ms, nor by a turn of the event loop (a setImmediate cost
   * the unary bench tens of microseconds per call). Events pushed in the same synchronous run
   * (a call's status and ended) still share the batch.
   */
  private flushSoon(): void {
    if (this.flushQueued) return;
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.flushQueued = true;
    queueMicrotask(() => {
      if (!this.flushQueued) return;
      this.flush();
    });
  }

  /** Hand over what is pending now (no-op when nothing is). */
  flush(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.flushQueued = false;
    if (this.liveEvents === 0) return;
    const pending = this.events;
    const events = (this.holes > 0 ? pending.filter((e) => e !== null) : pending) as WorkbenchEvent[];
    this.events = [];
    this.liveEvents = 0;
    this.holes = 0;
    this.windows = new Map();
    this.seq += 1;
    this.options.onBatch({ seq: this.seq, events });
  }

  /** Flush what is pending and stop; later pushes are ignored. */
  dispose(): void {
    this.flush();
    this.disposed = true;
  }

  private pushMessage(envelope: MessageEnvelope): void {
    let window = this.windows.get(envelope.callId);
    if (window === undefined) {
      window = { positions: [], head: 0, chars: 0, dropped: { sent: null, received: null } };
      this.windows.set(envelope.callId, window);
    }
    const position = this.events.length;
    this.events.push(envelope);
    window.positions.push(position);
    window.chars += envelope.event.json.length;
    this.liveEvents += 1;
    // Over the count or the character budget: the call's oldest messages in this batch give way
    // (the newest always stays). Each evicted message is counted in its direction's `dropped`.
    while (window.positions.length - window.head > 1 && (window.positions.length - window.head > this.maxMessagesPerCall || window.chars > this.maxMessageCharsPerCall)) {
      this.evictOldest(envelope.callId, window);
    }
    if (window.head > 1024 && window.head * 2 > window.positions.length) {
      window.positions = window.positions.slice(window.head);
      window.head = 0;
    }
  }

  private evictOldest(callId: CallId, window: CallWindow): void {
    const evictedAt = window.positions[window.head] as number;
    window.head += 1;
    const evicted = (this.events[evictedAt] as MessageEnvelope).event;
    window.chars -= evicted.json.length;
    this.liveEvents -= 1;
    const dropped = window.dropped[evicted.direction];
    if (dropped === null) {
      // The first drop of this direction becomes the `dropped` event, where that message was.
      const event: DroppedEvent = { type: 'dropped', timeMs: evicted.timeMs, direction: evicted.direction, count: 1 };
      window.dropped[evicted.direction] = event;
      this.events[evictedAt] = { kind: 'call', callId, event };
      this.liveEvents += 1;
    } else {
      dropped.count += 1;
      dropped.timeMs = evicted.timeMs;
      this.events[evictedAt] = null;
      this.holes += 1;
    }
  }
}
