import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { equals, fromBinary } from '@bufbuild/protobuf';
import { service as healthService } from 'grpc-health-check';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConnectionSettings } from '../../../shared/connection';
import type { WorkbenchEvent } from '../../../shared/contract';
import type { HealthWatchEvent } from '../../../shared/health';
import { startPythonPeer, type PythonPeer } from '../../../test/support/python-peer';
import { startDemoServer, type RunningDemoServer } from '../demo/demo-server';
import type { WorkbenchEngine } from '../engine-api';
import { createWorkbenchEngine } from '../workbench-engine';
import { HEALTH_DESCRIPTOR_SET_BASE64 } from './health-descriptors';
import { compileHealthDescriptors } from './health-proto-source';

const DEMO_SERVICE = 'demo.v1.DemoService';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('Check health and Watch health (grpc.health.v1, no user protos)', () => {
  let dataDir: string;
  let engine: WorkbenchEngine;
  let demo: RunningDemoServer;
  let python: PythonPeer;
  const healthEvents: HealthWatchEvent[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gw-health-'));
    engine = createWorkbenchEngine({ dataDir, shell: 'browser', orphanGraceMs: 50 });
    engine.onEvents((batch) => {
      for (const event of batch.events as WorkbenchEvent[]) if (event.kind === 'health') healthEvents.push(event);
    });
    demo = await startDemoServer();
    python = await startPythonPeer('interop_server.py');
  });
  afterAll(async () => {
    await engine.dispose();
    await demo.stop();
    await python.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const request = (target: string, service = '') => ({ connection: defaultConnectionSettings(target), metadata: [], service });

  async function eventsOf(watchId: string, until: (events: HealthWatchEvent[]) => boolean): Promise<HealthWatchEvent[]> {
    await expect.poll(() => until(healthEvents.filter((e) => e.watchId === watchId)), { timeout: 5000 }).toBe(true);
    return healthEvents.filter((e) => e.watchId === watchId);
  }

  it('embeds what protoc makes of grpc-health-check\'s health.proto (else run generate-health-descriptors.ts)', async () => {
    const fresh = fromBinary(FileDescriptorSetSchema, await compileHealthDescriptors());
    const embedded = fromBinary(FileDescriptorSetSchema, Buffer.from(HEALTH_DESCRIPTOR_SET_BASE64, 'base64'));
    expect(equals(FileDescriptorSetSchema, embedded, fresh)).toBe(true);
  });

  it('the demo server reports SERVING for itself and its service, NOT_SERVING once set, SERVICE_UNKNOWN for an unknown one', async () => {
    const whole = await engine.invoke('health:check', request(demo.address));
    expect(whole.ok && whole.value.status).toBe('SERVING');
    expect((await engine.invoke('health:check', request(demo.address, DEMO_SERVICE))).ok).toBe(true);
    demo.setHealthStatus(DEMO_SERVICE, 'NOT_SERVING');
    try {
      const down = await engine.invoke('health:check', request(demo.address, DEMO_SERVICE));
      expect(down.ok && down.value.status).toBe('NOT_SERVING');
    } finally {
      demo.setHealthStatus(DEMO_SERVICE, 'SERVING');
    }
    const unknown = await engine.invoke('health:check', request(demo.address, 'no.such.Service'));
    expect(unknown.ok && unknown.value.status).toBe('SERVICE_UNKNOWN');
  });

  it('a watch sees the current status, then each change, and each one is a point on the channel timeline', async () => {
    const started = await engine.invoke('health:watch', request(demo.address, DEMO_SERVICE));
    if (!started.ok) throw new Error(started.error.message);
    const { watchId, channelId } = started.value;
    await eventsOf(watchId, (events) => events.some((e) => e.status === 'SERVING'));
    demo.setHealthStatus(DEMO_SERVICE, 'NOT_SERVING');
    await eventsOf(watchId, (events) => events.some((e) => e.status === 'NOT_SERVING'));
    demo.setHealthStatus(DEMO_SERVICE, 'SERVING');
    await eventsOf(watchId, (events) => events.filter((e) => e.status === 'SERVING').length === 2);

    const snapshot = await engine.invoke('connections:get', { channelId });
    if (!snapshot.ok) throw new Error(snapshot.error.message);
    const points = snapshot.value.recentEvents.flatMap((e) => (e.type === 'health' && e.service === DEMO_SERVICE ? [e.status] : []));
    expect(points.slice(-3)).toEqual(['SERVING', 'NOT_SERVING', 'SERVING']);

    expect((await engine.invoke('health:unwatch', { watchId })).ok).toBe(true);
    const ended = await eventsOf(watchId, (events) => events.some((e) => e.ended !== null));
    expect(ended.at(-1)?.ended).toBe('Watch stopped.');
    const again = await engine.invoke('health:unwatch', { watchId });
    expect(!again.ok && again.error.code).toBe('NOT_FOUND');
  });

  it('a watch outlives a server restart: interrupted (explained), then the status again once it is back', async () => {
    let server = await startDemoServer();
    const { address, port } = server;
    try {
      const started = await engine.invoke('health:watch', request(address));
      if (!started.ok) throw new Error(started.error.message);
      const { watchId } = started.value;
      await eventsOf(watchId, (events) => events.some((e) => e.status === 'SERVING'));
      await server.stop();
      const broken = await eventsOf(watchId, (events) => events.some((e) => e.interrupted));
      expect(broken.find((e) => e.interrupted)?.interrupted).toMatch(/Watching again in 1 s\.$/);
      server = await startDemoServer({ port });
      await eventsOf(watchId, (events) => events.filter((e) => e.status === 'SERVING').length === 2);
      expect(healthEvents.filter((e) => e.watchId === watchId).some((e) => e.ended !== null)).toBe(false);
      expect((await engine.invoke('health:unwatch', { watchId })).ok).toBe(true);
      await eventsOf(watchId, (events) => events.some((e) => e.ended === 'Watch stopped.'));
    } finally {
      await server.stop();
    }
  });

  it('a watch ends when the page that started it is gone', async () => {
    const release = engine.connectPage('page-a');
    const started = await engine.invoke('health:watch', request(demo.address), { pageId: 'page-a' });
    if (!started.ok) throw new Error(started.error.message);
    await eventsOf(started.value.watchId, (events) => events.some((e) => e.status === 'SERVING'));
    release();
    const ended = await eventsOf(started.value.watchId, (events) => events.some((e) => e.ended !== null));
    expect(ended.at(-1)?.ended).toBe('Watch stopped.');
  });

  it('a python grpcio server without a health service reads as "no health service", for Check and Watch', async () => {
    const checked = await engine.invoke('health:check', request(python.address));
    expect(!checked.ok && checked.error.message).toBe(
      `The server at ${python.address} cannot be health-checked: this server has no health service (grpc.health.v1.Health is not implemented).`,
    );
    expect(!checked.ok && checked.error.details?.noHealthService).toBe(true);
    const started = await engine.invoke('health:watch', request(python.address));
    if (!started.ok) throw new Error(started.error.message);
    const ended = await eventsOf(started.value.watchId, (events) => events.some((e) => e.ended !== null));
    expect(ended.at(-1)?.ended).toContain('no health service');
  });

  it('sends the request metadata, as a call would (a server that wants a token answers only with it)', async () => {
    const server = new grpc.Server();
    server.addService(healthService, {
      check: (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
        if (call.metadata.get('authorization')[0] === 'Bearer t0ken') callback(null, { status: 'SERVING' });
        else callback({ code: grpc.status.UNAUTHENTICATED, details: 'missing token' });
      },
      watch: (call: grpc.ServerWritableStream<unknown, unknown>) => call.end(),
      list: (_call: unknown, callback: grpc.sendUnaryData<unknown>) => callback({ code: grpc.status.UNIMPLEMENTED }),
    });
    const port = await new Promise<number>((resolve, reject) => {
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound)));
    });
    try {
      const address = `127.0.0.1:${port}`;
      const refused = await engine.invoke('health:check', request(address));
      expect(!refused.ok && refused.error.message).toBe(`Health Check at ${address} failed with UNAUTHENTICATED: missing token`);
      const withToken = await engine.invoke('health:check', { ...request(address), metadata: [{ key: 'authorization', value: 'Bearer t0ken' }] });
      expect(withToken.ok && withToken.value.status).toBe('SERVING');
      const badKey = await engine.invoke('health:check', { ...request(address), metadata: [{ key: 'Bad Key', value: 'x' }] });
      expect(badKey.ok).toBe(false);
    } finally {
      server.forceShutdown();
    }
  });

  it('TLS on against a plaintext server is explained as for a call', async () => {
    const tls = request(demo.address);
    const checked = await engine.invoke('health:check', { ...tls, connection: { ...tls.connection, tls: { ...tls.connection.tls, enabled: true } } });
    expect(!checked.ok && checked.error.message).toMatch(/^Health Check failed: .*plaintext/);
  });

  it('a port nothing listens on is explained like a call to it', async () => {
    const address = `127.0.0.1:${await closedPort()}`;
    const checked = await engine.invoke('health:check', request(address));
    expect(!checked.ok && checked.error.code).toBe('HEALTH');
    expect(!checked.ok && checked.error.message).toContain(`Could not connect to ${address}: the connection was refused.`);
  });
});
