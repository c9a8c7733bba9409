import { describe, expect, it } from 'vitest';
import { reconnectDelayMs } from './reconnect-backoff';

describe('reconnectDelayMs', () => {
  it('doubles from 250 ms and stops at 10 s', () => {
    const middle = () => 0.5; // no jitter
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map((attempt) => reconnectDelayMs(attempt, middle))).toEqual([250, 500, 1000, 2000, 4000, 8000, 10000, 10000, 10000]);
  });

  it('spreads attempts by ±20 %', () => {
    expect(reconnectDelayMs(3, () => 0)).toBe(800);
    expect(reconnectDelayMs(3, () => 1)).toBe(1200);
  });
});
