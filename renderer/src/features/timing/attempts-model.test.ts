import { describe, expect, it } from 'vitest';
import { attemptBars, attemptsSummary } from './attempts-model';

describe('attempts model', () => {
  it('numbers the attempts and names each status', () => {
    const bars = attemptBars([
      { startMs: 0, endMs: 2, code: 14 },
      { startMs: 12, endMs: 14, code: 14 },
      { startMs: 40, endMs: 42, code: 0 },
    ]);
    expect(bars.map((b) => `${b.number}:${b.status}`)).toEqual(['1:UNAVAILABLE', '2:UNAVAILABLE', '3:OK']);
    expect(attemptsSummary(bars)).toBe('3 · UNAVAILABLE, UNAVAILABLE, OK');
  });

  it('says when an attempt had no status, and shows a dash when none was seen', () => {
    expect(attemptsSummary(attemptBars([{ startMs: 0, endMs: 1, code: null }]))).toBe('1 · no status');
    expect(attemptsSummary(attemptBars(undefined))).toBe('—');
  });
});
