import type { CallEvent } from '../../shared/call-events';
import type { EventBatch } from '../../shared/contract';
import type { MetadataEntry } from '../../shared/metadata';
import type { CallOutcome } from './judge-request';

function grouped(entries: MetadataEntry[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const { key, value } of entries) (out[key] ??= []).push(value);
  return out;
}

/** Collects the engine's events per call and resolves when a call has ended. */
export class CallOutcomes {
  private readonly events = new Map<string, CallEvent[]>();
  private readonly waiters = new Map<string, (outcome: CallOutcome) => void>();

  readonly onBatch = (batch: EventBatch): void => {
    for (const event of batch.events) {
      if (event.kind !== 'call') continue;
      const list = this.events.get(event.callId) ?? [];
      list.push(event.event);
      this.events.set(event.callId, list);
      if (event.event.type === 'ended') this.settle(event.callId);
    }
  };

  /** The outcome of a call once its `ended` event has arrived. */
  ended(callId: string): Promise<CallOutcome> {
    return new Promise((resolve) => {
      this.waiters.set(callId, resolve);
      if (this.events.get(callId)?.some((e) => e.type === 'ended')) this.settle(callId);
    });
  }

  private settle(callId: string): void {
    const resolve = this.waiters.get(callId);
    if (!resolve) return;
    this.waiters.delete(callId);
    const events = this.events.get(callId) ?? [];
    this.events.delete(callId);
    let outcome: CallOutcome = { callId, status: null, statusDetails: '', headers: {}, trailers: {}, received: [], durationMs: 0, error: null };
    for (const event of events) {
      if (event.type === 'headers') outcome = { ...outcome, headers: grouped(event.metadata) };
      else if (event.type === 'message' && event.direction === 'received') outcome.received.push(event.json);
      else if (event.type === 'status') outcome = { ...outcome, status: event.status.codeName, statusDetails: event.status.details, trailers: grouped(event.status.trailers) };
      else if (event.type === 'ended') outcome = { ...outcome, durationMs: Math.round(event.timeMs) };
    }
    resolve(outcome);
  }
}
