import { describe, expect, it } from 'vitest';
import type { ConnectionEvent, ConnectionSnapshot } from '../../../shared/connection';
import { asChannelId } from '../../../shared/ids';
import { applyConnectionEvents, CHANNEL_EVENT_LIMIT, createChannelView, emptyKeepaliveStats, mergeSnapshot } from './channel-view';

const channelId = asChannelId('c1');
const at = 1_700_000_000_000;

describe('channel view', () => {
  it('takes the snapshot counters and keeps only the events that came after it', () => {
    const early: ConnectionEvent = { type: 'ping_sent', timeMs: 5, at };
    const late: ConnectionEvent = { type: 'ping_sent', timeMs: 50, at };
    const fromEvents = applyConnectionEvents(createChannelView(channelId), [early, late]);
    const snapshot: ConnectionSnapshot = {
      channelId,
      target: '127.0.0.1:1',
      state: 'READY',
      keepalive: { ...emptyKeepaliveStats(), keepaliveTimeMs: 1000, pingsSent: 7 },
      recentEvents: [early, { type: 'state', timeMs: 10, at, state: 'READY' }],
    };
    const merged = mergeSnapshot(fromEvents, snapshot);
    expect(merged.state).toBe('READY');
    expect(merged.target).toBe('127.0.0.1:1');
    // 7 from the snapshot, plus the one ping it had not seen yet.
    expect(merged.keepalive.pingsSent).toBe(8);
    expect(merged.events.map((e) => e.timeMs)).toEqual([5, 10, 50]);
  });

  it('does not count twice the events a snapshot already had when their batch arrives after it', () => {
    const ping: ConnectionEvent = { type: 'ping_sent', timeMs: 20, at };
    const snapshot: ConnectionSnapshot = {
      channelId,
      target: '127.0.0.1:1',
      state: 'READY',
      keepalive: { ...emptyKeepaliveStats(), pingsSent: 1 },
      recentEvents: [{ type: 'state', timeMs: 10, at, state: 'READY' }, ping],
    };
    const merged = mergeSnapshot(createChannelView(channelId), snapshot);
    const after = applyConnectionEvents(merged, [ping, { type: 'ping_sent', timeMs: 30, at }]);
    expect(after.events.map((e) => e.timeMs)).toEqual([10, 20, 30]);
    expect(after.keepalive.pingsSent).toBe(2);
  });

  it('keeps a bounded timeline but counts everything', () => {
    const pings: ConnectionEvent[] = Array.from({ length: CHANNEL_EVENT_LIMIT + 50 }, (_, i) => ({ type: 'ping_sent', timeMs: i, at }));
    const view = applyConnectionEvents(createChannelView(channelId), pings);
    expect(view.events).toHaveLength(CHANNEL_EVENT_LIMIT);
    expect(view.events[0]?.timeMs).toBe(50);
    expect(view.keepalive.pingsSent).toBe(CHANNEL_EVENT_LIMIT + 50);
  });

  it('records GOAWAY and ping timeouts', () => {
    const view = applyConnectionEvents(createChannelView(channelId), [
      { type: 'ping_timeout', timeMs: 1, at },
      { type: 'goaway', timeMs: 2, at, errorCode: 0, errorName: 'NO_ERROR', debugData: 'max_age', lastStreamId: 3 },
    ]);
    expect(view.keepalive.pingTimeouts).toBe(1);
    expect(view.keepalive.lastGoaway).toEqual({ errorCode: 0, errorName: 'NO_ERROR', debugData: 'max_age', at, lastStreamId: 3, endedCalls: [], endedCallsTotal: 0 });
  });

  it('counts the server\'s pings; a GOAWAY continuing the last keeps its debug data and ended calls, a new one starts over', () => {
    const call = { callId: 'c-1', method: 'demo.v1.DemoService.CountUp', at: at + 4 };
    const view = applyConnectionEvents(createChannelView(channelId), [
      { type: 'ping_received', timeMs: 1, at },
      { type: 'ping_received', timeMs: 2, at },
      { type: 'goaway', timeMs: 3, at, errorCode: 0, errorName: 'NO_ERROR', debugData: 'max_age', lastStreamId: 2147483647 },
      { type: 'goaway', timeMs: 4, at: at + 1, errorCode: 0, errorName: 'NO_ERROR', debugData: '', lastStreamId: 1, continuesPrevious: true },
      { type: 'goaway_ended_call', timeMs: 5, at: at + 4, call },
    ]);
    expect(view.keepalive.pingsReceived).toBe(2);
    expect(view.keepalive.lastGoaway).toEqual({ errorCode: 0, errorName: 'NO_ERROR', debugData: 'max_age', at, lastStreamId: 1, endedCalls: [call], endedCallsTotal: 1 });
    const later = applyConnectionEvents(view, [{ type: 'goaway', timeMs: 6, at: at + 9, errorCode: 11, errorName: 'ENHANCE_YOUR_CALM', debugData: 'too_many_pings', lastStreamId: 0 }]);
    expect(later.keepalive.lastGoaway).toMatchObject({ errorName: 'ENHANCE_YOUR_CALM', at: at + 9, endedCalls: [], endedCallsTotal: 0 });
  });
});

describe('a closed channel', () => {
  it('keeps when and why the engine closed it, from the event and from a snapshot', () => {
    const channelId = asChannelId('ch-closed');
    const view = applyConnectionEvents(createChannelView(channelId), [
      { type: 'state', timeMs: 1, at: 1_000, state: 'SHUTDOWN' },
      { type: 'closed', timeMs: 2, at: 2_000, reason: 'Closed after 5 min without calls.' },
    ]);
    expect(view.closed).toEqual({ at: 2_000, reason: 'Closed after 5 min without calls.' });
    const merged = mergeSnapshot(createChannelView(channelId), {
      channelId,
      target: 'x:1',
      state: 'SHUTDOWN',
      keepalive: emptyKeepaliveStats(),
      recentEvents: [],
      closed: { at: 3_000, reason: 'Closed from the Connections table.' },
    });
    expect(merged.closed?.reason).toBe('Closed from the Connections table.');
  });
});
