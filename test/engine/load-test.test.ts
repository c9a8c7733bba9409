import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConnectionSettings } from '../../shared/connection';
import type { DemoServerInfo, MethodRef } from '../../shared/contract';
import type { LoadTestSettings, LoadTestSnapshot, StartLoadTestRequest } from '../../shared/load-test';
import type { Result } from '../../shared/result';
import type { WorkbenchEngine } from '../../electron/engine/engine-api';
import { protosDir } from '../../electron/engine/resources';
import { createWorkbenchEngine } from '../../electron/engine/workbench-engine';
import { grpcProtoRoot } from '../support/grpc-proto';
import { startPythonPeer, type PythonPeer } from '../support/python-peer';

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

const SETTINGS: LoadTestSettings = { concurrency: 4, totalRequests: 200, durationS: null, ratePerSecond: null, connections: 1, messagesPerStream: 1, messageIntervalMs: 0 };

/** A grpc-js server answering demo.v1.DemoService/Echo that counts the calls it served and the peers they came from. */
async function startCountingEcho(): Promise<{ address: string; count: () => number; peers: Set<string>; stop: () => Promise<void> }> {
  const definition = protoLoader.loadSync(join(protosDir(), 'demo.proto'), { includeDirs: [protosDir()], keepCase: true });
  const service = definition['demo.v1.DemoService'] as protoLoader.ServiceDefinition;
  let served = 0;
  const peers = new Set<string>();
  const server = new grpc.Server();
  server.addService(service, {
    Echo: (call: grpc.ServerUnaryCall<{ message: string }, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      served++;
      peers.add(call.getPeer());
      callback(null, { message: call.request.message });
    },
  });
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
  return { address: `127.0.0.1:${port}`, count: () => served, peers, stop: () => new Promise((resolve) => server.tryShutdown(() => resolve())) };
}

/** A grpc-js server for CountUp (server streaming) and Chat (bidi, one answer per message) that counts streams and messages both ways. */
async function startCountingStreams() {
  const definition = protoLoader.loadSync(join(protosDir(), 'demo.proto'), { includeDirs: [protosDir()], keepCase: true });
  const service = definition['demo.v1.DemoService'] as protoLoader.ServiceDefinition;
  const counts = { streams: 0, received: 0, sent: 0 };
  const server = new grpc.Server();
  server.addService(service, {
    CountUp: (call: grpc.ServerWritableStream<{ count: number }, unknown>) => {
      counts.streams++;
      counts.received++;
      for (let index = 0; index < call.request.count; index++) {
        call.write({ index });
        counts.sent++;
      }
      call.end();
    },
    Chat: (call: grpc.ServerDuplexStream<{ user: string; text: string }, unknown>) => {
      counts.streams++;
      call.on('data', (message: { user: string; text: string }) => {
        counts.received++;
        call.write({ user: 'server', text: message.text });
        counts.sent++;
      });
      call.on('end', () => call.end());
    },
  });
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
  return { address: `127.0.0.1:${port}`, counts, stop: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())) };
}

