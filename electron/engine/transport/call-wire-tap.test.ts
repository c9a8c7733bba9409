// Request and response compression as it happens on the wire, through the CallRegistry against
// real peers on 127.0.0.1: a node:http2 gRPC server that shows what grpc-js sent and answers
// compressed as asked, the grpc-js echo server (identity), and python3-grpcio compressing with gzip.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallEvent, MessageWire, StreamMessage } from '../../../shared/call-events';
import type { Compression } from '../../../shared/connection';
import { CallRegistry } from '../calls/call-registry';
import { ChannelPool } from './channel-pool';
import { startGrpcWireServer, type GrpcWireServer } from '../../../test/support/grpc-wire-server';
import { startEchoServer, type EchoServer } from '../../../test/support/transport-server';
import { startPythonPeer, type PythonPeer } from '../../../test/support/python-peer';
import { messagesOf, startEcho, statusOf, timingOf } from '../../../test/support/transport-calls';

/** 20,000 letters: compresses to a few hundred bytes with gzip or deflate. */
const LARGE_TEXT = 'compressible '.repeat(1540).slice(0, 20_000);

function headersOf(events: CallEvent[]): Extract<CallEvent, { type: 'headers' }> {
  const found = events.find((e): e is Extract<CallEvent, { type: 'headers' }> => e.type === 'headers');
  if (!found) throw new Error('no headers event');
  return found;
}

/**
 * Each sent message as the page shows it: with the wire of its message event, else of the
 * sent_wire event that followed it (the frame is written after the message event leaves).
 */
function sentAsShown(events: CallEvent[]): StreamMessage[] {
  const wires = new Map<number, MessageWire>();
  for (const e of events) if (e.type === 'sent_wire') wires.set(e.index, e.wire);
  return messagesOf(events, 'sent').map(({ type: _type, ...m }) => {
    const wire = m.wire ?? wires.get(m.index);
    return wire ? { ...m, wire } : m;
  });
}

