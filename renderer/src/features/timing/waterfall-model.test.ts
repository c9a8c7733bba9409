import { describe, expect, it } from 'vitest';
import { buildWaterfall, MAX_TICKS, niceTicks } from './waterfall-model';

const base = {
  endMs: 100,
  waitForConnectionMs: 10,
  timeToHeadersMs: 30,
  halfClosedMs: null,
  sentTimes: new Float64Array([1]),
  receivedTimes: new Float64Array([40, 60, 90]),
  sentWeight: 1,
  receivedWeight: 1,
};

describe('waterfall model', () => {
  it('lays the connection wait, then headers, on one time axis', () => {
    const model = buildWaterfall(base, 50);
    expect(model.phases).toEqual([
      { label: 'Waiting for connection', startMs: 0, endMs: 10, tone: 'connect' },
      { label: 'Time to headers', startMs: 10, endMs: 30, tone: 'headers' },
    ]);
    expect(model.sent).toEqual({ kind: 'ticks', times: [1] });
    expect(model.received).toEqual({ kind: 'ticks', times: [40, 60, 90] });
  });

  it('omits the connection phase when the call did not wait', () => {
    expect(buildWaterfall({ ...base, waitForConnectionMs: null }, 10).phases.map((p) => p.label)).toEqual(['Time to headers']);
  });

  it('turns many messages into a density strip that still counts them all', () => {
    const times = new Float64Array(10_000).map((_, i) => (i / 10_000) * 100);
    const model = buildWaterfall({ ...base, receivedTimes: times }, 20);
    expect(model.received.kind).toBe('density');
    if (model.received.kind !== 'density') return;
    expect(model.received.bins).toHaveLength(20);
    expect(model.received.bins.reduce((a, b) => a + b, 0)).toBe(10_000);
    expect(model.received.max).toBe(500);
  });

  it('weighs thinned samples so the density reflects the real count', () => {
    const times = new Float64Array(MAX_TICKS).map((_, i) => i / 10);
    const model = buildWaterfall({ ...base, endMs: 30, receivedTimes: times, receivedWeight: 4 }, 3);
    expect(model.received.kind).toBe('density');
    if (model.received.kind === 'density') expect(model.received.bins.reduce((a, b) => a + b, 0)).toBe(MAX_TICKS * 4);
  });

  it('picks round axis marks', () => {
    expect(niceTicks(100, 5)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(1234, 5)).toEqual([0, 250, 500, 750, 1000, 1250].filter((t) => t <= 1234 + 1e-6));
    expect(niceTicks(0, 5)).toEqual([0]);
  });
});
