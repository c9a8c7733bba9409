import { describe, expect, it } from 'vitest';
import { httpBaseUrl } from './http-base-url';
import type { HttpRule } from './http-rule';
import { buildTranscodedRequest } from './http-transcoding';
import { parsePathTemplate } from './path-template';

function rule(verb: string, path: string, body = '', jsonNames: Record<string, string[]> = {}): HttpRule {
  return { verb, path, body, responseBody: '', jsonNames };
}

function build(r: HttpRule, request: unknown) {
  const built = buildTranscodedRequest(r, request);
  if (!built.ok) throw new Error(built.error.message);
  return built.value;
}

describe('buildTranscodedRequest (cases of google/api/http.proto)', () => {
  it('GET /v1/{name=messages/*}: the path variable from the field, nothing else', () => {
    expect(build(rule('GET', '/v1/{name=messages/*}'), { name: 'messages/123456' })).toEqual({ method: 'GET', pathAndQuery: '/v1/messages/123456', body: null });
  });

  it('GET /v1/messages/{message_id}: the other fields (nested too) become query parameters', () => {
    const r = rule('GET', '/v1/messages/{message_id}', '', { message_id: ['messageId'] });
    const request = { messageId: '123456', revision: '2', sub: { subfield: 'foo' } };
    expect(build(r, request).pathAndQuery).toBe('/v1/messages/123456?revision=2&sub.subfield=foo');
  });

  it('accepts the proto name as typed by the user, and repeated fields as repeated keys', () => {
    const r = rule('GET', '/v1/messages/{message_id}', '', { message_id: ['messageId'] });
    expect(build(r, { message_id: 'a', tags: ['x', 'y z'] }).pathAndQuery).toBe('/v1/messages/a?tags=x&tags=y%20z');
  });

  it('PATCH with body "message": that field is the body, the path field leaves the message', () => {
    const r = rule('PATCH', '/v1/messages/{message_id}', 'message', { message_id: ['messageId'], message: ['message'] });
    expect(build(r, { messageId: '123456', message: { text: 'Hi!' }, extra: true })).toEqual({ method: 'PATCH', pathAndQuery: '/v1/messages/123456?extra=true', body: '{"text":"Hi!"}' });
  });

  it('PATCH with body "*": every field not in the path is the body and none is a query parameter', () => {
    const r = rule('PATCH', '/v1/messages/{message_id}', '*', { message_id: ['messageId'] });
    expect(build(r, { messageId: '123456', text: 'Hi!', sub: { a: 1 } })).toEqual({ method: 'PATCH', pathAndQuery: '/v1/messages/123456', body: '{"text":"Hi!","sub":{"a":1}}' });
  });

  it('nested path fields {a.b}: the value is taken from inside, and an emptied message leaves', () => {
    const r = rule('GET', '/v1/users/{user.id}/messages/{message_id}', '', { 'user.id': ['user', 'id'], message_id: ['messageId'] });
    expect(build(r, { user: { id: 'me' }, messageId: '7', view: 'FULL' }).pathAndQuery).toBe('/v1/users/me/messages/7?view=FULL');
    expect(build(r, { user: { id: 'me', kind: 'x' }, messageId: '7' }).pathAndQuery).toBe('/v1/users/me/messages/7?user.kind=x');
  });

  it('multi-segment variables keep "/", single-segment ones encode it; reserved characters are encoded', () => {
    expect(build(rule('GET', '/v1/{name=projects/*/locations/*}'), { name: 'projects/p 1/locations/eu' }).pathAndQuery).toBe('/v1/projects/p%201/locations/eu');
    expect(build(rule('GET', '/v1/{name=**}'), { name: 'a/b/c' }).pathAndQuery).toBe('/v1/a/b/c');
    expect(build(rule('GET', '/v1/keys/{key}'), { key: 'a/b?c&d' }).pathAndQuery).toBe('/v1/keys/a%2Fb%3Fc%26d');
  });

  it('a custom verb is kept after ":"', () => {
    expect(build(rule('POST', '/v1/{name=operations/*}:cancel', '*'), { name: 'operations/42' })).toEqual({ method: 'POST', pathAndQuery: '/v1/operations/42:cancel', body: '{}' });
  });

  it('etcd: POST /v3/kv/put with body "*" sends the whole message', () => {
    expect(build(rule('POST', '/v3/kv/put', '*'), { key: 'Zm9v', value: 'YmFy' })).toEqual({ method: 'POST', pathAndQuery: '/v3/kv/put', body: '{"key":"Zm9v","value":"YmFy"}' });
  });

  it('refuses a missing path field, one that does not match its pattern, and objects in the path or query', () => {
    const missing = buildTranscodedRequest(rule('GET', '/v1/{name=messages/*}'), {});
    expect(missing.ok ? null : missing.error).toMatchObject({ code: 'BAD_JSON', details: { path: 'name' } });
    expect(missing.ok ? '' : missing.error.message).toContain('does not set it. Set "name" (it must match messages/*)');
    const mismatch = buildTranscodedRequest(rule('GET', '/v1/{name=messages/*}'), { name: 'shelves/1' });
    expect(mismatch.ok ? '' : mismatch.error.message).toBe('Field "name" is "shelves/1", but the HTTP rule GET /v1/{name=messages/*} needs it to match messages/*.');
    const empty = buildTranscodedRequest(rule('GET', '/v1/keys/{key}'), { key: '' });
    expect(empty.ok ? '' : empty.error.message).toContain('one non-empty path segment');
    const object = buildTranscodedRequest(rule('GET', '/v1/keys/{key}'), { key: { a: 1 } });
    expect(object.ok ? '' : object.error.message).toContain('must be a string, number or boolean');
    const listOfMessages = buildTranscodedRequest(rule('GET', '/v1/items'), { items: [{ a: 1 }] });
    expect(listOfMessages.ok ? '' : listOfMessages.error.message).toContain('Field "items" is a list of messages');
  });
});