describe('compression on the wire', () => {
  let pool: ChannelPool;
  let registry: CallRegistry;
  let gzipAnswers: GrpcWireServer;
  let deflateAnswers: GrpcWireServer;
  let echo: EchoServer;
  let python: PythonPeer;

  beforeAll(async () => {
    [gzipAnswers, deflateAnswers, echo, python] = await Promise.all([
      startGrpcWireServer('gzip'),
      startGrpcWireServer('deflate'),
      startEchoServer(),
      startPythonPeer('compression_server.py'),
    ]);
    pool = new ChannelPool();
    registry = new CallRegistry({ pool });
  });

  afterAll(async () => {
    await registry.dispose();
    pool.closeAll();
    await Promise.all([gzipAnswers.stop(), deflateAnswers.stop(), echo.close(), python.stop()]);
  });

  async function unary(address: string, compression: Compression): Promise<CallEvent[]> {
    const { started, call } = startEcho(registry, address, 'Unary', { requestJson: JSON.stringify({ text: LARGE_TEXT }), connection: { compression } });
    if (!started.ok) throw new Error(started.error.message);
    const events = await call.ended;
    expect(statusOf(events).codeName).toBe('OK');
    return events;
  }

  it.each(['gzip', 'deflate'] as const)('a %s request reaches the server compressed, with its grpc-encoding', async (compression) => {
    const events = await unary(gzipAnswers.address, compression);
    const seen = gzipAnswers.requests[gzipAnswers.requests.length - 1];
    expect(seen).toMatchObject({ encoding: compression, compressed: true, bytes: messagesOf(events, 'sent')[0]?.bytes });
    expect(seen?.wireBytes).toBeLessThan(1000);
    expect(timingOf(events)).toMatchObject({ requestEncoding: compression, sentCompressed: 1 });
    // The sent message says so too: its frame's encoding and the exact size the server read off the wire.
    expect(sentAsShown(events)[0]?.wire).toEqual({ compression, bytes: seen?.wireBytes });
  });

  it('identity sends no grpc-encoding and an uncompressed frame', async () => {
    const events = await unary(gzipAnswers.address, 'identity');
    expect(gzipAnswers.requests[gzipAnswers.requests.length - 1]).toMatchObject({ encoding: undefined, compressed: false });
    expect(timingOf(events)).toMatchObject({ requestEncoding: 'identity', sentCompressed: 0 });
    const [sent] = sentAsShown(events);
    expect(sent?.wire).toEqual({ compression: null, bytes: sent?.bytes });
  });

  it('each sent message reports its frame once, in a sent_wire event after the message, never after ended', async () => {
    const events = await unary(gzipAnswers.address, 'gzip');
    const sentAt = events.findIndex((e) => e.type === 'message' && e.direction === 'sent');
    const wires = events.filter((e): e is Extract<CallEvent, { type: 'sent_wire' }> => e.type === 'sent_wire');
    expect(wires.map((w) => w.index)).toEqual([0]);
    expect(events.indexOf(wires[0] as CallEvent)).toBeGreaterThan(sentAt);
    expect(events.findIndex((e) => e.type === 'ended')).toBe(events.length - 1);
  });

  it('grpc-js server, gzip requests: the unary request and every written bidi message are compressed, smaller on the wire', async () => {
    const events = await unary(echo.address, 'gzip');
    const [request] = sentAsShown(events);
    expect(request?.wire?.compression).toBe('gzip');
    expect(request?.wire?.bytes).toBeLessThan(1000);
    expect(request?.bytes).toBeGreaterThan(20_000);

    const { started, call } = startEcho(registry, echo.address, 'Bidi', { connection: { compression: 'gzip' } });
    if (!started.ok) throw new Error(started.error.message);
    for (const text of [LARGE_TEXT, 'hi', LARGE_TEXT]) expect(registry.write(started.value.callId, JSON.stringify({ text })).ok).toBe(true);
    expect(registry.halfClose(started.value.callId).ok).toBe(true);
    const bidi = await call.ended;
    expect(statusOf(bidi).codeName).toBe('OK');
    const sent = sentAsShown(bidi);
    expect(sent.map((m) => m.wire?.compression)).toEqual(['gzip', 'gzip', 'gzip']);
    expect(sent[0]?.wire?.bytes).toBeLessThan(1000);
    expect(sent[2]?.wire?.bytes).toBeLessThan(1000);
    // gzip's header and trailer make a 4-byte message bigger on the wire, and the page says so.
    expect(sent[1]?.wire?.bytes).toBeGreaterThan(sent[1]?.bytes ?? 0);
    expect(timingOf(bidi)).toMatchObject({ messagesSent: 3, sentCompressed: 3 });
  });

  it('grpc-js server, identity: each written message goes uncompressed, its decoded size on the wire', async () => {
    const { started, call } = startEcho(registry, echo.address, 'Bidi', { connection: { compression: 'identity' } });
    if (!started.ok) throw new Error(started.error.message);
    for (const text of [LARGE_TEXT, 'hi']) expect(registry.write(started.value.callId, JSON.stringify({ text })).ok).toBe(true);
    expect(registry.halfClose(started.value.callId).ok).toBe(true);
    const bidi = await call.ended;
    expect(sentAsShown(bidi).map((m) => m.wire)).toEqual(messagesOf(bidi, 'sent').map((m) => ({ compression: null, bytes: m.bytes })));
  });

  it.each([
    ['gzip', () => gzipAnswers],
    ['deflate', () => deflateAnswers],
  ] as const)("the response's %s encoding, and each message's compressed flag and wire size", async (encoding, server) => {
    const events = await unary(server().address, 'identity');
    expect(headersOf(events).encoding).toBe(encoding);
    expect(timingOf(events).responseEncoding).toBe(encoding);
    const received = messagesOf(events, 'received')[0];
    expect(received?.wire).toEqual({ compression: encoding, bytes: server().answeredWireBytes[server().answeredWireBytes.length - 1] });
    expect(received?.bytes).toBeGreaterThan(20_000);
    expect(JSON.parse(received?.json ?? '{}')).toEqual({ text: LARGE_TEXT });
  });

  it('a stream: each message is matched to its own frame, compressed or not', async () => {
    const { started, call } = startEcho(registry, gzipAnswers.address, 'ServerStream', { requestJson: JSON.stringify({ text: LARGE_TEXT }) });
    if (!started.ok) throw new Error(started.error.message);
    const events = await call.ended;
    expect(statusOf(events).codeName).toBe('OK');
    const wire = gzipAnswers.answeredWireBytes.slice(-3);
    expect(messagesOf(events, 'received').map((m) => m.wire)).toEqual([
      { compression: 'gzip', bytes: wire[0] },
      { compression: null, bytes: 4 },
      { compression: 'gzip', bytes: wire[2] },
    ]);
    expect(messagesOf(events, 'received').map((m) => JSON.parse(m.json).text)).toEqual([LARGE_TEXT, 'hi', LARGE_TEXT]);
  });

  it('a grpc-js server answers identity: uncompressed frames of the decoded size', async () => {
    const events = await unary(echo.address, 'gzip');
    expect(headersOf(events).encoding).toBe('identity');
    const received = messagesOf(events, 'received')[0];
    expect(received?.wire).toEqual({ compression: null, bytes: received?.bytes });
    expect(timingOf(events)).toMatchObject({ requestEncoding: 'gzip', sentCompressed: 1, responseEncoding: 'identity' });
  });

  it('python3-grpcio compressing with gzip: deflate and gzip requests are read, the answer is gzip on the wire', async () => {
    for (const compression of ['deflate', 'gzip'] as const) {
      const events = await unary(python.address, compression);
      expect(headersOf(events).encoding).toBe('gzip');
      const received = messagesOf(events, 'received')[0];
      expect(received?.wire?.compression).toBe('gzip');
      expect(received?.wire?.bytes).toBeLessThan(1000);
      expect(received?.bytes).toBe(messagesOf(events, 'sent')[0]?.bytes);
      expect(JSON.parse(received?.json ?? '{}')).toEqual({ text: LARGE_TEXT });
      expect(timingOf(events)).toMatchObject({ requestEncoding: compression, sentCompressed: 1, responseEncoding: 'gzip' });
      const [sent] = sentAsShown(events);
      expect(sent?.wire?.compression).toBe(compression);
      expect(sent?.wire?.bytes).toBeLessThan(1000);
      expect(sent?.bytes).toBeGreaterThan(20_000);
    }
  });

  it('the marker that ties a stream to its call never reaches the server', async () => {
    await unary(echo.address, 'identity');
    const seen = echo.seenMetadata[echo.seenMetadata.length - 1];
    expect(seen?.get('x-grpc-workbench-wire-tap')).toEqual([]);
  });
});
