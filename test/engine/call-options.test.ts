// Call options of Connection settings, through the real engine against real servers on
// 127.0.0.1: Wait for ready (grpc-js demo server and python3-grpcio started after the call),
// Send trace context (the demo server echoes the traceparent back) and the Peer of a call.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallEvent } from '../../shared/call-events';
import { defaultConnectionSettings, type ConnectionSettings } from '../../shared/connection';
import type { MethodRef, StartCallRequest } from '../../shared/contract';
import type { MetadataEntry } from '../../shared/metadata';
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

/** A port nothing listens on now: bound and released at once. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

const TRACEPARENT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/;

describe('call options through the engine', () => {
  let dataDir: string;
  let engine: WorkbenchEngine;
  let demoSetId: string;
  let interopSetId: string;
  const byCall = new Map<string, CallEvent[]>();
  let python: PythonPeer | null = null;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gw-call-options-'));
    engine = createWorkbenchEngine({ dataDir, shell: 'browser' });
    engine.onEvents((batch) => {
      for (const e of batch.events) if (e.kind === 'call') byCall.set(e.callId, [...(byCall.get(e.callId) ?? []), e.event]);
    });
    demoSetId = unwrap(await engine.invoke('demo:start', { port: null })).protoSet.id;
    const root = grpcProtoRoot();
    interopSetId = unwrap(await engine.invoke('protos:compile', { protoFiles: [join(root, 'grpc/testing/test.proto')], importPaths: [root] })).id;
  });
  afterEach(async () => {
    await python?.stop();
    python = null;
  });
  afterAll(async () => {
    await engine?.dispose();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const echo = (address: string, connection: Partial<ConnectionSettings> = {}, metadata: MetadataEntry[] = []): StartCallRequest => ({
    method: { protoSetId: demoSetId, service: 'demo.v1.DemoService', method: 'Echo' } as MethodRef,
    connection: { ...defaultConnectionSettings(address), ...connection },
    metadata,
    deadlineMs: 20_000,
    requestJson: '{"message":"hi"}',
    options: { emitDefaults: false },
  });

  async function ended(callId: string, timeoutMs = 15_000): Promise<CallEvent[]> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const events = byCall.get(callId) ?? [];
      if (events.some((e) => e.type === 'ended')) return events;
      await sleep(10);
    }
    throw new Error(`call ${callId} did not end within ${timeoutMs} ms`);
  }
  const find = <T extends CallEvent['type']>(events: CallEvent[], type: T) => events.find((e): e is Extract<CallEvent, { type: T }> => e.type === type);
  const header = (events: CallEvent[], key: string) => find(events, 'headers')?.metadata.filter((m) => m.key === key).map((m) => m.value) ?? [];

  async function startDemoLater(port: number, afterMs: number): Promise<void> {
    await unwrap(await engine.invoke('demo:stop', {}));
    await sleep(afterMs);
    unwrap(await engine.invoke('demo:start', { port }));
  }

  it('Wait for ready: a call started while the grpc-js server is down waits, succeeds once it is up, and its timing shows the wait', async () => {
    const port = await freePort();
    const { callId } = unwrap(await engine.invoke('calls:start', echo(`127.0.0.1:${port}`, { waitForReady: true })));
    await startDemoLater(port, 500);
    const events = await ended(callId);
    expect(find(events, 'status')?.status.codeName).toBe('OK');
    const timing = find(events, 'ended')?.timing;
    expect(timing?.waitForConnectionMs).toBeGreaterThanOrEqual(400);
    expect(timing?.timeToHeadersMs).toBeGreaterThanOrEqual(timing?.waitForConnectionMs ?? Infinity);
  });

  it('without Wait for ready the same call fails fast with UNAVAILABLE', async () => {
    const port = await freePort();
    const { callId } = unwrap(await engine.invoke('calls:start', echo(`127.0.0.1:${port}`)));
    const events = await ended(callId);
    expect(find(events, 'status')?.status.codeName).toBe('UNAVAILABLE');
  });

  it('Wait for ready against python3-grpcio started after the call', async () => {
    const port = await freePort();
    const request: StartCallRequest = {
      method: { protoSetId: interopSetId, service: 'grpc.testing.TestService', method: 'EmptyCall' } as MethodRef,
      connection: { ...defaultConnectionSettings(`127.0.0.1:${port}`), waitForReady: true },
      metadata: [],
      deadlineMs: 30_000,
      requestJson: '{}',
      options: { emitDefaults: false },
    };
    const { callId } = unwrap(await engine.invoke('calls:start', request));
    await sleep(500);
    python = await startPythonPeer('interop_server.py', [], { env: { FIXTURE_PORT: String(port) } });
    const events = await ended(callId, 25_000);
    expect(find(events, 'status')?.status.codeName).toBe('OK');
    const timing = find(events, 'ended')?.timing;
    expect(timing?.waitForConnectionMs).toBeGreaterThanOrEqual(400);
    expect(timing?.peer).toBe(`127.0.0.1:${port}`);
  }, 40_000);

  it('Send trace context: a W3C traceparent arrives, new per call, and the started event names its trace id', async () => {
    const demo = unwrap(await engine.invoke('demo:start', { port: null }));
    const sent: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      const { callId } = unwrap(await engine.invoke('calls:start', echo(demo.address, { sendTraceContext: true })));
      const events = await ended(callId);
      const echoed = header(events, 'echo-traceparent');
      expect(echoed).toHaveLength(1);
      const [traceparent] = echoed as [string];
      expect(traceparent).toMatch(TRACEPARENT);
      expect(find(events, 'started')?.trace).toEqual({ traceparent, traceId: traceparent.split('-')[1], source: 'engine' });
      sent.push(traceparent);
    }
    expect(sent[0]?.split('-')[1]).not.toBe(sent[1]?.split('-')[1]);
    expect(sent[0]?.split('-')[2]).not.toBe(sent[1]?.split('-')[2]);
  });

  it('a traceparent the user typed wins: sent once, as typed, and reported as theirs', async () => {
    const demo = unwrap(await engine.invoke('demo:start', { port: null }));
    const typed = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const { callId } = unwrap(await engine.invoke('calls:start', echo(demo.address, { sendTraceContext: true }, [{ key: 'traceparent', value: typed }])));
    const events = await ended(callId);
    expect(header(events, 'echo-traceparent')).toEqual([typed]);
    expect(find(events, 'started')?.trace).toEqual({ traceparent: typed, traceId: '4bf92f3577b34da6a3ce929d0e0e4736', source: 'user' });
  });

  it('off: no traceparent is sent', async () => {
    const demo = unwrap(await engine.invoke('demo:start', { port: null }));
    const { callId } = unwrap(await engine.invoke('calls:start', echo(demo.address)));
    const events = await ended(callId);
    expect(header(events, 'echo-traceparent')).toEqual([]);
    expect(find(events, 'started')?.trace).toBeUndefined();
  });

  it('Peer: the headers and the timing name the address that served the call', async () => {
    const demo = unwrap(await engine.invoke('demo:start', { port: null }));
    const { callId } = unwrap(await engine.invoke('calls:start', echo(demo.address)));
    const events = await ended(callId);
    expect(find(events, 'headers')?.peer).toBe(`127.0.0.1:${demo.port}`);
    expect(find(events, 'ended')?.timing.peer).toBe(`127.0.0.1:${demo.port}`);
  });
});
