import type { CallEvent, StreamMessage } from '../../shared/call-events';
import { asCallId } from '../../shared/ids';
import type { WorkbenchEngine } from '../engine/engine-api';
import type { EventBatch } from '../../shared/contract';
import type { MetadataEntry } from '../../shared/metadata';
import type { CallOutcome } from './judge-request';

function grouped(entries: MetadataEntry[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const { key, value } of entries) (out[key] ??= []).push(value);
  return out;
}

/** The whole JSON of a message that crossed as a preview, read from the engine by position; null when it no longer has it. */
export type WholeMessageReader = (callId: string, position: number) => Promise<string | null>;

/** Reads a previewed message whole through the engine's calls:messages. */
export function engineWholeMessageReader(engine: Pick<WorkbenchEngine, 'invoke'>): WholeMessageReader {
  return async (callId, position) => {
    const read = await engine.invoke('calls:messages', { callId: asCallId(callId), from: position, count: 1 });
    const message = read.ok && read.value.from === position ? read.value.messages[0] : undefined;
    return message?.json ?? null;
  };
}

/**
 * Collects the engine's events per call and resolves when a call has ended. A big message
 * crosses as a preview (its JSON cut): its whole JSON is read from the engine before the outcome
 * is judged, so checks see the message the server sent, not its first 64 Ki characters.
 */
export class CallOutcomes {
  private readonly events = new Map<string, CallEvent[]>();
  private readonly waiters = new Map<string, (outcome: CallOutcome) => void>();

  constructor(private readonly readWhole: WholeMessageReader | null = null) {}

  readonly onBatch = (batch: EventBatch): void => {
    for (const event of batch.events) {
      if (event.kind !== 'call') continue;
      const list = this.events.get(event.callId) ?? [];
      list.push(event.event);
      this.events.set(event.callId, list);
      if (event.event.type === 'ended') void this.settle(event.callId);
    }
  };

  /** The outcome of a call once its `ended` event has arrived. */
  ended(callId: string): Promise<CallOutcome> {
    return new Promise((resolve) => {
      this.waiters.set(callId, resolve);
      if (this.events.get(callId)?.some((e) => e.type === 'ended')) void this.settle(callId);
    });
  }

  private async settle(callId: string): Promise<void> {
    const resolve = this.waiters.get(callId);
    if (!resolve) return;
    this.waiters.delete(callId);
    const events = this.events.get(callId) ?? [];
    this.events.delete(callId);
    let outcome: CallOutcome = { callId, status: null, statusDetails: '', headers: {}, trailers: {}, received: [], durationMs: 0, error: null };
    for (const event of events) {
      if (event.type === 'headers') outcome = { ...outcome, headers: grouped(event.metadata) };
      else if (event.type === 'message' && event.direction === 'received') outcome.received.push(await this.wholeJson(callId, event));
      else if (event.type === 'status') outcome = { ...outcome, status: event.status.codeName, statusDetails: event.status.details, trailers: grouped(event.status.trailers) };
      else if (event.type === 'ended') outcome = { ...outcome, durationMs: Math.round(event.timeMs) };
    }
    resolve(outcome);
  }

  private async wholeJson(callId: string, message: StreamMessage): Promise<string> {
    if (message.preview === undefined || this.readWhole === null) return message.json;
    return (await this.readWhole(callId, message.preview.position)) ?? message.json;
  }
}
