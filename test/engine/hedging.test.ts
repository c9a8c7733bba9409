// Service config hedging through the real engine against python3-grpcio on 127.0.0.1
// (test/fixtures/python/hedging_server.py): the first attempt per key answers only after a
// second, later attempts at once. A hedgingPolicy makes grpc-js open a second stream after
// hedgingDelay while the first still waits (retrying-call.js maybeStartHedgingTimer); the first
// answer commits that stream and grpc-js cancels the others ("Discarded in favor of other hedged
// attempt"), so the wire tap records the loser with no grpc-status. grpc-js also commits to an
// attempt as soon as its response headers arrive, so a server that sends headers early is never hedged.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusCodeName, type CallEvent } from '../../shared/call-events';
import { defaultConnectionSettings, type ConnectionSettings } from '../../shared/connection';
import type { MethodRef, StartCallRequest } from '../../shared/contract';
import type { Result } from '../../shared/result';
import type { WorkbenchEngine } from '../../electron/engine/engine-api';
import { createWorkbenchEngine } from '../../electron/engine/workbench-engine';
import { grpcProtoRoot } from '../support/grpc-proto';
import { startPythonPeer, type PythonPeer } from '../support/python-peer';

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How long the fixture holds the first attempt of a key. */
const SLOW_FIRST_ATTEMPT_S = '1.0';

const HEDGING_CONFIG = JSON.stringify({
  methodConfig: [{ name: [{ service: 'grpc.testing.TestService' }], hedgingPolicy: { maxAttempts: 3, hedgingDelay: '0.1s' } }],
});