describe('parsePathTemplate', () => {
  it('reads variables, wildcards and the verb', () => {
    const parsed = parsePathTemplate('/v1/{name=shelves/*/books/**}:move');
    expect(parsed.ok ? parsed.value : null).toEqual({
      segments: [
        { kind: 'literal', value: 'v1' },
        { kind: 'variable', fieldPath: 'name', pattern: [{ kind: 'literal', value: 'shelves' }, { kind: 'wildcard' }, { kind: 'literal', value: 'books' }, { kind: 'deep' }] },
      ],
      verb: 'move',
    });
  });

  it('says what is wrong with a bad template', () => {
    const bad = (t: string) => {
      const parsed = parsePathTemplate(t);
      return parsed.ok ? '' : parsed.error.message;
    };
    expect(bad('v1/x')).toContain('must start with "/"');
    expect(bad('/v1/{name')).toContain('braces');
    expect(bad('/v1/{a.}')).toContain('is not a field path');
    expect(bad('/v1/x{name}')).toContain('is not "*", "**", a literal or a {variable}');
  });
});

describe('httpBaseUrl', () => {
  it('makes the URL from the server address the gRPC call uses', () => {
    const url = (t: string, tls = false) => {
      const r = httpBaseUrl(t, tls);
      return r.ok ? r.value : r.error.message;
    };
    expect(url('127.0.0.1:2379')).toBe('http://127.0.0.1:2379');
    expect(url('localhost:8443', true)).toBe('https://localhost:8443');
    expect(url('dns:///gw.example.com:80')).toBe('http://gw.example.com:80');
    expect(url('ipv4:10.0.0.1:80,10.0.0.2:80')).toBe('http://10.0.0.1:80');
    expect(url('https://api.example.com/prefix/')).toBe('https://api.example.com/prefix');
    expect(url('[::1]:8080')).toBe('http://[::1]:8080');
    expect(url('unix:///tmp/s.sock')).toContain('a unix socket has no HTTP URL');
  });
});
