import { describe, expect, it } from 'vitest';
import { deadlineMs } from './request-deadline';

describe('a request deadline as typed', () => {
  it('reads bare milliseconds and the units a saved request may carry', () => {
    expect(deadlineMs('1500')).toEqual({ value: 1500, problem: null });
    expect(deadlineMs('1_500')).toEqual({ value: 1500, problem: null });
    expect(deadlineMs('1500ms')).toEqual({ value: 1500, problem: null });
    expect(deadlineMs('1.5s')).toEqual({ value: 1500, problem: null });
    expect(deadlineMs(' 2m ')).toEqual({ value: 120_000, problem: null });
    expect(deadlineMs('')).toEqual({ value: null, problem: null });
  });
  it('names what is wrong with the rest', () => {
    expect(deadlineMs('soon').problem).toBe('Deadline: enter whole milliseconds (1500) or a duration like 5s or 2m, or leave it empty for no deadline (got "soon").');
    expect(deadlineMs('0s').problem).toMatch(/would fail at once/);
    expect(deadlineMs('30d').problem).toMatch(/^Deadline: enter whole milliseconds/);
    expect(deadlineMs('999999m').problem).toMatch(/^Deadline: at most 2,147,483,000 ms/);
  });
});
