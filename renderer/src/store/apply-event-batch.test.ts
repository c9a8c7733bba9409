import { describe, expect, it } from 'vitest';
import type { CallEvent } from '../../../shared/call-events';
import type { EventBatch, WorkbenchEvent } from '../../../shared/contract';
import { asCallId, asChannelId } from '../../../shared/ids';
import { applyEventBatch } from './apply-event-batch';
import { createAppStore } from './app-store';

const callId = asCallId('call-1');
const channelId = asChannelId('chan-1');

const started: CallEvent = { type: 'started', timeMs: 0, at: 1_700_000_000_000, methodPath: '/demo.v1.DemoService/CountUp', kind: 'server_streaming', target: '127.0.0.1:1', channelId };
const call = (event: CallEvent): WorkbenchEvent => ({ kind: 'call', callId, event });
const received = (index: number, timeMs = index): CallEvent => ({ type: 'message', direction: 'received', index, timeMs, bytes: 4, json: `{"index":${index}}` });

function storeWith(retentionCap = 10_000) {
  const store = createAppStore();
  store.getState().setRetentionCap(retentionCap);
  const apply = (events: WorkbenchEvent[], seq = 1) => store.setState((s) => applyEventBatch(s, { seq, events } satisfies EventBatch));
  return { store, apply };
}

describe('applyEventBatch', () => {
  it('builds a call from its events: headers, messages, status, timing', () => {
    const { store, apply } = storeWith();
    apply([call(started), call({ type: 'headers', timeMs: 2, metadata: [{ key: 'x', value: '1' }] }), call(received(0, 3)), call(received(1, 4))]);
    apply([
      call({ type: 'status', timeMs: 5, status: { code: 0, codeName: 'OK', details: '', trailers: [{ key: 't', value: 'v' }], richDetails: null } }),
      call({ type: 'ended', timeMs: 5, timing: { waitForConnectionMs: 1, timeToHeadersMs: 2, timeToFirstMessageMs: 3, totalMs: 5, messagesSent: 1, messagesReceived: 2, bytesSent: 0, bytesReceived: 8 } }),
    ]);
    const record = store.getState().calls[callId];
    expect(record?.phase).toBe('ended');
    expect(record?.headers).toEqual([{ key: 'x', value: '1' }]);
    expect(record?.messages.toArray().map((m) => ('index' in m ? m.index : null))).toEqual([0, 1]);
    expect(record?.firstReceivedMs).toBe(3);
    expect(record?.status?.codeName).toBe('OK');
    // The engine's totals win: it counted a sent message this page never saw.
    expect([record?.sent, record?.received]).toEqual([1, 2]);
  });

  it("gives a sent message its frame when sent_wire follows it: the message becomes a new object, the version moves", () => {
    const { store, apply } = storeWith();
    const sent = (index: number): CallEvent => ({ type: 'message', direction: 'sent', index, timeMs: index, bytes: 600, json: '{}' });
    apply([call(started), call(sent(0)), call(received(0)), call(sent(1))]);
    const before = store.getState().calls[callId];
    const firstBefore = before?.messages.get(0);
    const versionBefore = before?.messagesVersion ?? 0;
    apply([call({ type: 'sent_wire', timeMs: 5, index: 0, wire: { compression: 'gzip', bytes: 40 } })], 2);
    const after = store.getState().calls[callId];
    const first = after?.messages.get(0);
    expect(first).toMatchObject({ direction: 'sent', index: 0, wire: { compression: 'gzip', bytes: 40 } });
    expect(first).not.toBe(firstBefore);
    expect(after?.messages.get(1)).toMatchObject({ direction: 'received', index: 0 });
    expect(after?.messages.get(1)).not.toHaveProperty('wire');
    expect(after?.messages.get(2)).not.toHaveProperty('wire');
    expect(after?.messagesVersion).toBe(versionBefore + 1);
    // A frame for a message the page no longer keeps changes nothing.
    apply([call({ type: 'sent_wire', timeMs: 6, index: 7, wire: { compression: 'gzip', bytes: 40 } })], 3);
    expect(store.getState().calls[callId]?.messagesVersion).toBe(versionBefore + 1);
  });

  it('changes the store once per batch and copies the call once, however many messages', () => {
    const { store, apply } = storeWith();
    apply([call(started)]);
    let updates = 0;
    const unsubscribe = store.subscribe(() => {
      updates += 1;
    });
    const before = store.getState().calls[callId];
    apply(Array.from({ length: 5_000 }, (_, i) => call(received(i))), 2);
    unsubscribe();
    const after = store.getState().calls[callId];
    expect(updates).toBe(1);
    expect(after).not.toBe(before); // a new record object, so selectors see the change
    expect(after?.messages).toBe(before?.messages); // the ring itself was appended in place
    expect(after?.messagesVersion).toBe(5_000);
    expect(after?.received).toBe(5_000);
  });

  it('keeps only the newest messages and counts the rest, including what the engine dropped', () => {
    const { store, apply } = storeWith(3);
    apply([call(started), ...Array.from({ length: 10 }, (_, i) => call(received(i)))]);
    apply([call({ type: 'dropped', timeMs: 20, direction: 'received', count: 100 })], 2);
    const record = store.getState().calls[callId];
    // What the engine skipped is one entry of the log, at its positions (10..109).
    expect(record?.messages.toArray()).toEqual([expect.objectContaining({ index: 8 }), expect.objectContaining({ index: 9 }), { skipped: true, from: 10, count: 100 }]);
    expect(record?.nextPosition).toBe(110);
    expect(record?.received).toBe(110);
    expect(record?.droppedByEngine).toBe(100);
  });

  it('ignores late events of a call the page has let go', () => {
    const { store, apply } = storeWith();
    apply([call(started)]);
    store.getState().removeCall(callId);
    apply([call(received(0))], 2);
    expect(store.getState().calls[callId]).toBeUndefined();
  });

  it('tracks connection state, keepalive and the demo server, leaving other parts untouched', () => {
    const { store, apply } = storeWith();
    const callsBefore = store.getState().calls;
    const at = 1_700_000_000_000;
    apply([
      { kind: 'connection', channelId, event: { type: 'state', timeMs: 0, at, state: 'CONNECTING' } },
      { kind: 'connection', channelId, event: { type: 'state', timeMs: 3, at, state: 'READY' } },
      { kind: 'connection', channelId, event: { type: 'ping_sent', timeMs: 10, at } },
      { kind: 'connection', channelId, event: { type: 'ping_ack', timeMs: 11, at, rttMs: 0.7 } },
      { kind: 'demo', running: true, address: '127.0.0.1:5555' },
    ]);
    const view = store.getState().channels[channelId];
    expect(view?.state).toBe('READY');
    expect(view?.keepalive).toMatchObject({ pingsSent: 1, pingAcks: 1, lastPingRttMs: 0.7 });
    expect(view?.events).toHaveLength(4);
    expect(store.getState().demo).toMatchObject({ running: true, address: '127.0.0.1:5555' });
    expect(store.getState().calls).toBe(callsBefore);
  });
});
