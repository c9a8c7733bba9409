import { describe, expect, it } from 'vitest';
import { compareWithSnapshot, parseIgnorePaths, type IgnorePattern } from './snapshot-compare';
import { parseJsonPath } from './json-path';

function patterns(...paths: string[]): IgnorePattern[] {
  const parsed = parseIgnorePaths(paths);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.patterns;
}

describe('compareWithSnapshot', () => {
  it('matches equal messages whatever the key order', () => {
    expect(compareWithSnapshot([{ a: 1, b: { c: [1, 2] } }], [{ b: { c: [1, 2] }, a: 1 }], [])).toEqual({ matches: true, compared: 1 });
  });

  it('names the first differing message and the path inside it, with both values', () => {
    const result = compareWithSnapshot([{ price: 10 }, { price: 10 }, { price: 10 }, { price: 10 }], [{ price: 10 }, { price: 10 }, { price: 10 }, { price: 11 }], []);
    expect(result).toMatchObject({ matches: false, kind: 'value', messageIndex: 3, path: '$.price', expected: '10', actual: '11' });
    expect(result.matches === false && result.message).toBe('message 3: $.price expected 10 got 11');
  });

  it('reports only the first difference, in message order and then sorted key order', () => {
    const result = compareWithSnapshot([{ a: 1, z: 1 }, { a: 1 }], [{ a: 1, z: 2 }, { a: 2 }], []);
    expect(result).toMatchObject({ messageIndex: 0, path: '$.z' });
    expect(compareWithSnapshot([{ b: 1, a: 1 }], [{ b: 2, a: 2 }], [])).toMatchObject({ path: '$.a' });
  });

  it('walks nested objects and arrays to the differing leaf', () => {
    const expected = [{ order: { items: [{ id: 'x', qty: 1 }, { id: 'y', qty: 2 }] } }];
    const actual = [{ order: { items: [{ id: 'x', qty: 1 }, { id: 'y', qty: 3 }] } }];
    expect(compareWithSnapshot(expected, actual, [])).toMatchObject({ path: '$.order.items[1].qty', expected: '2', actual: '3' });
  });

  it('says "nothing" for a field or array element only one side has', () => {
    expect(compareWithSnapshot([{ a: 1 }], [{ a: 1, extra: 'x' }], [])).toMatchObject({ path: '$.extra', expected: 'nothing', actual: '"x"' });
    expect(compareWithSnapshot([{ tags: ['a', 'b'] }], [{ tags: ['a'] }], [])).toMatchObject({ path: '$.tags[1]', expected: '"b"', actual: 'nothing' });
    expect(compareWithSnapshot([{ a: { b: 1 } }], [{ a: [1] }], [])).toMatchObject({ path: '$.a', expected: '{"b":1}', actual: '[1]' });
  });

  it('tells a different number of messages after the messages both have, naming the first missing or new one', () => {
    expect(compareWithSnapshot([1, 2, 3], [1, 2], [])).toEqual({ matches: false, kind: 'count', messageIndex: 2, expectedCount: 3, actualCount: 2, message: 'expected 3 messages, got 2 (message 2 is missing)' });
    expect(compareWithSnapshot([1], [1, 2, 3], [])).toMatchObject({ kind: 'count', messageIndex: 1, message: 'expected 1 message, got 3 (messages 1–2 are not in the snapshot)' });
    // A value difference comes first, even when the counts differ too.
    expect(compareWithSnapshot([{ a: 1 }, { a: 2 }], [{ a: 9 }], [])).toMatchObject({ kind: 'value', messageIndex: 0 });
  });

  it('skips ignored paths in every message, also when one side lacks them', () => {
    const ignore = patterns('$.sentAt');
    expect(compareWithSnapshot([{ i: 1, sentAt: 'a' }, { i: 2, sentAt: 'b' }], [{ i: 1, sentAt: 'c' }, { i: 2 }], ignore)).toEqual({ matches: true, compared: 2 });
    expect(compareWithSnapshot([{ i: 1, sentAt: 'a' }], [{ i: 2, sentAt: 'c' }], ignore)).toMatchObject({ path: '$.i' });
  });

  it('ignores everything inside an ignored path', () => {
    expect(compareWithSnapshot([{ meta: { at: 1, by: 'x' }, v: 1 }], [{ meta: { at: 2 }, v: 1 }], patterns('$.meta'))).toMatchObject({ matches: true });
  });

  it('takes wildcards for every element or every field, and negative indexes from the end', () => {
    const expected = [{ items: [{ id: 'a1', name: 'n' }, { id: 'a2', name: 'm' }] }];
    const actual = [{ items: [{ id: 'b1', name: 'n' }, { id: 'b2', name: 'm' }] }];
    expect(compareWithSnapshot(expected, actual, [])).toMatchObject({ path: '$.items[0].id' });
    expect(compareWithSnapshot(expected, actual, patterns('$.items[*].id'))).toMatchObject({ matches: true });
    expect(compareWithSnapshot(expected, actual, patterns('$.items.*.id'))).toMatchObject({ matches: true });
    expect(compareWithSnapshot(expected, actual, patterns('$.items[0].id'))).toMatchObject({ path: '$.items[1].id' });
    expect(compareWithSnapshot(expected, actual, patterns('$.items[0].id', '$.items[-1].id'))).toMatchObject({ matches: true });
    expect(compareWithSnapshot([{ a: { x: 1, y: 2 } }], [{ a: { x: 3, y: 4 } }], patterns('$.a.*'))).toMatchObject({ matches: true });
    // A wildcard stands for one level only.
    expect(compareWithSnapshot([{ a: { b: { c: 1 } } }], [{ a: { b: { c: 2 } } }], patterns('$.*.c'))).toMatchObject({ path: '$.a.b.c' });
  });

  it('ignores whole messages with "$"', () => {
    expect(compareWithSnapshot([{ a: 1 }], [{ a: 2 }], patterns('$'))).toMatchObject({ matches: true });
  });

  it('shortens long values in the report', () => {
    const result = compareWithSnapshot([{ text: 'a'.repeat(500) }], [{ text: 'b' }], []);
    expect(result.matches === false && result.kind === 'value' && result.expected.length).toBe(80);
  });
});

describe('parseIgnorePaths', () => {
  it('names the path that is not a JSON path and skips blank lines', () => {
    expect(parseIgnorePaths(['$.a', ''])).toMatchObject({ ok: true });
    expect(parseIgnorePaths(['$.a', 'sentAt'])).toEqual({ ok: false, message: 'Ignore path: JSON path "sentAt" must start with "$" (e.g. "$.items[0].id")' });
  });

  it('keeps wildcards out of check paths, which name one value', () => {
    expect(parseJsonPath('$.items[*].id').ok).toBe(false);
    expect(parseJsonPath('$.items.*').ok).toBe(false);
  });
});
