// The HTTP/JSON session against a gateway-shaped node:http server on 127.0.0.1 that records each
// request and answers as grpc-gateway v2 does: what goes on the wire for GET/PATCH rules with
// path variables, query and body; response_body; a stream ended by an {"error"} line; error
// bodies with google.rpc details; metadata as headers.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConnectionSettings, type ConnectionSettings } from '../../../shared/connection';
import type { ProtoSetId } from '../../../shared/ids';
import { ChannelPool } from '../transport/channel-pool';
import { CallRegistry } from '../calls/call-registry';
import { createProtoSetStore, type ProtoSetStore } from '../protos/proto-set-store';
import { collectEvents, expectWellFormed, messagesOf, statusOf } from '../../../test/support/transport-calls';

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'transcoding');

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let server: Server;
let address: string;
const seen: Seen[] = [];
let store: ProtoSetStore;
let protoSetId: ProtoSetId;
let registry: CallRegistry;
let pool: ChannelPool;
let cacheDir: string;

beforeAll(async () => {
  cacheDir = mkdtempSync(join(tmpdir(), 'transcoding-protos-'));
  store = createProtoSetStore({ cacheDir });
  const compiled = await store.compile({ protoFiles: [join(FIXTURES, 'library.proto')], importPaths: [FIXTURES] });
  if (!compiled.ok) throw new Error(compiled.error.message);
  protoSetId = compiled.value.id;
  pool = new ChannelPool();
  registry = new CallRegistry({ pool });
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const path = (req.url ?? '').split('?')[0];
      if (path === '/v1/shelves/s1/books/slow') return; // never answers
      res.setHeader('content-type', 'application/json');
      if (path === '/v1/shelves/s1/books/b1') {
        res.setHeader('grpc-metadata-served-by', 'fake-gateway');
        res.end(JSON.stringify({ name: 'shelves/s1/books/b1', title: 'Dune', pageCount: 412, unknownExtra: 1 }));
      } else if (path === '/v1/shelves/s1/books') {
        res.end(JSON.stringify([{ name: 'shelves/s1/books/b1', title: 'Dune' }, { name: 'shelves/s1/books/b2', title: 'Emma' }]));
      } else if (path === '/v1/shelves/s1/books:watch') {
        res.write(`${JSON.stringify({ result: { title: 'one' } })}\n`);
        res.write(`${JSON.stringify({ result: { title: 'two' } })}\n`);
        res.end(`${JSON.stringify({ error: { code: 8, message: 'too many watchers', details: [] } })}\n`);
      } else if (path === '/v1/shelves/missing/books/b1') {
        res.statusCode = 404;
        res.end(JSON.stringify({ code: 5, message: 'book shelves/missing/books/b1 not found', details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'BOOK_MISSING', domain: 'library.example.com' }] }));
      } else if (path === '/v1/shelves/s1/books/throttled') {
        res.statusCode = 503;
        res.setHeader('content-type', 'text/plain');
        res.end('upstream overloaded');
      } else {
        res.end(JSON.stringify({ name: 'shelves/s1/books/b9', title: 'updated' }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const bound = server.address();
  address = `127.0.0.1:${typeof bound === 'object' && bound !== null ? bound.port : 0}`;
});

afterAll(async () => {
  await registry.dispose();
  pool.closeAll();
  await new Promise((resolve) => server.close(resolve));
  rmSync(cacheDir, { recursive: true, force: true });
});

function connection(): ConnectionSettings {
  return { ...defaultConnectionSettings(address), protocol: 'http-json' } as ConnectionSettings;
}

async function run(method: string, requestJson: string, extra: { httpRuleIndex?: number; metadata?: { key: string; value: string }[]; deadlineMs?: number; cancelAfterMs?: number } = {}) {
  const found = store.codecFor({ protoSetId, service: 'library.v1.Library', method });
  if (!found.ok) throw new Error(found.error.message);
  const events = collectEvents();
  const started = registry.start({
    method: found.value.method,
    codec: found.value.codec,
    statusDecoder: store.statusDetailsDecoderFor(protoSetId),
    connection: connection(),
    metadata: extra.metadata ?? [],
    deadlineMs: extra.deadlineMs ?? 5_000,
    requestJson,
    options: { emitDefaults: false, ...(extra.httpRuleIndex !== undefined ? { httpRuleIndex: extra.httpRuleIndex } : {}) },
    sink: events.sink,
  });
  if (!started.ok) throw new Error(`${started.error.code}: ${started.error.message}`);
  const { callId } = started.value;
  if (extra.cancelAfterMs !== undefined) setTimeout(() => registry.cancel(callId), extra.cancelAfterMs);
  const all = await events.ended;
  expectWellFormed(all);
  return { events: all, request: seen.at(-1) as Seen };
}

describe('TranscodedCallSession over HTTP', () => {
  it('GET: path variable from the field, other fields (nested, repeated) as query, metadata as headers, no body', async () => {
    const { events, request } = await run('GetBook', JSON.stringify({ name: 'shelves/s1/books/b1', viewMode: 'FULL', filter: { minPages: 10, tags: ['sf', 'classic'] } }), {
      metadata: [{ key: 'authorization', value: 'Bearer t0k3n' }],
    });
    expect(request.method).toBe('GET');
    expect(request.url).toBe('/v1/shelves/s1/books/b1?viewMode=FULL&filter.minPages=10&filter.tags=sf&filter.tags=classic');
    expect(request.body).toBe('');
    expect(request.headers['authorization']).toBe('Bearer t0k3n');
    expect(request.headers['grpc-timeout']).toBe('5000m');
    expect(statusOf(events)).toMatchObject({ code: 0, codeName: 'OK' });
    // Read back through the codec: canonical JSON, the field the proto does not know left out.
    expect(JSON.parse(messagesOf(events, 'received')[0]?.json ?? '')).toEqual({ name: 'shelves/s1/books/b1', title: 'Dune', pageCount: 412 });
    const headers = events.find((e) => e.type === 'headers');
    expect(headers?.type === 'headers' ? headers.metadata : []).toContainEqual({ key: 'grpc-metadata-served-by', value: 'fake-gateway' });
  });

  it('response_body: the HTTP body is that field of the response message', async () => {
    const { events, request } = await run('ListBooks', JSON.stringify({ parent: 'shelves/s1', pageSize: 2 }));
    expect(request.url).toBe('/v1/shelves/s1/books?pageSize=2');
    expect(JSON.parse(messagesOf(events, 'received')[0]?.json ?? '')).toEqual({ books: [{ name: 'shelves/s1/books/b1', title: 'Dune' }, { name: 'shelves/s1/books/b2', title: 'Emma' }] });
  });

  it('body "book" with a nested path field {book.name}; the additional binding sends body "*"', async () => {
    const patch = await run('UpdateBook', JSON.stringify({ book: { name: 'shelves/s1/books/b9', title: 'updated' }, allowMissing: true }));
    expect(patch.request).toMatchObject({ method: 'PATCH', url: '/v1/shelves/s1/books/b9?allowMissing=true', body: '{"title":"updated"}' });
    expect(patch.request.headers['content-type']).toBe('application/json');
    const post = await run('UpdateBook', JSON.stringify({ book: { name: 'shelves/s1/books/b9', title: 'updated' }, allowMissing: true }), { httpRuleIndex: 1 });
    expect(post.request).toMatchObject({ method: 'POST', url: '/v1/shelves/s1/books/b9:update', body: '{"book":{"title":"updated"},"allowMissing":true}' });
  });

  it('server streaming: {"result"} lines are messages, an {"error"} line is the status', async () => {
    const { events } = await run('WatchBooks', JSON.stringify({ parent: 'shelves/s1' }));
    expect(messagesOf(events, 'received').map((m) => JSON.parse(m.json) as unknown)).toEqual([{ title: 'one' }, { title: 'two' }]);
    expect(statusOf(events)).toMatchObject({ code: 8, codeName: 'RESOURCE_EXHAUSTED', details: 'too many watchers' });
  });

  it('an error body with google.rpc details shows them like a gRPC status; a plain 503 maps to UNAVAILABLE', async () => {
    const { events: missing } = await run('GetBook', JSON.stringify({ name: 'shelves/missing/books/b1' }));
    expect(statusOf(missing)).toMatchObject({ code: 5, codeName: 'NOT_FOUND', details: 'book shelves/missing/books/b1 not found' });
    expect(statusOf(missing).richDetails).toEqual([
      expect.objectContaining({ type: 'google.rpc.ErrorInfo', json: expect.objectContaining({ reason: 'BOOK_MISSING', domain: 'library.example.com' }) as unknown }),
    ]);
    const { events: throttled } = await run('GetBook', JSON.stringify({ name: 'shelves/s1/books/throttled' }));
    expect(statusOf(throttled)).toMatchObject({ code: 14, codeName: 'UNAVAILABLE' });
    expect(statusOf(throttled).details).toBe(`HTTP 503 Service Unavailable from GET http://${address}/v1/shelves/s1/books/throttled. Body: upstream overloaded`);
  });

  it('a deadline ends a call the server never answers (DEADLINE_EXCEEDED); Cancel ends one as CANCELLED', async () => {
    const { events: late } = await run('GetBook', JSON.stringify({ name: 'shelves/s1/books/slow' }), { deadlineMs: 200 });
    expect(statusOf(late)).toMatchObject({ code: 4, codeName: 'DEADLINE_EXCEEDED', details: 'Deadline of 200 ms exceeded before the HTTP response headers came.' });
    const { events: cancelled } = await run('GetBook', JSON.stringify({ name: 'shelves/s1/books/slow' }), { cancelAfterMs: 100 });
    expect(statusOf(cancelled)).toMatchObject({ code: 1, codeName: 'CANCELLED', details: 'Cancelled by the client.' });
  });

  it('a request whose path field does not match the template is refused before anything is sent', () => {
    const found = store.codecFor({ protoSetId, service: 'library.v1.Library', method: 'GetBook' });
    if (!found.ok) throw new Error(found.error.message);
    const before = seen.length;
    const started = registry.start({
      method: found.value.method,
      codec: found.value.codec,
      statusDecoder: store.statusDetailsDecoderFor(protoSetId),
      connection: connection(),
      metadata: [],
      deadlineMs: null,
      requestJson: '{"name":"books/b1"}',
      options: { emitDefaults: false },
      sink: () => undefined,
    });
    expect(started.ok ? null : started.error).toMatchObject({ code: 'BAD_JSON', details: { path: 'name' } });
    expect(started.ok ? '' : started.error.message).toBe('Field "name" is "books/b1", but the HTTP rule GET /v1/{name=shelves/*/books/*} needs it to match shelves/*/books/*.');
    expect(seen.length).toBe(before);
  });
});
