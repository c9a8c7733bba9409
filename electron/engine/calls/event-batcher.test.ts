import { describe, expect, it } from 'vitest';
import type { EventBatch, WorkbenchEvent } from '../../../shared/contract';
import { asCallId, asChannelId } from '../../../shared/ids';
import { EventBatcher } from './event-batcher';
import { MessageRing } from './message-ring';

const callA = asCallId('a');
const callB = asCallId('b');

function message(callId: typeof callA, index: number, direction: 'sent' | 'received' = 'received'): WorkbenchEvent {
  return { kind: 'call', callId, event: { type: 'message', direction, index, timeMs: index, bytes: 1, json: '{}' } };
}

function other(timeMs: number): WorkbenchEvent {
  return { kind: 'connection', channelId: asChannelId('ch-1'), event: { type: 'ping_sent', timeMs, at: 0 } };
}

function collect(options: Partial<ConstructorParameters<typeof EventBatcher>[0]> = {}) {
  const batches: EventBatch[] = [];
  const batcher = new EventBatcher({ onBatch: (b) => batches.push(b), ...options });
  return { batches, batcher };
}

describe('EventBatcher', () => {
  it('flushes on its interval, with increasing seq and events in order', async () => {
    const { batches, batcher } = collect({ intervalMs: 20 });
    batcher.push(other(1));
    batcher.push(other(2));
    expect(batches).toHaveLength(0);
    await expect.poll(() => batches.length).toBe(1);
    batcher.push(other(3));
    await expect.poll(() => batches.length).toBe(2);
    expect(batches.map((b) => b.seq)).toEqual([1, 2]);
    expect(batches.map((b) => b.events.map((e) => (e.kind === 'connection' ? e.event.timeMs : -1)))).toEqual([[1, 2], [3]]);
    batcher.dispose();
  });

  it("hands a call's ended event over once the pushing code returns, instead of after the interval", async () => {
    const { batches, batcher } = collect({ intervalMs: 60_000 });
    batcher.push(message(callA, 0));
    batcher.push({ kind: 'call', callId: callA, event: { type: 'ended', timeMs: 1, timing: { waitForConnectionMs: null, timeToHeadersMs: 0, timeToFirstMessageMs: 0, totalMs: 1, messagesSent: 0, messagesReceived: 1, bytesSent: 0, bytesReceived: 1 } } });
    expect(batches).toHaveLength(0);
    await Promise.resolve();
    expect(batches).toHaveLength(1);
    expect(batches[0]?.events.map((e) => (e.kind === 'call' ? e.event.type : e.kind))).toEqual(['message', 'ended']);
    batcher.dispose();
  });

  it('flushes at once when a batch is full', () => {
    const { batches, batcher } = collect({ intervalMs: 60_000, maxBatchEvents: 3 });
    for (let i = 0; i < 7; i++) batcher.push(other(i));
    expect(batches.map((b) => b.events.length)).toEqual([3, 3]);
    batcher.dispose();
    expect(batches.map((b) => b.events.length)).toEqual([3, 3, 1]);
    expect(batches.map((b) => b.seq)).toEqual([1, 2, 3]);
  });

  it('an empty flush sends nothing and keeps seq', () => {
    const { batches, batcher } = collect();
    batcher.flush();
    expect(batches).toHaveLength(0);
    expect(batcher.lastSeq).toBe(0);
    batcher.dispose();
  });

  it('caps messages per call per batch, keeping the newest and counting the rest in one dropped event per direction', () => {
    const { batches, batcher } = collect({ intervalMs: 60_000, maxBatchEvents: 10_000, maxMessagesPerCallPerBatch: 3 });
    batcher.push({ kind: 'call', callId: callA, event: { type: 'headers', timeMs: 0, metadata: [] } });
    for (let i = 0; i < 10; i++) batcher.push(message(callA, i));
    for (let i = 0; i < 2; i++) batcher.push(message(callB, i));
    batcher.push({ kind: 'call', callId: callA, event: { type: 'half_closed', timeMs: 99 } });
    batcher.flush();
    expect(batches).toHaveLength(1);
    const summary = (batches[0]?.events ?? []).map((e) => {
      if (e.kind !== 'call') return e.kind;
      const event = e.event;
      const call = e.callId;
      return event.type === 'message' ? `${call}:m${event.index}` : event.type === 'dropped' ? `${call}:dropped${event.count}@${event.timeMs}` : `${call}:${event.type}`;
    });
    expect(summary).toEqual(['a:headers', 'a:dropped7@6', 'a:m7', 'a:m8', 'a:m9', 'b:m0', 'b:m1', 'a:half_closed']);
  });

  it('counts dropped messages per direction', () => {
    const { batches, batcher } = collect({ intervalMs: 60_000, maxMessagesPerCallPerBatch: 2 });
    for (let i = 0; i < 4; i++) {
      batcher.push(message(callA, i, 'sent'));
      batcher.push(message(callA, i, 'received'));
    }
    batcher.flush();
    const dropped = (batches[0]?.events ?? []).flatMap((e) => (e.kind === 'call' && e.event.type === 'dropped' ? [e.event] : []));
    expect(dropped.map((d) => [d.direction, d.count])).toEqual([['sent', 3], ['received', 3]]);
  });

  it('holds each call to a character budget per batch as well, oldest first, the newest always crossing', () => {
    const { batches, batcher } = collect({ intervalMs: 60_000, maxMessagesPerCallPerBatch: 1_000, maxMessageCharsPerCallPerBatch: 10_000 });
    const big = (callId: typeof callA, index: number, chars: number, direction: 'sent' | 'received' = 'received'): WorkbenchEvent => ({
      kind: 'call',
      callId,
      event: { type: 'message', direction, index, timeMs: index, bytes: chars, json: `"${'x'.repeat(chars - 2)}"` },
    });
    batcher.push(big(callA, 0, 3_000, 'sent'));
    for (let i = 0; i < 10; i++) batcher.push(big(callA, i, 3_000));
    batcher.push(big(callB, 0, 9_000));
    batcher.push(big(callA, 10, 50_000)); // alone over the budget: still crosses, alone
    batcher.flush();
    const events = batches[0]?.events ?? [];
    const summary = events.map((e) => (e.kind !== 'call' ? e.kind : e.event.type === 'message' ? `${e.callId}:${e.event.direction[0]}${e.event.index}` : e.event.type === 'dropped' ? `${e.callId}:dropped-${e.event.direction}-${e.event.count}` : e.event.type));
    expect(summary).toEqual(['a:dropped-sent-1', 'a:dropped-received-10', 'b:r0', 'a:r10']);
    const chars = events.reduce((sum, e) => sum + (e.kind === 'call' && e.event.type === 'message' && e.callId === callB ? e.event.json.length : 0), 0);
    expect(chars).toBeLessThanOrEqual(10_000);
  });

  it('under the character budget, the count cap still decides', () => {
    const { batches, batcher } = collect({ intervalMs: 60_000, maxMessagesPerCallPerBatch: 4 });
    for (let i = 0; i < 9; i++) batcher.push(message(callA, i));
    batcher.flush();
    const events = batches[0]?.events ?? [];
    expect(events.map((e) => (e.kind === 'call' && e.event.type === 'message' ? e.event.index : e.kind === 'call' && e.event.type === 'dropped' ? -e.event.count : null))).toEqual([-5, 5, 6, 7, 8]);
  });

  it('a capped call does not force size flushes', () => {
    const { batches, batcher } = collect({ intervalMs: 60_000, maxBatchEvents: 10, maxMessagesPerCallPerBatch: 5 });
    for (let i = 0; i < 1_000; i++) batcher.push(message(callA, i));
    expect(batches).toHaveLength(0);
    batcher.flush();
    expect(batches[0]?.events).toHaveLength(6);
  });
});

