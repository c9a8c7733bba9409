import { describe, expect, it } from 'vitest';
import { attemptBars, attemptsSummary, placeAttemptLabel } from './attempts-model';

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

describe('attempt label placement', () => {
  const plotRight = 500;
  it('puts the status right of a bar when there is room', () => {
    expect(placeAttemptLabel(100, 20, plotRight, 80)).toEqual({ x: 126, anchor: 'start', inside: false });
  });
  it('puts it inside a wide bar that reaches the end of the plot', () => {
    expect(placeAttemptLabel(300, 200, plotRight, 80)).toEqual({ x: 494, anchor: 'end', inside: true });
  });
  it('puts it left of a narrow bar at the end of the plot, never over the bar', () => {
    const place = placeAttemptLabel(460, 40, plotRight, 80);
    expect(place).toEqual({ x: 454, anchor: 'end', inside: false });
    expect(place.x).toBeLessThan(460);
  });
});
