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

  it('writes captures after the checks with their keys in one order, only when there are any, and reads them back', () => {
    const document = { ...emptyRequestDocument({ service: 'demo.v1.DemoService', method: 'Echo' }, 'unary'), body: '{}' };
    document.connection = { ...document.connection, target: 'localhost:50051' };
    expect(requestFileText(folder, { ...document, captures: [] })).toBe(PLAIN);
    const captures = [
      // Keys in an unusual order: the file still says variable, from, path, messageIndex.
      { messageIndex: -1, path: '$.token', from: 'message' as const, variable: 'token' },
      { name: 'x-request-id', from: 'header' as const, variable: 'requestId' },
      { variable: 'server', from: 'trailer' as const, name: 'x-served-by' },
    ];
    const text = requestFileText(folder, { ...document, checks: [{ kind: 'status', code: 'OK' }], captures });
    expect(text.slice(PLAIN.length - 1)).toBe(
      ['', 'checks:', '  - kind: status', '    code: OK', 'captures:', '  - variable: token', '    from: message', '    path: $.token', '    messageIndex: -1',
        '  - variable: requestId', '    from: header', '    name: x-request-id', '  - variable: server', '    from: trailer', '    name: x-served-by', ''].join('\n'),
    );
    const read = parseRequestFile(folder, text);
    expect(read.ok && read.value.captures).toEqual([
      { variable: 'token', from: 'message', path: '$.token', messageIndex: -1 },
      { variable: 'requestId', from: 'header', name: 'x-request-id' },
      { variable: 'server', from: 'trailer', name: 'x-served-by' },
    ]);
    if (read.ok) expect(requestFileText(folder, read.value)).toBe(text);
    const bad = parseRequestFile(folder, `${PLAIN}captures:\n  - variable: token\n    from: body\n`);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.message).toMatch(/^not a valid request at captures\[0\]/);
  });
});
