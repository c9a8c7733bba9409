import { describe, expect, it } from 'vitest';
import type { RequestCheck } from '../../../../shared/checks';
import { asCallId } from '../../../../shared/ids';
import type { TabCallOutcome } from '../../store/check-outcome-store';
import { checkResultsOf, resultsBadge } from './check-results';

const taken = (messagesIncomplete: string | null): TabCallOutcome => ({
  callId: asCallId('c1'),
  outcome: { statusCode: 'OK', statusMessage: '', headers: [], trailers: [], messages: [{ id: 'a' }, undefined, { id: 'c' }], durationMs: 5 },
  messagesIncomplete,
  previewsUnread: false,
  captures: [],
});

const checks: RequestCheck[] = [
  { kind: 'status', code: 'OK' },
  { kind: 'messageCount', op: 'equals', count: 3 },
  { kind: 'message', message: { kind: 'nth', index: -1 }, path: '$.id', op: 'equals', value: 'c' },
];

describe('check results in the app', () => {
  it('judges the tab checks with the shared evaluator and counts them for the badge', () => {
    const results = checkResultsOf(checks, taken(null));
    expect(results?.map((r) => r.passed)).toEqual([true, true, true]);
    expect(resultsBadge(results ?? [])).toBe('3/3 passed');
    expect(checkResultsOf([], taken(null))).toBeNull();
    expect(checkResultsOf(checks, undefined)).toBeNull();
  });

  it('does not judge message checks when the page no longer holds every received message, and says why', () => {
    const results = checkResultsOf(checks, taken('this page keeps 2 of the 3 received messages'));
    expect(results?.map((r) => r.passed)).toEqual([true, true, false]);
    expect(results?.[2]?.detail).toBe('not judged: this page keeps 2 of the 3 received messages');
    expect(resultsBadge(results ?? [])).toBe('2/3 passed');
  });
});
