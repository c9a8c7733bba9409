// The HTTP binding a saved request chose reaches the wire: a request file with httpRuleIndex: 1
// is read back, sent through the contract (validated dispatch, as both shells do) to the engine,
// and a gateway-shaped node:http server on 127.0.0.1 records the additional binding's verb and
// path (library.proto's UpdateBook: PATCH primary, POST ...:update additional binding).
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallEvent } from '../../shared/call-events';
import type { MethodRef, StartCallResponse } from '../../shared/contract';
import { callOptionsOf, type RequestDocument } from '../../shared/request-document';
import type { Result } from '../../shared/result';
import { parseRequestFile } from '../../electron/engine/collections/collection-format';
import { createValidatedDispatch, type ValidatedDispatch } from '../../electron/engine/dispatch/validated-dispatch';
import type { WorkbenchEngine } from '../../electron/engine/engine-api';
import { createWorkbenchEngine } from '../../electron/engine/workbench-engine';

const FIXTURES = join(__dirname, '..', 'fixtures', 'transcoding');

let dataDir: string;
let engine: WorkbenchEngine;
let dispatch: ValidatedDispatch;
let server: Server;
let address: string;
let method: MethodRef;
const seen: { method: string; url: string; body: string }[] = [];
const ended = new Map<string, CallEvent[]>();

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'http-binding-'));
  engine = createWorkbenchEngine({ dataDir, shell: 'browser' });
  engine.onEvents((batch) => {
    for (const e of batch.events) {
      if (e.kind !== 'call') continue;
      ended.set(e.callId, [...(ended.get(e.callId) ?? []), e.event]);
    }
  });
  dispatch = createValidatedDispatch(engine);
  const compiled = await engine.invoke('protos:compile', { protoFiles: [join(FIXTURES, 'library.proto')], importPaths: [FIXTURES] });
  if (!compiled.ok) throw new Error(compiled.error.message);
  method = { protoSetId: compiled.value.id, service: 'library.v1.Library', method: 'UpdateBook' };
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', body });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ name: 'shelves/s1/books/b9', title: `${req.method ?? ''} seen` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const bound = server.address();
  address = `127.0.0.1:${typeof bound === 'object' && bound !== null ? bound.port : 0}`;
});

afterAll(async () => {
  await engine.dispose();
  await new Promise((resolve) => server.close(resolve));
  await rm(dataDir, { recursive: true, force: true });
});

function savedRequest(extraLines: string[]): RequestDocument {
  const text = ['method: library.v1.Library/UpdateBook', 'kind: unary', `target: ${address}`, 'connection:', '  protocol: http-json', ...extraLines, `body: '{"book":{"name":"shelves/s1/books/b9","title":"t"}}'`, ''].join('\n');
  const read = parseRequestFile(dataDir, text);
  if (!read.ok) throw new Error(read.message);
  return read.value;
}

async function start(document: RequestDocument): Promise<Result<StartCallResponse>> {
  return (await dispatch('calls:start', {
    method,
    connection: document.connection,
    metadata: [],
    deadlineMs: 5_000,
    requestJson: document.body,
    options: callOptionsOf(document),
  })) as Result<StartCallResponse>;
}

async function untilEnded(callId: string): Promise<CallEvent[]> {
  for (let i = 0; i < 500 && !(ended.get(callId) ?? []).some((e) => e.type === 'ended'); i++) await new Promise((r) => setTimeout(r, 10));
  return ended.get(callId) ?? [];
}

describe('the HTTP binding of a saved request', () => {
  it('without httpRuleIndex the call goes through the primary rule; with httpRuleIndex: 1 through the additional binding', async () => {
    const primary = await start(savedRequest([]));
    if (!primary.ok) throw new Error(primary.error.message);
    await untilEnded(primary.value.callId);
    expect(seen.at(-1)).toEqual({ method: 'PATCH', url: '/v1/shelves/s1/books/b9', body: '{"title":"t"}' });

    const binding = await start(savedRequest(['httpRuleIndex: 1']));
    if (!binding.ok) throw new Error(binding.error.message);
    const events = await untilEnded(binding.value.callId);
    expect(seen.at(-1)).toEqual({ method: 'POST', url: '/v1/shelves/s1/books/b9:update', body: '{"book":{"title":"t"}}' });
    const started = events.find((e) => e.type === 'started');
    expect(started?.type === 'started' ? started.target : '').toBe(`POST http://${address}/v1/shelves/s1/books/b9:update`);
    const status = events.find((e) => e.type === 'status');
    expect(status?.type === 'status' ? status.status.codeName : '').toBe('OK');
  });

  it('refuses a binding the method does not have before anything is sent, listing the rules it has', async () => {
    const before = seen.length;
    const refused = await start(savedRequest(['httpRuleIndex: 2']));
    expect(refused.ok).toBe(false);
    expect(refused.ok ? '' : refused.error.message).toBe(
      'library.v1.Library.UpdateBook has 2 HTTP rules (0: PATCH /v1/{book.name=shelves/*/books/*}, 1: POST /v1/{book.name=shelves/*/books/*}:update); there is no rule 2. Choose one in HTTP binding.',
    );
    expect(seen.length).toBe(before);
  });

  it('refuses an index that is not a rule number at the contract, naming the field', async () => {
    const document = savedRequest([]);
    const refused = await dispatch('calls:start', { method, connection: document.connection, metadata: [], deadlineMs: null, requestJson: '{}', options: { emitDefaults: false, httpRuleIndex: -1 } });
    expect(refused.ok ? '' : refused.error.message).toContain('options.httpRuleIndex: must be a whole number: 0 for the primary google.api.http rule');
  });
});
