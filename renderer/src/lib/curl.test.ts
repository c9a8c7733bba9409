import { describe, expect, it } from 'vitest';
import { defaultConnectionSettings } from '../../../shared/connection';
import type { HttpRule } from '../../../shared/http-rule';
import { buildCurlCommand, type CurlInput } from './curl';
import { splitShellWords } from './shell-words';

/** The command read back as a shell would split it. */
function words(text: string): string[] {
  const result = splitShellWords(text);
  if (!result.ok) throw new Error(result.message);
  return result.words;
}

const put: HttpRule = { verb: 'POST', path: '/v3/kv/put', body: '*', responseBody: '', jsonNames: {} };
const getBook: HttpRule = { verb: 'GET', path: '/v1/{name=shelves/*/books/*}', body: '', responseBody: '', jsonNames: { name: ['name'] } };

function command(patch: Partial<CurlInput>): string {
  const built = buildCurlCommand({ connection: defaultConnectionSettings('127.0.0.1:2379'), rule: put, kind: 'unary', metadata: [], deadlineMs: null, body: '', ...patch });
  return built.ok ? built.value : `ERROR ${built.error.message}`;
}

describe('Copy as curl', () => {
  it('etcd Put: POST with the whole message as the JSON body', () => {
    expect(command({ body: '{\n  "key": "Zm9v",\n  "value": "YmFy"\n}' })).toBe(`curl -sS -X POST -H 'content-type: application/json' -d '{"key":"Zm9v","value":"YmFy"}' http://127.0.0.1:2379/v3/kv/put`);
  });

  it('GET: path and query escaped, metadata and the deadline as headers, no body', () => {
    const cmd = command({ rule: getBook, body: '{"name":"shelves/s 1/books/b1","viewMode":"it\'s"}', metadata: [{ key: 'Authorization', value: 'Bearer x' }], deadlineMs: 1500 });
    expect(words(cmd)).toEqual(['curl', '-sS', '-X', 'GET', '-H', 'authorization: Bearer x', '-H', 'grpc-timeout: 1500m', '--max-time', '1.5', "http://127.0.0.1:2379/v1/shelves/s%201/books/b1?viewMode=it%27s"]);
  });

  it('TLS files, skip verify and the server name; server streams with -N', () => {
    const connection = defaultConnectionSettings('gw.example.com:443');
    connection.tls = { enabled: true, caPath: '/c/ca.pem', certPath: '/c/me.pem', keyPath: '/c/me.key', serverNameOverride: 'internal.example', skipVerify: true };
    expect(words(command({ connection, kind: 'server_streaming', body: '{}' }))).toEqual([
      'curl', '-sS', '-N', '-X', 'POST', '-k', '--cacert', '/c/ca.pem', '--cert', '/c/me.pem', '--key', '/c/me.key', '-H', 'host: internal.example', '-H', 'content-type: application/json', '-d', '{}', 'https://gw.example.com:443/v3/kv/put',
    ]);
  });

  it('says why no command can be made', () => {
    expect(command({ kind: 'bidi_streaming' })).toContain('cannot be sent as one HTTP request');
    expect(command({ rule: getBook, body: '{"name":"books/1"}' })).toBe('ERROR Field "name" is "books/1", but the HTTP rule GET /v1/{name=shelves/*/books/*} needs it to match shelves/*/books/*.');
    expect(command({ body: '{"key": ' })).toContain('the request is not valid JSON');
  });
});
