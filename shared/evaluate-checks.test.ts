import { describe, expect, it } from 'vitest';
import type { CallOutcome, RequestCheck } from './checks';
import { evaluateChecks } from './evaluate-checks';

const outcome: CallOutcome = {
  statusCode: 'OK',
  statusMessage: '',
  headers: [{ key: 'content-type', value: 'application/grpc' }],
  trailers: [{ key: 'x-served-by', value: 'b' }],
  messages: [{ id: 'a1', items: [{ price: 10 }], note: 'hello world' }, { id: 'a2', items: [] }],
  durationMs: 12,
};

const verdict = (check: RequestCheck) => {
  const [result] = evaluateChecks([check], outcome);
  return [result?.passed, result?.detail];
};

describe('evaluateChecks', () => {
  it('status', () => {
    expect(verdict({ kind: 'status', code: 'OK' })).toEqual([true, 'status OK']);
    expect(evaluateChecks([{ kind: 'status', code: 'OK' }], { ...outcome, statusCode: 'NOT_FOUND', statusMessage: 'no such key' })[0]).toMatchObject({ passed: false, detail: 'status was NOT_FOUND: no such key', label: 'status is OK' });
  });

  it('message paths: equals (as JSON), contains, matches, exists, absent; every message or the nth', () => {
    expect(verdict({ kind: 'message', message: { kind: 'nth', index: 0 }, path: '$.items[0]', op: 'equals', value: { price: 10 } })).toEqual([true, '1 message checked']);
    expect(verdict({ kind: 'message', message: { kind: 'nth', index: 0 }, path: '$.items[0].price', op: 'equals', value: 11 })).toEqual([false, 'message 1: $.items[0].price is 10']);
    expect(verdict({ kind: 'message', message: { kind: 'nth', index: 0 }, path: '$.note', op: 'contains', value: 'world' })[0]).toBe(true);
    expect(verdict({ kind: 'message', message: { kind: 'nth', index: -1 }, path: '$.id', op: 'matches', pattern: '^a\\d$' })[0]).toBe(true);
    expect(verdict({ kind: 'message', message: { kind: 'every' }, path: '$.id', op: 'exists' })).toEqual([true, '2 messages checked']);
    expect(verdict({ kind: 'message', message: { kind: 'every' }, path: '$.note', op: 'exists' })).toEqual([false, 'message 2: $.note does not exist']);
    expect(verdict({ kind: 'message', message: { kind: 'every' }, path: '$.error', op: 'absent' })[0]).toBe(true);
    expect(verdict({ kind: 'message', message: { kind: 'nth', index: 5 }, path: '$.id', op: 'exists' })).toEqual([false, 'there is no message 6: 2 received']);
    expect(verdict({ kind: 'message', message: { kind: 'nth', index: 0 }, path: 'id', op: 'exists' })[1]).toMatch(/^the path "id" is not a JSON path: /);
    expect(verdict({ kind: 'message', message: { kind: 'nth', index: 0 }, path: '$.id', op: 'matches', pattern: '(' })[1]).toMatch(/is not a valid regular expression/);
  });

  it('headers, trailers, message count and duration', () => {
    expect(verdict({ kind: 'header', key: 'Content-Type', equals: 'application/grpc' })[0]).toBe(true);
    expect(verdict({ kind: 'trailer', key: 'x-served-by', equals: 'a' })).toEqual([false, 'x-served-by was "b"']);
    expect(verdict({ kind: 'trailer', key: 'x-missing' })).toEqual([false, 'no trailer x-missing was received']);
    expect(verdict({ kind: 'messageCount', op: 'equals', count: 2 })).toEqual([true, '2 messages received']);
    expect(verdict({ kind: 'messageCount', op: 'atLeast', count: 3 })[0]).toBe(false);
    expect(verdict({ kind: 'messageCount', op: 'atMost', count: 2 })[0]).toBe(true);
    expect(verdict({ kind: 'duration', underMs: 12 })).toEqual([false, 'took 12 ms']);
    expect(verdict({ kind: 'duration', underMs: 13 })[0]).toBe(true);
  });
});
