import { describe, expect, it } from 'vitest';
import { TimeSamples } from './time-samples';

describe('TimeSamples', () => {
  it('keeps every time below its limit', () => {
    const samples = new TimeSamples(8);
    [1, 2, 3].forEach((t) => samples.add(t));
    expect([...samples.samples()]).toEqual([1, 2, 3]);
    expect(samples.weight).toBe(1);
    expect(samples.total).toBe(3);
  });

  it('thins out evenly past its limit and never holds more than the limit', () => {
    const samples = new TimeSamples(8);
    for (let t = 0; t < 1000; t += 1) samples.add(t);
    const kept = [...samples.samples()];
    expect(kept.length).toBeLessThanOrEqual(8);
    expect(samples.total).toBe(1000);
    // Each kept sample stands for `weight` events: together they account for (nearly) all.
    expect(Math.abs(kept.length * samples.weight - 1000)).toBeLessThanOrEqual(2 * samples.weight);
    // Evenly spread across the whole range, in order.
    expect(kept).toEqual([...kept].sort((a, b) => a - b));
    expect(kept[0]).toBeLessThan(200);
    expect(kept.at(-1)).toBeGreaterThan(800);
  });
});
