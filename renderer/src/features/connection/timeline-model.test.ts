import { describe, expect, it } from 'vitest';
import type { ConnectionEvent } from '../../../../shared/connection';
import { buildConnectionTimeline, channelNowMs } from './timeline-model';

const at = 1_700_000_000_000;
const events: ConnectionEvent[] = [
  { type: 'state', timeMs: 0, at, state: 'IDLE' },
  { type: 'state', timeMs: 5, at: at + 5, state: 'CONNECTING' },
  { type: 'state', timeMs: 12, at: at + 12, state: 'READY' },
  { type: 'ping_sent', timeMs: 100, at: at + 100 },
  { type: 'ping_ack', timeMs: 101, at: at + 101, rttMs: 0.8 },
  { type: 'ping_received', timeMs: 120, at: at + 120 },
  { type: 'goaway', timeMs: 150, at: at + 150, errorCode: 0, errorName: 'NO_ERROR', debugData: '', lastStreamId: 1 },
  { type: 'state', timeMs: 151, at: at + 151, state: 'IDLE' },
];

describe('connection timeline', () => {
  it('turns state changes into consecutive bands up to now', () => {
    const timeline = buildConnectionTimeline(events, 200);
    expect(timeline?.segments).toEqual([
      { state: 'IDLE', startMs: 0, endMs: 5 },
      { state: 'CONNECTING', startMs: 5, endMs: 12 },
      { state: 'READY', startMs: 12, endMs: 151 },
      { state: 'IDLE', startMs: 151, endMs: 200 },
    ]);
    expect(timeline?.pings).toEqual([100]);
    expect(timeline?.serverPings).toEqual([120]);
    expect(timeline?.acks).toEqual([{ timeMs: 101, rttMs: 0.8 }]);
    expect(timeline?.goaways).toEqual([{ timeMs: 150, errorName: 'NO_ERROR' }]);
  });

  it('marks every health status seen on the channel, with its service', () => {
    const timeline = buildConnectionTimeline(
      [
        ...events,
        { type: 'health', timeMs: 160, at: at + 160, service: 'demo.v1.DemoService', status: 'SERVING' },
        { type: 'health', timeMs: 170, at: at + 170, service: 'demo.v1.DemoService', status: 'NOT_SERVING' },
      ],
      200,
    );
    expect(timeline?.health).toEqual([
      { timeMs: 160, service: 'demo.v1.DemoService', status: 'SERVING' },
      { timeMs: 170, service: 'demo.v1.DemoService', status: 'NOT_SERVING' },
    ]);
    expect(timeline?.segments.at(-1)).toEqual({ state: 'IDLE', startMs: 151, endMs: 200 });
  });

  it('merges repeated reports of the same state', () => {
    const timeline = buildConnectionTimeline(
      [
        { type: 'state', timeMs: 0, at, state: 'READY' },
        { type: 'state', timeMs: 10, at: at + 10, state: 'READY' },
      ],
      20,
    );
    expect(timeline?.segments).toEqual([{ state: 'READY', startMs: 0, endMs: 20 }]);
  });

  it('has nothing to draw without events, and knows the engine time now', () => {
    expect(buildConnectionTimeline([], 10)).toBeNull();
    expect(channelNowMs(events, at + 151 + 49)).toBe(200);
  });
});
