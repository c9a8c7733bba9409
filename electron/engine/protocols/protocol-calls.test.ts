import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallEvent } from '../../../shared/call-events';
import type { MethodKind } from '../../../shared/catalog';
import type { ConnectionSettings } from '../../../shared/connection';
import { protocolKindProblem, type ProtocolHttpVersion, type WireProtocol } from '../../../shared/wire-protocol';
import { CallRegistry } from '../calls/call-registry';
import { ChannelPool } from '../transport/channel-pool';
import { startConnectPeer, type ConnectPeer } from '../../../test/support/connect-peer';
import { expectWellFormed, messagesOf, startEcho, statusOf, timingOf } from '../../../test/support/transport-calls';

let peer: ConnectPeer;
let pool: ChannelPool;
let registry: CallRegistry;

beforeAll(async () => {
  peer = await startConnectPeer();
  pool = new ChannelPool();
  registry = new CallRegistry({ pool, recordDir: null });
});

afterAll(async () => {
  await registry.dispose();
  pool.closeAll();
  await peer.close();
});

function value<T>(result: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

const METHOD_OF: Record<MethodKind, 'Unary' | 'ServerStream' | 'ClientStream' | 'Bidi'> = {
  unary: 'Unary',
  server_streaming: 'ServerStream',
  client_streaming: 'ClientStream',
  bidi_streaming: 'Bidi',
};
const KINDS: MethodKind[] = ['unary', 'server_streaming', 'client_streaming', 'bidi_streaming'];

interface Case {
  protocol: WireProtocol;
  httpVersion: ProtocolHttpVersion;
  kind: MethodKind;
}

const cases: Case[] = [];
for (const protocol of ['grpc', 'grpc-web', 'connect'] as const) {
  for (const httpVersion of protocol === 'grpc' ? (['2'] as const) : (['2', '1.1'] as const)) {
    for (const kind of KINDS) if (protocol === 'grpc' || protocolKindProblem(protocol, httpVersion, kind) === null) cases.push({ protocol, httpVersion, kind });
  }
}

function settings(c: Pick<Case, 'protocol' | 'httpVersion'>): Partial<ConnectionSettings> {
  return { protocol: c.protocol, httpVersion: c.httpVersion };
}

function addressFor(httpVersion: ProtocolHttpVersion): string {
  return httpVersion === '2' ? peer.http2Address : peer.http1Address;
}

/** Runs one call of the case's kind and answers its events. */
async function run(c: Case): Promise<CallEvent[]> {
  const method = METHOD_OF[c.kind];
  const sendsOne = c.kind === 'unary' || c.kind === 'server_streaming';
  const { started, call } = startEcho(registry, addressFor(c.httpVersion), method, {
    connection: settings(c),
    metadata: [{ key: 'x-echo', value: 'hello' }, { key: 'x-blob-bin', value: 'AAEC' }],
    requestJson: sendsOne ? JSON.stringify({ text: 'hi', repeat: 3 }) : null,
  });
  const { callId } = value(started);
  if (!sendsOne) {
    expect(value(registry.write(callId, '{"text":"a"}'))).toEqual({ index: 0 });
    expect(value(registry.write(callId, '{"text":"b"}'))).toEqual({ index: 1 });
    value(registry.halfClose(callId));
  }
  return call.ended;
}

describe('every protocol and HTTP version carries each call kind it allows, against one connect-node server', () => {
  it.each(cases)('$protocol over HTTP/$httpVersion: $kind', async (c) => {
    const events = await run(c);
    expectWellFormed(events);
    const status = statusOf(events);
    expect(status, status.details).toMatchObject({ code: 0, codeName: 'OK', richDetails: null });
    const received = messagesOf(events, 'received').map((m) => JSON.parse(m.json) as Record<string, unknown>);
    const expected: Record<MethodKind, Record<string, unknown>[]> = {
      unary: [{ text: 'hi' }],
      server_streaming: [{ text: 'hi' }, { text: 'hi', index: 1 }, { text: 'hi', index: 2 }],
      client_streaming: [{ text: 'a,b', index: 2 }],
      bidi_streaming: [{ text: 'a' }, { text: 'b', index: 1 }],
    };
    expect(received).toEqual(expected[c.kind]);
    const sent = messagesOf(events, 'sent');
    expect(sent.map((m) => m.index)).toEqual(c.kind === 'unary' || c.kind === 'server_streaming' ? [0] : [0, 1]);
    const headers = events.find((e): e is Extract<CallEvent, { type: 'headers' }> => e.type === 'headers');
    expect(headers?.metadata).toEqual(expect.arrayContaining([{ key: 'x-peer-method', value: METHOD_OF[c.kind] }, { key: 'x-echo', value: 'hello' }]));
    expect(status.trailers).toEqual(expect.arrayContaining([{ key: 'x-peer-trailer', value: `${METHOD_OF[c.kind]} done` }]));
    // The request went out in the chosen protocol (its content type), not over gRPC.
    const sendsOne = c.kind === 'unary';
    const contentType = { grpc: 'application/grpc', 'grpc-web': 'application/grpc-web+proto', connect: sendsOne ? 'application/proto' : 'application/connect+proto', 'http-json': '' }[c.protocol];
    expect(peer.lastHeaders.get(METHOD_OF[c.kind])?.get('content-type')).toBe(contentType);
    // The binary header reached the server as the bytes the user gave in base64.
    expect(peer.lastHeaders.get(METHOD_OF[c.kind])?.get('x-blob-bin')).toMatch(/^AAEC/);
    const timing = timingOf(events);
    expect(timing.messagesReceived).toBe(received.length);
    expect(timing.bytesReceived).toBe(messagesOf(events, 'received').reduce((n, m) => n + m.bytes, 0));
    expect(timing.timeToHeadersMs).not.toBeNull();
    expect(timing.totalMs).toBeGreaterThanOrEqual(timing.timeToHeadersMs ?? 0);
  });
});

describe('errors', () => {
  const errorCases = cases.filter((c) => c.kind === 'unary' || c.kind === 'server_streaming');
  it.each(errorCases)('$protocol over HTTP/$httpVersion, $kind: a failure with details keeps its code, message and google.rpc details', async (c) => {
    const { started, call } = startEcho(registry, addressFor(c.httpVersion), METHOD_OF[c.kind], {
      connection: settings(c),
      requestJson: JSON.stringify({ text: 'bad', repeat: 1, failCode: 3, failMessage: 'text is bad' }),
    });
    value(started);
    const events = await call.ended;
    expectWellFormed(events);
    const status = statusOf(events);
    expect(status).toMatchObject({ code: 3, codeName: 'INVALID_ARGUMENT', details: 'text is bad' });
    expect(status.richDetails).toEqual([{ type: 'google.rpc.BadRequest', json: { fieldViolations: [{ field: 'text', description: 'must not be "bad"' }] } }]);
    expect(messagesOf(events, 'received')).toHaveLength(c.kind === 'server_streaming' ? 1 : 0);
  });

  it.each(['grpc-web', 'connect'] as const)('%s: a deadline ends the call as DEADLINE_EXCEEDED in our words', async (protocol) => {
    const { started, call } = startEcho(registry, peer.http2Address, 'Unary', { connection: { protocol }, deadlineMs: 100, requestJson: '{"text":"slow","delayMs":2000}' });
    value(started);
    const status = statusOf(await call.ended);
    expect(status.codeName).toBe('DEADLINE_EXCEEDED');
    expect(status.details).toContain('The deadline of 100 ms passed');
  });

  it.each(['grpc-web', 'connect'] as const)('%s: cancel ends a running stream as CANCELLED with the reason', async (protocol) => {
    const { started, call } = startEcho(registry, peer.http2Address, 'ServerStream', { connection: { protocol }, requestJson: '{"text":"s","repeat":100,"intervalMs":50}' });
    const { callId } = value(started);
    await new Promise((resolve) => setTimeout(resolve, 120));
    registry.cancel(callId);
    const events = await call.ended;
    expectWellFormed(events);
    expect(statusOf(events)).toMatchObject({ codeName: 'CANCELLED', details: 'Cancelled on client' });
  });

  it('a refused connection says so and what to check', async () => {
    const { started, call } = startEcho(registry, '127.0.0.1:1', 'Unary', { connection: { protocol: 'connect' }, requestJson: '{"text":"x"}' });
    value(started);
    const status = statusOf(await call.ended);
    expect(status.codeName).toBe('UNAVAILABLE');
    expect(status.details).toContain('Could not connect to 127.0.0.1:1: the connection was refused');
  });
});

describe('kinds a protocol cannot carry are refused before the call starts, saying why', () => {
  it.each([
    { protocol: 'grpc-web', httpVersion: '2', kind: 'client_streaming', says: 'browsers\' fetch() cannot stream a request body' },
    { protocol: 'grpc-web', httpVersion: '1.1', kind: 'bidi_streaming', says: 'cannot be made with gRPC-Web' },
    { protocol: 'connect', httpVersion: '1.1', kind: 'bidi_streaming', says: 'requires HTTP/2' },
  ] as const)('$protocol over HTTP/$httpVersion: $kind', ({ protocol, httpVersion, kind, says }) => {
    const { started } = startEcho(registry, addressFor(httpVersion), METHOD_OF[kind], { connection: { protocol, httpVersion } });
    expect(started.ok).toBe(false);
    if (started.ok) return;
    expect(started.error.code).toBe('INVALID_REQUEST');
    expect(started.error.message).toContain(says);
    expect(started.error.details).toMatchObject({ field: 'protocol' });
  });

  it('HTTP/JSON (transcoded) of a method without a google.api.http rule says there is no HTTP route', () => {
    const { started } = startEcho(registry, peer.http2Address, 'Unary', { connection: { protocol: 'http-json' }, requestJson: '{}' });
    expect(started.ok ? null : started.error).toMatchObject({ code: 'UNSUPPORTED', details: { field: 'protocol' } });
    expect(started.ok ? '' : started.error.message).toContain('has no google.api.http rule');
  });

  it('HTTP/JSON (transcoded) refuses a bidi stream with the shared sentence', () => {
    const { started } = startEcho(registry, peer.http2Address, METHOD_OF.bidi_streaming, { connection: { protocol: 'http-json' } });
    expect(started.ok ? null : started.error).toMatchObject({ code: 'INVALID_REQUEST', details: { field: 'protocol' } });
    expect(started.ok ? '' : started.error.message).toContain('cannot be made with HTTP/JSON (transcoded)');
  });
});