describe('load tests in the engine', () => {
  let dataDir: string;
  let engine: WorkbenchEngine;
  let demo: DemoServerInfo;
  const snapshots: LoadTestSnapshot[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gw-load-'));
    engine = createWorkbenchEngine({ dataDir, shell: 'browser' });
    engine.onEvents((batch) => {
      for (const event of batch.events) if (event.kind === 'load') snapshots.push(event.snapshot);
    });
    demo = unwrap(await engine.invoke('demo:start', { port: null }));
  });
  afterAll(async () => {
    await engine.dispose();
    await rm(dataDir, { recursive: true, force: true });
  });

  const echo = (): MethodRef => ({ protoSetId: demo.protoSet.id, service: 'demo.v1.DemoService', method: 'Echo' });
  const request = (target: string, settings: Partial<LoadTestSettings> = {}, method: MethodRef = echo(), requestJson: string | null = '{"message":"load"}'): StartLoadTestRequest => ({
    method,
    connection: defaultConnectionSettings(target),
    metadata: [],
    deadlineMs: null,
    requestJson,
    streamMessages: [],
    settings: { ...SETTINGS, ...settings },
  });

  async function ended(loadId: string): Promise<LoadTestSnapshot> {
    for (;;) {
      const last = snapshots.find((s) => s.loadId === loadId && !s.running);
      if (last) return last;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('is refused, saying why, when the request\'s Protocol is not gRPC (load tests run over gRPC only)', async () => {
    const started = await engine.invoke('load:start', { ...request(demo.address), connection: { ...defaultConnectionSettings(demo.address), protocol: 'connect' } });
    expect(started.ok ? null : started.error).toMatchObject({ code: 'INVALID_REQUEST', details: { field: 'protocol' } });
    expect(started.ok ? '' : started.error.message).toContain('Load tests run over gRPC only in this build, and this request\'s Protocol is Connect');
  });

  it('runs the total against the demo server: every call OK, a histogram, a ghz report and CSV', async () => {
    const { loadId } = unwrap(await engine.invoke('load:start', request(demo.address)));
    const last = await ended(loadId);
    expect(last).toMatchObject({ requests: 200, errors: 0, endReason: 'total', statusCounts: { OK: 200 } });
    expect(last.latencyMs!.p50).toBeGreaterThan(0);
    expect(last.histogram.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(200);

    const report = unwrap(await engine.invoke('load:report', { loadId }));
    const ghz = JSON.parse(report.ghzJson) as Record<string, unknown>;
    expect(Object.keys(ghz)).toEqual(expect.arrayContaining(['date', 'endReason', 'options', 'count', 'total', 'average', 'fastest', 'slowest', 'rps', 'histogram', 'latencyDistribution', 'statusCodeDistribution', 'errorDistribution', 'details']));
    expect(ghz).toMatchObject({ endReason: 'normal', count: 200, statusCodeDistribution: { OK: 200 }, options: { call: 'demo.v1.DemoService.Echo', concurrency: 4, total: 200 } });
    expect(ghz['date']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    // Nanoseconds, as ghz: a loopback Echo takes more than 1 µs and less than 10 s.
    expect(ghz['fastest']).toBeGreaterThan(1000);
    expect(ghz['slowest']).toBeLessThan(10e9);
    const histogram = ghz['histogram'] as { mark: number; count: number; frequency: number }[];
    expect(histogram).toHaveLength(11);
    expect(histogram.reduce((sum, b) => sum + b.count, 0)).toBe(200);
    expect(histogram[0]!.mark).toBeCloseTo((ghz['fastest'] as number) / 1e9, 3);
    expect((ghz['latencyDistribution'] as { percentage: number }[]).map((d) => d.percentage)).toEqual([10, 25, 50, 75, 90, 95, 99]);
    expect(ghz['details']).toHaveLength(200);
    expect((ghz['details'] as Record<string, unknown>[])[0]).toMatchObject({ status: 'OK', error: '', latency: expect.any(Number), timestamp: expect.any(String) });

    const csv = report.csv.trim().split('\n');
    expect(csv[0]).toBe('timestamp,duration (ms),status,error');
    expect(csv).toHaveLength(201);
    expect(csv[1]).toMatch(/^\d{4}-.*Z,\d+\.\d{3},OK,$/);
  });

  it('counts exactly what a grpc-js server served, over distinct connections', async () => {
    const server = await startCountingEcho();
    try {
      const { loadId } = unwrap(await engine.invoke('load:start', request(server.address, { concurrency: 6, totalRequests: 300, connections: 3 })));
      const last = await ended(loadId);
      expect(last.requests).toBe(300);
      expect(server.count()).toBe(300);
      expect(server.peers.size).toBe(3);
    } finally {
      await server.stop();
    }
  });

  it('a duration stops starting calls once it has passed; the calls counted are the calls served', async () => {
    const server = await startCountingEcho();
    try {
      const { loadId } = unwrap(await engine.invoke('load:start', request(server.address, { totalRequests: null, durationS: 0.5, ratePerSecond: 200 })));
      const last = await ended(loadId);
      expect(last.endReason).toBe('duration');
      expect(last.requests).toBe(server.count());
      // 200/s for 0.5 s: about 100 calls, never more than the rate allows.
      expect(last.requests).toBeGreaterThan(10);
      expect(last.requests).toBeLessThanOrEqual(101);
    } finally {
      await server.stop();
    }
  });

  it('streams: every bidi stream sends its messages per stream, interval apart; the server counts what the report counts', async () => {
    const server = await startCountingStreams();
    try {
      const chat: MethodRef = { protoSetId: demo.protoSet.id, service: 'demo.v1.DemoService', method: 'Chat' };
      const { loadId } = unwrap(
        await engine.invoke('load:start', {
          ...request(server.address, { concurrency: 3, totalRequests: 12, messagesPerStream: 4, messageIntervalMs: 5 }, chat, null),
          streamMessages: ['{"user":"a","text":"one"}', '{"user":"a","text":"two"}'],
        }),
      );
      const last = await ended(loadId);
      expect(last).toMatchObject({ requests: 12, errors: 0, statusCounts: { OK: 12 }, messagesSent: 48, messagesReceived: 48 });
      expect(server.counts).toEqual({ streams: 12, received: 48, sent: 48 });
      // Three messages 5 ms apart after the first: no stream can end sooner than 15 ms.
      expect(last.latencyMs!.fastest).toBeGreaterThanOrEqual(14);

      const countUp: MethodRef = { protoSetId: demo.protoSet.id, service: 'demo.v1.DemoService', method: 'CountUp' };
      const run = unwrap(await engine.invoke('load:start', request(server.address, { concurrency: 2, totalRequests: 10 }, countUp, '{"count":7}')));
      const streamed = await ended(run.loadId);
      expect(streamed).toMatchObject({ requests: 10, errors: 0, messagesSent: 10, messagesReceived: 70 });
      expect(server.counts).toEqual({ streams: 22, received: 58, sent: 118 });
    } finally {
      await server.stop();
    }
  });

  it('stops mid-run: no more calls start, those in flight are cancelled, the run ends as stopped', async () => {
    const { loadId } = unwrap(await engine.invoke('load:start', request(demo.address, { totalRequests: null, durationS: 60 })));
    while (!snapshots.some((s) => s.loadId === loadId && s.requests > 0)) await new Promise((resolve) => setTimeout(resolve, 20));
    unwrap(await engine.invoke('load:stop', { loadId }));
    const last = await ended(loadId);
    expect(last.endReason).toBe('stopped');
    expect(last.elapsedMs).toBeLessThan(30_000);
    const report = JSON.parse(unwrap(await engine.invoke('load:report', { loadId })).ghzJson) as Record<string, unknown>;
    expect(report['endReason']).toBe('cancel');
  });

  it('refuses what it cannot run with a message that says what to change', async () => {
    const bad = await engine.invoke('load:start', request(demo.address, {}, echo(), '{"mesage":"typo"}'));
    expect(!bad.ok && bad.error.message).toMatch(/mesage/);
    const unknown = await engine.invoke('load:stop', { loadId: 'nope' });
    expect(!unknown.ok && unknown.error.code).toBe('NOT_FOUND');
  });

  describe('against python3-grpcio', () => {
    let peer: PythonPeer;
    beforeAll(async () => {
      peer = await startPythonPeer('counting_server.py');
    });
    afterAll(() => peer.stop());

    it('counts per status equal what the Python server answered', async () => {
      const set = unwrap(await engine.invoke('protos:compile', { protoFiles: [join(grpcProtoRoot(), 'grpc/testing/test.proto')], importPaths: [grpcProtoRoot()] }));
      const unaryCall: MethodRef = { protoSetId: set.id, service: 'grpc.testing.TestService', method: 'UnaryCall' };
      const okRun = unwrap(await engine.invoke('load:start', request(peer.address, { totalRequests: 150, connections: 2 }, unaryCall, '{}')));
      const okEnd = await ended(okRun.loadId);
      const failRun = unwrap(await engine.invoke('load:start', request(peer.address, { totalRequests: 50 }, unaryCall, '{"responseStatus":{"code":5,"message":"no such thing"}}')));
      const failEnd = await ended(failRun.loadId);
      expect(okEnd.statusCounts).toEqual({ OK: 150 });
      expect(failEnd).toMatchObject({ requests: 50, errors: 50, statusCounts: { NOT_FOUND: 50 } });
      expect(Object.keys(failEnd.errorCounts)).toEqual(['rpc error: code = NotFound desc = no such thing']);

      const counts = await new Promise<string>((resolve, reject) => {
        const client = new grpc.Client(peer.address, grpc.credentials.createInsecure());
        const call = client.makeUnaryRequest('/grpc.testing.TestService/EmptyCall', (b: Buffer) => b, (b: Buffer) => b, Buffer.alloc(0), (e) => e && reject(e));
        call.on('status', (status: grpc.StatusObject) => {
          client.close();
          resolve(String(status.metadata.get('x-counts')[0]));
        });
      });
      expect(counts).toBe('0=150,5=50');
    });
  });
});
