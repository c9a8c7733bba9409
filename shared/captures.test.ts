import { describe, expect, it } from 'vitest';
import type { CallOutcome } from './checks';
import { environmentWithCaptures, extractCaptures } from './captures';

const outcome: CallOutcome = {
  statusCode: 'OK',
  statusMessage: '',
  headers: [{ key: 'x-request-id', value: 'req-7' }],
  trailers: [{ key: 'x-served-by', value: 'b' }],
  messages: [{ token: 'abc', user: { id: 42, roles: ['admin'] } }, { token: 'last' }],
  durationMs: 3,
};

describe('extractCaptures', () => {
  it('reads a JSON path of the first, nth or last message, and a header or trailer (case-insensitive)', () => {
    expect(
      extractCaptures(
        [
          { variable: 'token', from: 'message', path: '$.token' },
          { variable: 'userId', from: 'message', path: '$.user.id' },
          { variable: 'roles', from: 'message', path: '$.user.roles', messageIndex: 0 },
          { variable: 'lastToken', from: 'message', path: '$.token', messageIndex: -1 },
          { variable: 'second', from: 'message', path: '$.token', messageIndex: 1 },
          { variable: 'requestId', from: 'header', name: 'X-Request-Id' },
          { variable: 'server', from: 'trailer', name: 'x-served-by' },
        ],
        outcome,
      ),
    ).toEqual([
      { variable: 'token', ok: true, value: 'abc' },
      // Not a string: the variable holds its JSON text.
      { variable: 'userId', ok: true, value: '42' },
      { variable: 'roles', ok: true, value: '["admin"]' },
      { variable: 'lastToken', ok: true, value: 'last' },
      { variable: 'second', ok: true, value: 'last' },
      { variable: 'requestId', ok: true, value: 'req-7' },
      { variable: 'server', ok: true, value: 'b' },
    ]);
  });

  it('says why a value could not be captured: missing path, message, header; bad path; bad or empty variable name', () => {
    const messages = extractCaptures(
      [
        { variable: 'token', from: 'message', path: '$.nope' },
        { variable: 'token', from: 'message', path: '$.token', messageIndex: 5 },
        { variable: 'token', from: 'message', path: 'token' },
        { variable: 'id', from: 'header', name: 'x-missing' },
        { variable: 'id', from: 'trailer', name: 'x-request-id' },
        { variable: '', from: 'message', path: '$.token' },
        { variable: 'a b', from: 'message', path: '$.token' },
      ],
      outcome,
    ).map((r) => (r.ok ? r.value : r.message));
    expect(messages).toEqual([
      '{{token}} not captured: $.nope does not exist in message 1.',
      '{{token}} not captured: there is no message 6 (2 received).',
      '{{token}} not captured: JSON path "token" must start with "$" (e.g. "$.items[0].id")',
      '{{id}} not captured: no header x-missing was received.',
      '{{id}} not captured: no trailer x-request-id was received.',
      'Capture from $.token of message 1 has no variable name: enter the variable to set.',
      '"a b" cannot be a variable name: use letters, digits, "_", "-" and "." (not starting with $).',
    ]);
    expect(extractCaptures([{ variable: 'token', from: 'message', path: '$.token' }], { ...outcome, messages: [] })[0]).toMatchObject({ ok: false, message: '{{token}} not captured: there is no message 1 (0 received).' });
  });
});

describe('environmentWithCaptures', () => {
  it('sets an existing plain variable, adds a new one, and keeps a secret one out of the definitions', () => {
    const result = environmentWithCaptures(
      [{ name: 'token', value: 'old', secret: false }, { name: 'apiKey', value: '', secret: true }, { name: 'host', value: 'h', secret: false }],
      [{ name: 'session', value: '', secret: true }],
      [
        { variable: 'token', value: 'new' },
        { variable: 'userId', value: '42' },
        { variable: 'apiKey', value: 'k-1' },
        // Secret in the collection, not defined by the environment: the environment gets its name only.
        { variable: 'session', value: 's-9' },
      ],
    );
    expect(result.variables).toEqual([
      { name: 'token', value: 'new', secret: false },
      { name: 'apiKey', value: '', secret: true },
      { name: 'host', value: 'h', secret: false },
      { name: 'userId', value: '42', secret: false },
      { name: 'session', value: '', secret: true },
    ]);
    expect(result.secretValues).toEqual([{ name: 'apiKey', value: 'k-1' }, { name: 'session', value: 's-9' }]);
    expect(JSON.stringify(result.variables)).not.toContain('k-1');
  });
});