describe('MessageRing', () => {
  it('keeps the last N in order and counts the rest', () => {
    const ring = new MessageRing<number>(3);
    expect(ring.toArray()).toEqual([]);
    for (let i = 0; i < 2; i++) ring.push(i);
    expect(ring.toArray()).toEqual([0, 1]);
    for (let i = 2; i < 8; i++) ring.push(i);
    expect(ring.toArray()).toEqual([5, 6, 7]);
    expect([ring.total, ring.size, ring.dropped]).toEqual([8, 3, 5]);
  });

  it('grows past its initial allocation up to the capacity', () => {
    const ring = new MessageRing<number>(3_000);
    for (let i = 0; i < 5_000; i++) ring.push(i);
    const kept = ring.toArray();
    expect(kept).toHaveLength(3_000);
    expect(kept[0]).toBe(2_000);
    expect(kept[2_999]).toBe(4_999);
  });

  it('releases its oldest early, sums the sizes it keeps, and grows again after wrapping', () => {
    const ring = new MessageRing<number>(6, (n) => n * 10);
    for (let i = 1; i <= 5; i++) ring.push(i);
    expect(ring.keptSize).toBe(150);
    expect([ring.releaseOldest(), ring.releaseOldest()]).toEqual([1, 2]);
    expect([ring.total, ring.size, ring.dropped, ring.keptSize]).toEqual([5, 3, 2, 120]);
    // The head is no longer slot 0 when the buffer grows past its first 4 slots.
    for (let i = 6; i <= 10; i++) ring.push(i);
    expect(ring.toArray()).toEqual([5, 6, 7, 8, 9, 10]);
    expect([ring.at(0), ring.at(5), ring.at(6)]).toEqual([5, 10, undefined]);
    expect([ring.total, ring.dropped, ring.keptSize]).toEqual([10, 4, 450]);
    while (ring.releaseOldest() !== undefined);
    expect([ring.size, ring.keptSize, ring.toArray()]).toEqual([0, 0, []]);
  });
});
