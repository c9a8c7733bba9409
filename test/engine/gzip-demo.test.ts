// The gzip demo target through the real engine on 127.0.0.1: our own node:http2 listener answers
// demo.v1.DemoService Echo and CountUp with gzip-compressed frames (grpc-js's server never
// compresses), reads requests compressed with gzip, and refuses other methods with UNIMPLEMENTED.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallEvent, MessageWire } from '../../shared/call-events';
import { defaultConnectionSettings, type ConnectionSettings } from '../../shared/connection';
import type { DemoServerInfo } from '../../shared/contract';
import type { Result } from '../../shared/result';
import type { WorkbenchEngine } from '../../electron/engine/engine-api';
import { createWorkbenchEngine } from '../../electron/engine/workbench-engine';

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
type EventOf<T extends CallEvent['type']> = Extract<CallEvent, { type: T }>;

describe('the gzip demo target', () => {
  let dataDir: string;
  let engine: WorkbenchEngine;
  let demo: DemoServerInfo;
  let address: string;
  const byCall = new Map<string, CallEvent[]>();

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gw-gzip-demo-'));
    engine = createWorkbenchEngine({ dataDir, shell: 'browser' });
    engine.onEvents((batch) => {
      for (const e of batch.events) if (e.kind === 'call') byCall.set(e.callId, [...(byCall.get(e.callId) ?? []), e.event]);
    });
    demo = unwrap(await engine.invoke('demo:start', { port: null }));
    const gzip = demo.targets.find((t) => t.name === 'Gzip demo');
    if (!gzip) throw new Error('no Gzip demo target');
    address = gzip.target;
  });
  afterAll(async () => {
    await engine?.dispose();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  async function call(method: string, json: string, connection: Partial<ConnectionSettings> = {}) {
    const { callId } = unwrap(
      await engine.invoke('calls:start', {
        method: { protoSetId: demo.protoSet.id, service: 'demo.v1.DemoService', method },
        connection: { ...defaultConnectionSettings(address), ...connection },
        metadata: [],
        deadlineMs: 10_000,
        requestJson: json,
        options: { emitDefaults: false },
      }),
    );
    const until = Date.now() + 10_000;
    let events: CallEvent[] = [];
    while (Date.now() < until) {
      events = byCall.get(callId) ?? [];
      if (events.some((e) => e.type === 'ended')) break;
      await sleep(10);
    }
    const find = <T extends CallEvent['type']>(type: T) => events.find((e): e is EventOf<T> => e.type === type);
    const received = events.filter((e): e is EventOf<'message'> => e.type === 'message' && e.direction === 'received');
    return { status: find('status')?.status, headers: find('headers'), timing: find('ended')?.timing, received, events };
  }

  it('Echo answers with grpc-encoding gzip and a compressed message, decoded by the demo proto', async () => {
    const text = 'gzip me '.repeat(200);
    const { status, headers, timing, received } = await call('Echo', JSON.stringify({ message: text }));
    expect(status?.codeName).toBe('OK');
    expect(headers?.encoding).toBe('gzip');
    expect(timing?.responseEncoding).toBe('gzip');
    expect(received).toHaveLength(1);
    const [echo] = received;
    expect(JSON.parse(echo?.json ?? '{}')).toMatchObject({ message: text, receivedAt: expect.any(String) });
    expect(echo?.wire?.compression).toBe('gzip');
    expect(echo?.wire?.bytes).toBeLessThan((echo?.bytes ?? 0) / 4);
  });

  it('CountUp streams every message gzip-compressed, smaller on the wire than decoded', async () => {
    const { status, received } = await call('CountUp', JSON.stringify({ count: 3, payloadBytes: 20_000 }));
    expect(status?.codeName).toBe('OK');
    expect(received.map((m) => JSON.parse(m.json).index ?? 0)).toEqual([0, 1, 2]);
    for (const message of received) {
      expect(message.wire?.compression).toBe('gzip');
      expect(message.wire?.bytes).toBeLessThan(1000);
      expect(message.bytes).toBeGreaterThan(20_000);
    }
  });

  it('reads a gzip-compressed request, and the sent message says it went compressed', async () => {
    const text = 'compress the request too '.repeat(40);
    const { status, received, events } = await call('Echo', JSON.stringify({ message: text }), { compression: 'gzip' });
    expect(status?.codeName).toBe('OK');
    expect(JSON.parse(received[0]?.json ?? '{}').message).toBe(text);
    const sentWire = events.find((e): e is EventOf<'sent_wire'> => e.type === 'sent_wire')?.wire;
    expect(sentWire).toMatchObject({ compression: 'gzip' } satisfies Partial<MessageWire>);
    expect(sentWire?.bytes).toBeLessThan(200);
  });

  it('a bad CountUp argument fails INVALID_ARGUMENT with the same words as the main demo', async () => {
    const { status, received } = await call('CountUp', JSON.stringify({ count: -1 }));
    expect(status?.codeName).toBe('INVALID_ARGUMENT');
    expect(status?.details).toBe('count must not be negative; got -1.');
    expect(received).toHaveLength(0);
  });

  it('a CountUp cancelled mid-stream ends CANCELLED, and the listener serves the next call', async () => {
    const { callId } = unwrap(
      await engine.invoke('calls:start', {
        method: { protoSetId: demo.protoSet.id, service: 'demo.v1.DemoService', method: 'CountUp' },
        connection: defaultConnectionSettings(address),
        metadata: [],
        deadlineMs: 10_000,
        requestJson: JSON.stringify({ count: 1000, intervalMs: 20 }),
        options: { emitDefaults: false },
      }),
    );
    const until = Date.now() + 5_000;
    while (Date.now() < until && !(byCall.get(callId) ?? []).some((e) => e.type === 'message' && e.direction === 'received')) await sleep(10);
    unwrap(await engine.invoke('calls:cancel', { callId }));
    while (Date.now() < until && !(byCall.get(callId) ?? []).some((e) => e.type === 'ended')) await sleep(10);
    expect((byCall.get(callId) ?? []).find((e): e is EventOf<'status'> => e.type === 'status')?.status.codeName).toBe('CANCELLED');
    const next = await call('Echo', JSON.stringify({ message: 'still here' }));
    expect(next.status?.codeName).toBe('OK');
  });

  it('any other method is UNIMPLEMENTED, and the answer says where it is served', async () => {
    const { status } = await call('Fail', JSON.stringify({ code: 3 }));
    expect(status?.codeName).toBe('UNIMPLEMENTED');
    expect(status?.details).toBe('The gzip demo serves only demo.v1.DemoService/Echo and demo.v1.DemoService/CountUp; /demo.v1.DemoService/Fail is on the main Demo server address.');
  });
});
