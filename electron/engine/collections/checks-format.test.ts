// Checks in a request file: written after the body when there are any, read back exactly, and
// a file without them writes back byte-identical; a malformed check is refused by name.
import { describe, expect, it } from 'vitest';
import { emptyRequestDocument } from '../../../shared/request-document';
import { parseRequestFile, requestFileText } from './collection-format';

const folder = '/tmp/collection';
const PLAIN = ['method: demo.v1.DemoService/Echo', 'kind: unary', 'target: localhost:50051', 'body: "{}"', ''].join('\n');

describe('checks in the request file format', () => {
  it('round-trips every kind of check and keeps a file without checks byte-identical', () => {
    const document = { ...emptyRequestDocument({ service: 'demo.v1.DemoService', method: 'Echo' }, 'unary'), body: '{}' };
    document.connection = { ...document.connection, target: 'localhost:50051' };
    expect(requestFileText(folder, document)).toBe(PLAIN);
    const withChecks = {
      ...document,
      checks: [
        { kind: 'status' as const, code: 'OK' },
        { kind: 'message' as const, message: { kind: 'nth' as const, index: -1 }, path: '$.items[0].id', op: 'equals' as const, value: { a: [1, 'x'] } },
        { kind: 'message' as const, message: { kind: 'every' as const }, path: '$.id', op: 'matches' as const, pattern: '^a\\d+$' },
        { kind: 'trailer' as const, key: 'x-served-by', equals: 'b' },
        { kind: 'messageCount' as const, op: 'atLeast' as const, count: 2 },
        { kind: 'duration' as const, underMs: 250 },
      ],
    };
    const text = requestFileText(folder, withChecks);
    expect(text.startsWith(PLAIN.slice(0, -1) + '\nchecks:\n')).toBe(true);
    const read = parseRequestFile(folder, text);
    expect(read.ok && read.value).toEqual(withChecks);
    if (read.ok) expect(requestFileText(folder, read.value)).toBe(text);
  });

  it('refuses a check of an unknown kind, naming where it is', () => {
    const read = parseRequestFile(folder, `${PLAIN}checks:\n  - kind: speed\n`);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.message).toMatch(/^not a valid request at checks\[0\]/);
  });
});
