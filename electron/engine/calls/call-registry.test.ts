import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asCallId } from '../../../shared/ids';
import { ChannelPool } from '../transport/channel-pool';
import { CallRegistry } from './call-registry';
import { startEchoServer, type EchoServer } from '../../../test/support/transport-server';
import { collectEvents, expectWellFormed, messagesOf, startEcho, statusOf, timingOf } from '../../../test/support/transport-calls';
import { echoCodec, echoMethod, echoStatusDecoder } from '../../../test/support/transport-codec';
import { defaultConnectionSettings } from '../../../shared/connection';

let server: EchoServer;
let pool: ChannelPool;
let registry: CallRegistry;
let recordDir: string;

beforeAll(async () => {
  server = await startEchoServer();
  pool = new ChannelPool();
  recordDir = mkdtempSync(join(tmpdir(), 'calls-record-'));
  registry = new CallRegistry({ pool, recordDir, retainMessages: 100 });
});

afterAll(async () => {
  await registry.dispose();
  pool.closeAll();
  await server.close();
  rmSync(recordDir, { recursive: true, force: true });
});

function ok<T>(result: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

describe('call kinds', () => {
  it('unary: one message each way with exact sizes, headers, status OK and timing', async () => {
    const sizesBefore = server.responseSizes.length;
    const requestsBefore = server.requestSizes.length;
    const { started, call } = startEcho(registry, server.address, 'Unary', { requestJson: '{"text":"hello"}' });
    ok(started);
    const events = await call.ended;
    expectWellFormed(events);
    const sent = messagesOf(events, 'sent');
    const received = messagesOf(events, 'received');
    expect(sent).toHaveLength(1);
    expect(received).toHaveLength(1);
    // The sizes are the serialized message lengths, from the codec's own encoding.
    const sentBytes = ok(echoCodec().encodeRequest('{"text":"hello"}')).bytes.byteLength;
    expect(sent[0]?.bytes).toBe(sentBytes);
    expect(server.requestSizes.slice(requestsBefore)).toEqual([sentBytes]);
    // What the server's serializer (protobufjs, through proto-loader) produced for this response.
    expect(server.responseSizes.slice(sizesBefore)).toEqual([received[0]?.bytes]);
    expect(JSON.parse(received[0]?.json ?? '')).toEqual({ text: 'hello' });
    expect(statusOf(events)).toMatchObject({ code: 0, codeName: 'OK', richDetails: null });
    const timing = timingOf(events);
    expect(timing).toMatchObject({ messagesSent: 1, messagesReceived: 1, bytesSent: sentBytes, bytesReceived: received[0]?.bytes });
    expect(timing.timeToHeadersMs).not.toBeNull();
    expect(timing.timeToFirstMessageMs).toBeGreaterThanOrEqual(timing.timeToHeadersMs ?? 0);
    expect(timing.totalMs).toBeGreaterThanOrEqual(timing.timeToFirstMessageMs ?? 0);
    // The request's frame is written after its message event (and before the server can answer): sent_wire follows.
    expect(events.map((e) => e.type)).toEqual(['started', 'message', 'half_closed', 'sent_wire', 'headers', 'message', 'status', 'ended']);
    expect(events.find((e) => e.type === 'sent_wire')).toMatchObject({ index: 0, wire: { compression: null, bytes: sentBytes } });
  });

  it('server streaming: every message, in order, with per-direction indexes', async () => {
    const { started, call } = startEcho(registry, server.address, 'ServerStream', { requestJson: '{"text":"s","repeat":5}' });
    ok(started);
    const events = await call.ended;
    expectWellFormed(events);
    const received = messagesOf(events, 'received');
    expect(received.map((m) => m.index)).toEqual([0, 1, 2, 3, 4]);
    expect(received.map((m) => JSON.parse(m.json).index ?? 0)).toEqual([0, 1, 2, 3, 4]);
    expect(timingOf(events).messagesReceived).toBe(5);
  });

  it('client streaming: writes return their index, halfClose ends the stream, write after halfClose is CALL_STATE', async () => {
    const { started, call } = startEcho(registry, server.address, 'ClientStream');
    const { callId } = ok(started);
    expect(ok(registry.write(callId, '{"text":"a"}'))).toEqual({ index: 0 });
    expect(ok(registry.write(callId, '{"text":"b"}'))).toEqual({ index: 1 });
    expect(ok(registry.halfClose(callId))).toBeNull();
    const twice = registry.halfClose(callId);
    expect(!twice.ok && twice.error).toMatchObject({ code: 'CALL_STATE', message: expect.stringMatching(/^Cannot half-close: the call is already half-closed/) });
    const late = registry.write(callId, '{"text":"c"}');
    expect(late.ok).toBe(false);
    if (!late.ok) {
      expect(late.error.code).toBe('CALL_STATE');
      expect(late.error.message).toMatch(/half-closed/);
    }
    const events = await call.ended;
    expectWellFormed(events);
    expect(JSON.parse(messagesOf(events, 'received')[0]?.json ?? '')).toEqual({ text: 'a,b', index: 2 });
    // After the end, writes and half-close say the call ended.
    const afterEnd = registry.write(callId, '{"text":"d"}');
    expect(!afterEnd.ok && afterEnd.error.code).toBe('CALL_STATE');
    const halfCloseAfterEnd = registry.halfClose(callId);
    expect(!halfCloseAfterEnd.ok && halfCloseAfterEnd.error.message).toMatch(/already ended/);
  });

  it('bidi streaming: interleaved sends and receives', async () => {
    const { started, call } = startEcho(registry, server.address, 'Bidi');
    const { callId } = ok(started);
    ok(registry.write(callId, '{"text":"one"}'));
    await expect.poll(() => messagesOf(call.events, 'received').length).toBe(1);
    ok(registry.write(callId, '{"text":"two"}'));
    await expect.poll(() => messagesOf(call.events, 'received').length).toBe(2);
    ok(registry.halfClose(callId));
    const events = await call.ended;
    expectWellFormed(events);
    expect(messagesOf(events, 'received').map((m) => JSON.parse(m.json).text)).toEqual(['one', 'two']);
    const types = events.map((e) => e.type);
    expect(types.indexOf('half_closed')).toBeGreaterThan(types.lastIndexOf('message') - 1);
  });

  it('bad request JSON is BAD_JSON at start, with no call and no events', () => {
    const { started, call } = startEcho(registry, server.address, 'Unary', { requestJson: '{"nope":1}' });
    expect(!started.ok && started.error.code).toBe('BAD_JSON');
    expect(call.events).toHaveLength(0);
  });

  it('a bad write on a stream is BAD_JSON and the call goes on', async () => {
    const { started, call } = startEcho(registry, server.address, 'ClientStream');
    const { callId } = ok(started);
    const bad = registry.write(callId, '{"text": 5}');
    expect(!bad.ok && bad.error.code).toBe('BAD_JSON');
    expect(ok(registry.write(callId, '{"text":"x"}'))).toEqual({ index: 0 });
    ok(registry.halfClose(callId));
    expect(statusOf(await call.ended).code).toBe(0);
  });

  it('writing to or half-closing a unary call is CALL_STATE', async () => {
    const { started, call } = startEcho(registry, server.address, 'Unary', { requestJson: '{"text":"x","delayMs":50}' });
    const { callId } = ok(started);
    const write = registry.write(callId, '{}');
    expect(!write.ok && write.error.code).toBe('CALL_STATE');
    const halfClose = registry.halfClose(callId);
    expect(!halfClose.ok && halfClose.error).toMatchObject({ code: 'CALL_STATE', message: expect.stringMatching(/^Cannot half-close: a unary call has no client stream to close/) });
    await call.ended;
  });
});

describe('metadata', () => {
  it('sends text and -bin metadata and receives them back in headers and trailers (binary as base64)', async () => {
    const binary = Buffer.from([0, 1, 2, 250, 251, 255]).toString('base64');
    const { started, call } = startEcho(registry, server.address, 'Unary', {
      requestJson: '{"text":"m"}',
      metadata: [
        { key: 'X-Echo-Name', value: 'Ada Lovelace' },
        { key: 'x-echo-blob-bin', value: binary },
        { key: '', value: '' },
      ],
    });
    ok(started);
    const events = await call.ended;
    const seen = server.seenMetadata[server.seenMetadata.length - 1];
    expect(seen?.get('x-echo-name')).toEqual(['Ada Lovelace']);
    expect(seen?.get('x-echo-blob-bin')).toEqual([Buffer.from(binary, 'base64')]);
    const headers = events.find((e) => e.type === 'headers');
    expect(headers?.type === 'headers' && headers.metadata).toEqual(expect.arrayContaining([
      { key: 'x-echo-name', value: 'Ada Lovelace' },
      { key: 'x-echo-blob-bin', value: binary },
    ]));
    expect(statusOf(events).trailers).toEqual(expect.arrayContaining([
      { key: 'x-echo-name', value: 'Ada Lovelace' },
      { key: 'x-echo-blob-bin', value: binary },
    ]));
  });

  it('rejects bad keys, reserved keys, non-base64 -bin values and non-ASCII text values before starting', () => {
    const cases: [string, string, RegExp][] = [
      ['bad key!', 'v', /may use only/],
      ['grpc-timeout', '1S', /reserved/],
      ['x-data-bin', 'not base64!!', /base64/],
      ['x-name', 'Grüße', /printable ASCII/],
    ];
    for (const [key, value, message] of cases) {
      const { started, call } = startEcho(registry, server.address, 'Unary', { requestJson: '{}', metadata: [{ key, value }] });
      expect(started.ok).toBe(false);
      if (!started.ok) {
        expect(started.error.code).toBe('INVALID_REQUEST');
        expect(started.error.message).toMatch(message);
      }
      expect(call.events).toHaveLength(0);
    }
  });
});

describe('failures', () => {
  it('a server error carries code name, details, trailers and rich details from grpc-status-details-bin', async () => {
    const { started, call } = startEcho(registry, server.address, 'Unary', { requestJson: '{"text":"bad","failCode":3,"failMessage":"text is bad"}' });
    ok(started);
    const events = await call.ended;
    expectWellFormed(events);
    const status = statusOf(events);
    expect(status).toMatchObject({ code: 3, codeName: 'INVALID_ARGUMENT', details: 'text is bad' });
    expect(status.richDetails).toEqual([{ type: 'google.rpc.BadRequest', json: { fieldViolations: [{ field: 'text', description: 'must not be "bad"' }] } }]);
    expect(status.trailers.some((t) => t.key === 'grpc-status-details-bin')).toBe(true);
  });

  it('deadline: DEADLINE_EXCEEDED with one status and one ended', async () => {
    const { started, call } = startEcho(registry, server.address, 'Unary', { requestJson: '{"delayMs":2000}', deadlineMs: 100 });
    ok(started);
    const events = await call.ended;
    expectWellFormed(events);
    expect(statusOf(events).codeName).toBe('DEADLINE_EXCEEDED');
    expect(timingOf(events).totalMs).toBeGreaterThanOrEqual(95);
  });

  it('rejects a deadline that is not a positive number', () => {
    const { started } = startEcho(registry, server.address, 'Unary', { requestJson: '{}', deadlineMs: -5 });
    expect(!started.ok && started.error.code).toBe('INVALID_REQUEST');
  });

  it('cancel: CANCELLED, exactly one status and one ended, and cancel again is a no-op', async () => {
    const { started, call } = startEcho(registry, server.address, 'Bidi');
    const { callId } = ok(started);
    ok(registry.write(callId, '{"text":"x"}'));
    await expect.poll(() => messagesOf(call.events, 'received').length).toBe(1);
    expect(ok(registry.cancel(callId))).toBeNull();
    const events = await call.ended;
    expect(ok(registry.cancel(callId))).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expectWellFormed(events);
    expect(statusOf(events).codeName).toBe('CANCELLED');
  });

  it('unknown call ids are NOT_FOUND', async () => {
    const unknown = asCallId('no-such-call');
    for (const result of [registry.write(unknown, '{}'), registry.halfClose(unknown), registry.cancel(unknown), await registry.saveStream(unknown, '/tmp/x')]) {
      expect(!result.ok && result.error.code).toBe('NOT_FOUND');
    }
  });

  it('server unreachable: UNAVAILABLE with a message that says what to check', async () => {
    const closed = await startEchoServer();
    const address = closed.address;
    await closed.close();
    const { started, call } = startEcho(registry, address, 'Unary', { requestJson: '{}' });
    ok(started);
    const events = await call.ended;
    expectWellFormed(events);
    const status = statusOf(events);
    expect(status.codeName).toBe('UNAVAILABLE');
    expect(status.details).toMatch(/connection was refused\. Check that the server is running/);
    expect(timingOf(events).waitForConnectionMs).not.toBeNull();
  });

  it('a malformed target is BAD_TARGET before any event', () => {
    const { started, call } = startEcho(registry, 'localhost:port', 'Unary', { requestJson: '{}' });
    expect(!started.ok && started.error.code).toBe('BAD_TARGET');
    expect(!started.ok && started.error.message).toMatch(/e\.g\. localhost:50051/);
    expect(call.events).toHaveLength(0);
  });

  it('an undecodable response becomes an error note and the stream goes on', async () => {
    const { started, call } = startEcho(registry, server.address, 'Corrupt', { requestJson: '{}' });
    ok(started);
    const events = await call.ended;
    expectWellFormed(events);
    const received = messagesOf(events, 'received');
    expect(received).toHaveLength(2);
    const note = JSON.parse(received[0]?.json ?? '{}') as Record<string, string>;
    expect(note['@error']).toMatch(/could not be decoded/);
    expect(Buffer.from(note['@bytesBase64'] ?? '', 'base64')).toEqual(Buffer.from([0x0a, 0x05, 0x41]));
    expect(received[0]?.bytes).toBe(3);
    expect(JSON.parse(received[1]?.json ?? '')).toEqual({ text: 'after', index: 1 });
    expect(statusOf(events).code).toBe(0);
  });
});

describe('timing', () => {
  it('server stream messages 200 ms apart are received at least 180 ms apart', async () => {
    const { started, call } = startEcho(registry, server.address, 'ServerStream', { requestJson: '{"text":"t","repeat":3,"intervalMs":200}' });
    ok(started);
    const received = messagesOf(await call.ended, 'received');
    expect(received).toHaveLength(3);
    for (let i = 1; i < received.length; i++) {
      expect((received[i]?.timeMs ?? 0) - (received[i - 1]?.timeMs ?? 0)).toBeGreaterThanOrEqual(180);
    }
  });

  it('waitForConnectionMs is set when the channel was idle, null once it is READY', async () => {
    const ownPool = new ChannelPool();
    const ownRegistry = new CallRegistry({ pool: ownPool });
    try {
      const first = startEcho(ownRegistry, server.address, 'Unary', { requestJson: '{}' });
      ok(first.started);
      const firstTiming = timingOf(await first.call.ended);
      expect(firstTiming.waitForConnectionMs).not.toBeNull();
      expect(firstTiming.waitForConnectionMs).toBeGreaterThan(0);
      expect(firstTiming.waitForConnectionMs).toBeLessThanOrEqual(firstTiming.timeToHeadersMs ?? Infinity);
      const second = startEcho(ownRegistry, server.address, 'Unary', { requestJson: '{}' });
      ok(second.started);
      expect(timingOf(await second.call.ended).waitForConnectionMs).toBeNull();
    } finally {
      await ownRegistry.dispose();
      ownPool.closeAll();
    }
  });

  it('started carries the channel id, kind, method path and display target', async () => {
    const { started, call } = startEcho(registry, `dns:///${server.address}`, 'Unary', { requestJson: '{}' });
    const { channelId } = ok(started);
    const events = await call.ended;
    expect(events[0]).toMatchObject({ type: 'started', timeMs: 0, channelId, kind: 'unary', methodPath: '/transport.test.EchoService/Unary', target: server.address });
  });
});

describe('path prefix and saving streams', () => {
  it('an https-less URL with a path prefix puts the prefix in front of the method path', async () => {
    const { started, call } = startEcho(registry, `http://${server.address}/some/prefix`, 'Unary', { requestJson: '{}' });
    ok(started);
    const status = statusOf(await call.ended);
    // The grpc-js server serves /transport.test.EchoService/Unary only, so the prefixed path is unknown to it.
    expect(status.codeName).toBe('UNIMPLEMENTED');
    expect(status.details).toMatch(/\/some\/prefix\/transport\.test\.EchoService\/Unary/);
  });

  it('saveStream writes the full recorded stream as NDJSON even when only the last N are retained', async () => {
    const { started, call } = startEcho(registry, server.address, 'ServerStream', { requestJson: '{"text":"r","repeat":250}' });
    const { callId } = ok(started);
    await call.ended;
    const retained = ok(registry.messages(callId));
    expect(retained.messages).toHaveLength(100);
    expect(retained.total).toBe(251);
    expect(retained.dropped).toBe(151);
    const out = join(recordDir, 'saved.ndjson');
    const saved = ok(await registry.saveStream(callId, out));
    expect(saved).toEqual({ path: out, messages: 251, total: 251, complete: true, incompleteReason: null });
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { direction: string; index: number });
    expect(lines).toHaveLength(251);
    expect(lines[0]).toMatchObject({ direction: 'sent', index: 0 });
    expect(lines.filter((l) => l.direction === 'received').map((l) => l.index)).toEqual([...Array(250).keys()]);
  });

  it('without a recorder, saveStream writes the retained messages and says it is incomplete', async () => {
    const plainRegistry = new CallRegistry({ pool, retainMessages: 10 });
    const call = collectEvents();
    const started = plainRegistry.start({
      method: echoMethod('ServerStream'),
      codec: echoCodec(),
      statusDecoder: echoStatusDecoder,
      connection: defaultConnectionSettings(server.address),
      metadata: [],
      deadlineMs: null,
      requestJson: '{"repeat":20}',
      options: { emitDefaults: true },
      sink: call.sink,
    });
    const { callId } = ok(started);
    await call.ended;
    const out = join(recordDir, 'retained.ndjson');
    expect(ok(await plainRegistry.saveStream(callId, out))).toEqual({ path: out, messages: 10, total: 21, complete: false, incompleteReason: 'recording to disk is off in this engine' });
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(10);
    const io = await plainRegistry.saveStream(callId, join(recordDir, 'missing-dir', 'x.ndjson'));
    expect(!io.ok && io.error.code).toBe('IO');
    // Named by the folder the user chose, not by the temporary file Node failed to open.
    expect(!io.ok && io.error.message).toBe(`Could not save the stream to ${join(recordDir, 'missing-dir', 'x.ndjson')}: the folder ${join(recordDir, 'missing-dir')} does not exist. Choose a folder you can write to.`);
    const onFolder = await plainRegistry.saveStream(callId, recordDir);
    expect(!onFolder.ok && onFolder.error.message).toBe(`Could not save the stream to ${recordDir}: it is a folder; give a file name inside it. Choose a folder you can write to.`);
    await plainRegistry.dispose();
  });
});
