import { describe, expect, it } from 'vitest';
import type { RequestCheck } from '../../../shared/checks';
import { WORKSPACE_SCHEMAS } from '../../../shared/validation';
import { CHECK_KINDS, checksSaveProblem, expectedValueText, newCheck, parseExpectedValue, selectorOf, messageChoiceOf, wholeNumber, withComparison } from './check-editing';

describe('editing checks', () => {
  it('starts every kind of the Check kind combobox as a check the file format accepts (a header or trailer once named)', () => {
    for (const { id } of CHECK_KINDS) {
      const check = newCheck(id);
      const named = check.kind === 'header' || check.kind === 'trailer' ? { ...check, key: 'x-id' } : check;
      expect(WORKSPACE_SCHEMAS.requestCheck.safeParse(named).success, id).toBe(true);
    }
  });

  it('reads an expected value as JSON when it is JSON, else as text, and shows it back the same way', () => {
    expect(parseExpectedValue('10')).toBe(10);
    expect(parseExpectedValue('{"a": [1]}')).toEqual({ a: [1] });
    expect(parseExpectedValue('hello')).toBe('hello');
    expect(parseExpectedValue('"10"')).toBe('10');
    for (const value of [10, true, null, { a: [1] }, 'hello', '10', 'true', '"quoted"', '']) {
      expect(parseExpectedValue(expectedValueText(value)), JSON.stringify(value)).toEqual(value);
    }
  });

  it('changes the comparison of a JSON path check keeping its path, message and text', () => {
    const check: Extract<RequestCheck, { kind: 'message' }> = { kind: 'message', message: { kind: 'every' }, path: '$.id', op: 'contains', value: '42' };
    expect(withComparison(check, 'equals', '42')).toEqual({ kind: 'message', message: { kind: 'every' }, path: '$.id', op: 'equals', value: 42 });
    expect(withComparison(check, 'matches', '^a')).toEqual({ kind: 'message', message: { kind: 'every' }, path: '$.id', op: 'matches', pattern: '^a' });
    expect(withComparison(check, 'absent', '42')).toEqual({ kind: 'message', message: { kind: 'every' }, path: '$.id', op: 'absent' });
  });

  it('maps Which message to selectors (message numbers count from 1) and reads whole numbers only', () => {
    expect(selectorOf('nth', 3)).toEqual({ kind: 'nth', index: 2 });
    expect(selectorOf('last', 3)).toEqual({ kind: 'nth', index: -1 });
    expect(messageChoiceOf({ kind: 'nth', index: -1 })).toBe('last');
    expect(messageChoiceOf({ kind: 'every' })).toBe('every');
    expect(wholeNumber(' 25 ', 1)).toBe(25);
    expect(wholeNumber('0', 1)).toBeNull();
    expect(wholeNumber('1.5', 0)).toBeNull();
    expect(wholeNumber('', 0)).toBeNull();
  });

  it('names the check or capture to fix before a save', () => {
    expect(checksSaveProblem([{ kind: 'status', code: 'OK' }], [])).toBeNull();
    expect(checksSaveProblem([{ kind: 'status', code: 'OK' }, { kind: 'trailer', key: ' ' }], undefined)).toBe('Check 2: Enter the trailer name to look for. (Checks view).');
    expect(checksSaveProblem([{ kind: 'message', message: { kind: 'every' }, path: 'id', op: 'exists' }], undefined)).toMatch(/^Check 1: JSON path "id" must start with "\$"/);
    expect(checksSaveProblem([{ kind: 'message', message: { kind: 'every' }, path: '$.id', op: 'matches', pattern: '(' }], undefined)).toMatch(/^Check 1: \/\(\/ is not a valid regular expression/);
    expect(checksSaveProblem([], [{ variable: '', from: 'message', path: '$.token' }])).toBe('Capture 1: Enter the variable to set. (Checks view).');
    expect(checksSaveProblem([], [{ variable: 'id', from: 'header', name: '' }])).toBe('Capture 1: Enter the header name to read. (Checks view).');
  });
});
