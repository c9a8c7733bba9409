import { describe, expect, it } from 'vitest';
import { appendPathLines, parsePathLines } from './path-lines';
import { parseOptionalInt } from '../../../shared/number-field';

describe('path lines', () => {
  it('reads one path per line, ignoring blanks and duplicates', () => {
    expect(parsePathLines(' /a/b.proto \n\n/c.proto\r\n/a/b.proto')).toEqual(['/a/b.proto', '/c.proto']);
  });
  it('appends new paths only', () => {
    expect(appendPathLines('/a\n', ['/a', '/b'])).toBe('/a\n/b');
  });
});

describe('optional number fields', () => {
  it('treats empty as unset and rejects what is not a whole number', () => {
    expect(parseOptionalInt('')).toEqual({ value: null, problem: null });
    expect(parseOptionalInt(' 1_000 ')).toEqual({ value: 1000, problem: null });
    expect(parseOptionalInt('1.5').problem).not.toBeNull();
    expect(parseOptionalInt('-1').problem).not.toBeNull();
    expect(parseOptionalInt('-1', { allowMinusOne: true })).toEqual({ value: -1, problem: null });
  });
});
