import { defaultConnectionSettings } from '../../shared/connection';
import type { EventBatch, MethodRef, WorkbenchApi } from '../../shared/contract';
import type { CallTiming } from '../../shared/call-events';
import type { Result } from '../../shared/result';

export function unwrap<T>(result: Result<T>, what: string): T {
  if (!result.ok) throw new Error(`${what}: ${result.error.code}: ${result.error.message}`);
  return result.value;
}

export interface CallOutcome {
  /** Received messages: those forwarded as events plus those counted in `dropped` events. */
  received: number;
  forwarded: number;
  statusCode: string;
  timing: CallTiming;
  /** True when the call was cancelled at its cut-off rather than finishing by itself. */
  cut: boolean;
}

/**
 * Drives calls through any WorkbenchApi (the engine facade in-process, or the web host over
 * its WebSocket) and resolves each when its `ended` event arrives. Keeps only counters per
 * call, never the messages, so the client side costs next to nothing.
 */
export class ContractCaller {
  private readonly pending = new Map<string, { outcome: CallOutcome; resolve: (o: CallOutcome) => void }>();
  /** Events for calls whose start has not answered yet (possible over a socket). */
  private readonly early = new Map<string, EventBatch['events']>();

  constructor(private readonly api: WorkbenchApi) {
    api.onEvents((batch) => this.onBatch(batch));
  }

  async compileDemo(protoFile: string, protosDir: string): Promise<string> {
    const summary = unwrap(await this.api.invoke('protos:compile', { protoFiles: [protoFile], importPaths: [protosDir] }), 'protos:compile');
    return summary.id;
  }

  /**
   * Starts a call and resolves when it has ended. After cutoffMs the call is cancelled (it
   * still ends, CANCELLED, with what it received so far: outcome.cut says so); if even the
   * end does not come within 10 s more, it rejects.
   */
  async call(method: MethodRef, target: string, requestJson: string, cutoffMs: number): Promise<CallOutcome> {
    const started = unwrap(
      await this.api.invoke('calls:start', {
        method,
        connection: defaultConnectionSettings(target),
        metadata: [],
        deadlineMs: null,
        requestJson,
        options: { emitDefaults: false },
      }),
      'calls:start',
    );
    const callId = started.callId;
    return new Promise<CallOutcome>((resolve, reject) => {
      const outcome: CallOutcome = { received: 0, forwarded: 0, statusCode: '', timing: emptyTiming(), cut: false };
      let giveUp: NodeJS.Timeout | null = null;
      const cutoff = setTimeout(() => {
        outcome.cut = true;
        void this.api.invoke('calls:cancel', { callId });
        giveUp = setTimeout(() => {
          this.pending.delete(callId);
          reject(new Error(`call ${method.method} did not end within 10 s of being cancelled`));
        }, 10_000);
      }, cutoffMs);
      this.pending.set(callId, {
        outcome,
        resolve: (o) => {
          clearTimeout(cutoff);
          if (giveUp) clearTimeout(giveUp);
          resolve(o);
        },
      });
      const early = this.early.get(callId);
      if (early) {
        this.early.delete(callId);
        this.apply({ seq: 0, events: early });
      }
    });
  }

  private onBatch(batch: EventBatch): void {
    for (const event of batch.events) {
      if (event.kind !== 'call' || this.pending.has(event.callId)) continue;
      // An event of a call whose start has not returned yet: keep it for a moment.
      const list = this.early.get(event.callId) ?? [];
      list.push(event);
      this.early.set(event.callId, list);
    }
    this.apply(batch);
  }

  private apply(batch: EventBatch): void {
    for (const envelope of batch.events) {
      if (envelope.kind !== 'call') continue;
      const entry = this.pending.get(envelope.callId);
      if (!entry) continue;
      const { event } = envelope;
      const o = entry.outcome;
      if (event.type === 'message' && event.direction === 'received') {
        o.received += 1;
        o.forwarded += 1;
      } else if (event.type === 'dropped' && event.direction === 'received') {
        o.received += event.count;
      } else if (event.type === 'status') {
        o.statusCode = event.status.codeName;
      } else if (event.type === 'ended') {
        o.timing = event.timing;
        this.pending.delete(envelope.callId);
        entry.resolve(o);
      }
    }
  }
}

function emptyTiming(): CallTiming {
  return { waitForConnectionMs: null, timeToHeadersMs: null, timeToFirstMessageMs: null, totalMs: 0, messagesSent: 0, messagesReceived: 0, bytesSent: 0, bytesReceived: 0 };
}