describe('service config hedging through the engine (python3-grpcio)', () => {
  let dataDir: string;
  let engine: WorkbenchEngine;
  let peer: PythonPeer;
  let unaryCall: MethodRef;
  const byCall = new Map<string, CallEvent[]>();

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gw-hedging-'));
    engine = createWorkbenchEngine({ dataDir, shell: 'browser' });
    engine.onEvents((batch) => {
      for (const e of batch.events) if (e.kind === 'call') byCall.set(e.callId, [...(byCall.get(e.callId) ?? []), e.event]);
    });
    peer = await startPythonPeer('hedging_server.py', [SLOW_FIRST_ATTEMPT_S]);
    const set = unwrap(await engine.invoke('protos:compile', { protoFiles: [join(grpcProtoRoot(), 'grpc/testing/test.proto')], importPaths: [grpcProtoRoot()] }));
    unaryCall = { protoSetId: set.id, service: 'grpc.testing.TestService', method: 'UnaryCall' };
  });
  afterAll(async () => {
    await engine?.dispose();
    await peer?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  /** A UnaryCall whose payload body is the fixture's key (bytes are base64 in proto3 JSON). */
  const call = (key: string, connection: Partial<ConnectionSettings>): StartCallRequest => ({
    method: unaryCall,
    connection: { ...defaultConnectionSettings(peer.address), ...connection },
    metadata: [],
    deadlineMs: 20_000,
    requestJson: JSON.stringify({ payload: { body: Buffer.from(key).toString('base64') } }),
    options: { emitDefaults: false },
  });

  async function ended(callId: string): Promise<CallEvent[]> {
    const until = Date.now() + 15_000;
    while (Date.now() < until) {
      const events = byCall.get(callId) ?? [];
      if (events.some((e) => e.type === 'ended')) return events;
      await sleep(10);
    }
    throw new Error(`call ${callId} did not end`);
  }
  const find = <T extends CallEvent['type']>(events: CallEvent[], type: T) => events.find((e): e is Extract<CallEvent, { type: T }> => e.type === type);
  const serverId = (events: CallEvent[]): string => {
    const received = events.find((e): e is Extract<CallEvent, { type: 'message' }> => e.type === 'message' && e.direction === 'received');
    return (JSON.parse(received?.json ?? '{}') as { serverId?: string }).serverId ?? '';
  };
  const trailer = (events: CallEvent[], key: string) => find(events, 'status')?.status.trailers.find((t) => t.key === key)?.value;

  it('with a hedgingPolicy, a hedged attempt answers while the slow first one is cancelled', async () => {
    const { callId } = unwrap(await engine.invoke('calls:start', call(`hedge-${Date.now()}`, { serviceConfig: HEDGING_CONFIG })));
    const events = await ended(callId);
    expect(find(events, 'status')?.status.codeName).toBe('OK');

    const attempts = find(events, 'ended')?.timing?.attempts ?? [];
    const codes = attempts.map((a) => (a.code === null ? null : statusCodeName(a.code)));
    // Attempt 3 starts only if attempt 2 has not answered within another hedgingDelay, so 2 or 3 streams.
    expect(attempts.length).toBeGreaterThanOrEqual(2);
    expect(attempts.length).toBeLessThanOrEqual(3);
    // The first attempt never answered: it was cancelled when a hedge won, so it carries no status.
    expect(codes[0]).toBeNull();
    expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
    expect(codes.every((c) => c === 'OK' || c === null)).toBe(true);
    // Hedges start after hedgingDelay, not together with the first attempt.
    expect(attempts[1]!.startMs).toBeGreaterThanOrEqual(attempts[0]!.startMs + 50);

    // The answer came from the attempt the wire tap marked OK, and grpc-js told that attempt how many came before it.
    const winner = codes.indexOf('OK') + 1;
    expect(serverId(events)).toBe(`attempt ${winner}`);
    expect(trailer(events, 'x-previous-attempts')).toBe(String(winner - 1));
  });

  it('with a hedgingPolicy, a first attempt that sends its headers at once is committed and never hedged', async () => {
    // grpc-js commits to the attempt whose headers arrive first (retrying-call.js onReceiveMetadata
    // -> commitCall) and starts no hedge once committed: a server that answers headers early and
    // the message late gets one slow attempt, however short hedgingDelay is.
    // 0.5 s: well after the headers (sent at once), still well before the slow answer (1 s), so a hedge would win if one started.
    const serviceConfig = HEDGING_CONFIG.replace('"hedgingDelay":"0.1s"', '"hedgingDelay":"0.5s"');
    expect(serviceConfig).toContain('0.5s');
    const { callId } = unwrap(await engine.invoke('calls:start', call(`headers-first-${Date.now()}`, { serviceConfig })));
    const events = await ended(callId);
    expect(find(events, 'status')?.status.codeName).toBe('OK');
    const attempts = find(events, 'ended')?.timing?.attempts ?? [];
    expect(attempts.map((a) => (a.code === null ? null : statusCodeName(a.code)))).toEqual(['OK']);
    expect(serverId(events)).toBe('attempt 1');
  });

  it('without a service config the same call waits for its one slow attempt', async () => {
    const { callId } = unwrap(await engine.invoke('calls:start', call(`plain-${Date.now()}`, {})));
    const events = await ended(callId);
    expect(find(events, 'status')?.status.codeName).toBe('OK');
    const attempts = find(events, 'ended')?.timing?.attempts ?? [];
    expect(attempts.map((a) => (a.code === null ? null : statusCodeName(a.code)))).toEqual(['OK']);
    expect(serverId(events)).toBe('attempt 1');
    expect(trailer(events, 'x-previous-attempts')).toBe('none');
  });

  it('with a retryPolicy, a C-core server failing twice with UNAVAILABLE is retried: three attempts, OK on the third', async () => {
    const serviceConfig = JSON.stringify({
      methodConfig: [{
        name: [{ service: 'grpc.testing.TestService' }],
        retryPolicy: { maxAttempts: 4, initialBackoff: '0.01s', maxBackoff: '0.05s', backoffMultiplier: 2, retryableStatusCodes: ['UNAVAILABLE'] },
      }],
    });
    const { callId } = unwrap(await engine.invoke('calls:start', call(`flaky-${Date.now()}`, { serviceConfig })));
    const events = await ended(callId);
    expect(find(events, 'status')?.status.codeName).toBe('OK');
    const attempts = find(events, 'ended')?.timing?.attempts ?? [];
    expect(attempts.map((a) => (a.code === null ? null : statusCodeName(a.code)))).toEqual(['UNAVAILABLE', 'UNAVAILABLE', 'OK']);
    expect(serverId(events)).toBe('attempt 3');
    expect(trailer(events, 'x-previous-attempts')).toBe('2');
  });

  it('without a retryPolicy the same C-core failure ends the call: one attempt, UNAVAILABLE with the server\'s words', async () => {
    const { callId } = unwrap(await engine.invoke('calls:start', call(`flaky-${Date.now()}`, {})));
    const events = await ended(callId);
    const status = find(events, 'status')?.status;
    expect(status?.codeName).toBe('UNAVAILABLE');
    expect(status?.details).toContain('flaky attempt 1');
    expect((find(events, 'ended')?.timing?.attempts ?? []).length).toBe(1);
  });
});
