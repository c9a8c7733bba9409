import { describe, expect, it } from 'vitest';
import { formatRunningTime } from './running-time';

describe('formatRunningTime', () => {
  it.each([
    [0, '0 s'],
    [999, '0 s'],
    [42_500, '42 s'],
    [185_000, '3 min 5 s'],
    [7_260_000, '2 h 1 min'],
    [-5, '0 s'],
  ])('%d ms is %s', (ms, text) => {
    expect(formatRunningTime(ms)).toBe(text);
  });
});
