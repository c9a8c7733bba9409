// Request metadata the workbench refuses (shared/metadata.ts), against real grpc-js servers on
// 127.0.0.1: the engine refuses before any channel work, and the channel other tabs share
// keeps working. The last test shows what happens without the refusal.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Metadata, status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallEvent } from '../../shared/call-events';
import { defaultConnectionSettings } from '../../shared/connection';
import type { DemoServerInfo, EventBatch, MethodRef, StartCallRequest } from '../../shared/contract';
import type { CallId } from '../../shared/ids';
import type { MetadataEntry } from '../../shared/metadata';
import type { Result } from '../../shared/result';
import type { WorkbenchEngine } from '../../electron/engine/engine-api';
import { createWorkbenchEngine } from '../../electron/engine/workbench-engine';
import { ChannelPool } from '../../electron/engine/transport/channel-pool';
import { ECHO_SERVICE } from '../support/transport-codec';
import { startEchoServer, type EchoServer } from '../support/transport-server';

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('refused request metadata, through the engine against its demo server', () => {
  let dataDir: string;
  let engine: WorkbenchEngine;
  let demo: DemoServerInfo;
  const batches: EventBatch[] = [];
  const byCall = new Map<string, CallEvent[]>();

  const echo = (metadata: MetadataEntry[]): StartCallRequest => ({
    method: { protoSetId: demo.protoSet.id, service: 'demo.v1.DemoService', method: 'Echo' } satisfies MethodRef,
    connection: defaultConnectionSettings(demo.address),
    metadata,
    // No deadline, like a user's call: without the refusal nothing would ever end it.
    deadlineMs: null,
    requestJson: '{"message":"hi"}',
    options: { emitDefaults: false },
  });

  async function ended(callId: CallId, timeoutMs = 5_000): Promise<CallEvent[]> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const events = byCall.get(callId) ?? [];
      if (events.some((e) => e.type === 'ended')) return events;
      await sleep(10);
    }
    throw new Error(`call ${callId} did not end within ${timeoutMs} ms`);
  }

  async function goodCall() {
    const started = unwrap(await engine.invoke('calls:start', echo([{ key: 'x-user', value: 'ada' }])));
    const events = await ended(started.callId);
    const status = events.find((e) => e.type === 'status');
    expect(status?.type === 'status' && status.status.codeName).toBe('OK');
    return started;
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gw-reserved-md-'));
    engine = createWorkbenchEngine({ dataDir, shell: 'browser' });
    engine.onEvents((batch) => {
      batches.push(batch);
      for (const e of batch.events) {
        if (e.kind !== 'call') continue;
        byCall.set(e.callId, [...(byCall.get(e.callId) ?? []), e.event]);
      }
    });
    demo = unwrap(await engine.invoke('demo:start', { port: null }));
  });
  afterAll(async () => {
    await engine.dispose();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('refuses "connection" at once with the reason, starts no call, and the shared channel works right after', async () => {
    const before = await goodCall();
    const callsBefore = byCall.size;
    const batchesBefore = batches.length;

    const startedAt = performance.now();
    const refused = await engine.invoke('calls:start', echo([{ key: 'x-user', value: 'ada' }, { key: 'Connection', value: 'x' }]));
    const tookMs = performance.now() - startedAt;
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error).toEqual({
      code: 'INVALID_REQUEST',
      message: 'Metadata key "Connection" is an HTTP/2 connection-specific header; HTTP/2 forbids it in a request (RFC 9113 §8.2.2), so the call is not started.',
      details: { field: 'metadata', index: 1, key: 'Connection' },
    });
    expect(tookMs).toBeLessThan(1_000);

    // No call, hence no retry loop: nothing at all is emitted for it, nor does the channel churn.
    await sleep(300);
    expect(byCall.size).toBe(callsBefore);
    const after = batches.slice(batchesBefore).flatMap((b) => b.events);
    expect(after.filter((e) => e.kind === 'call')).toEqual([]);
    expect(after.filter((e) => e.kind === 'connection' && e.event.type === 'state').length).toBeLessThanOrEqual(2);

    const again = await goodCall();
    expect(again.channelId).toBe(before.channelId);
  });

  it('refuses every connection-specific and grpc-js-owned key, in any case, and nothing else in the call', async () => {
    const keys = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'http2-settings', 'TE', 'host', 'content-type', 'User-Agent', 'accept-encoding', 'grpc-timeout', ':authority'];
    const callsBefore = byCall.size;
    for (const key of keys) {
      const refused = await engine.invoke('calls:start', echo([{ key, value: 'x' }]));
      expect(!refused.ok && refused.error.code, key).toBe('INVALID_REQUEST');
      expect(!refused.ok && refused.error.message, key).toContain(`Metadata key "${key}"`);
      expect(!refused.ok && refused.error.details, key).toEqual({ field: 'metadata', index: 0, key });
    }
    expect(byCall.size).toBe(callsBefore);
    await goodCall();
  });

  it('refuses metadata over the entry and size limits, naming the limit and the key', async () => {
    const many = Array.from({ length: 1_000 }, (_, i) => ({ key: `x-k${i}`, value: 'v' }));
    const tooMany = await engine.invoke('calls:start', echo(many));
    expect(!tooMany.ok && tooMany.error.message).toMatch(/^Request metadata has 1000 entries, over the limit of 100 .*"x-k100" \(entry 101\)/);
    expect(!tooMany.ok && tooMany.error.details).toEqual({ field: 'metadata', index: 100, key: 'x-k100' });

    const big = await engine.invoke('calls:start', echo([{ key: '', value: '' }, { key: 'X-Token', value: 'a'.repeat(1024 * 1024) }]));
    expect(!big.ok && big.error.message).toMatch(/over the limit of 16,384 bytes \(16 KiB.*It goes over at "x-token"/);
    expect(!big.ok && big.error.details).toEqual({ field: 'metadata', index: 1, key: 'X-Token' });

    // What fits goes through: 100 entries and close to 16 KiB.
    const fits = Array.from({ length: 100 }, (_, i) => ({ key: `x-k${i}`, value: i === 0 ? 'a'.repeat(16 * 1024 - 100 * 40) : 'v' }));
    const started = unwrap(await engine.invoke('calls:start', echo(fits)));
    const status = (await ended(started.callId)).find((e) => e.type === 'status');
    expect(status?.type === 'status' && status.status.codeName).toBe('OK');
  });

  it('refuses server reflection with a refused key too', async () => {
    const refused = await engine.invoke('protos:reflect', { connection: defaultConnectionSettings(demo.address), metadata: [{ key: 'upgrade', value: 'h2c' }] });
    expect(!refused.ok && refused.error.message).toMatch(/^Metadata key "upgrade" is an HTTP\/2 connection-specific header/);
  });
});

describe('why: grpc-js with a connection-specific header, without the refusal', () => {
  let server: EchoServer;
  let pool: ChannelPool;
  beforeAll(async () => {
    server = await startEchoServer();
    pool = new ChannelPool();
  });
  afterAll(async () => {
    pool.closeAll();
    await server.close();
  });

  it('retries the call without end until a deadline stops it (attempt after attempt, not one)', async () => {
    const { client } = unwrap(pool.acquire(defaultConnectionSettings(server.address))).channel;
    const metadata = new Metadata();
    metadata.add('connection', 'x'); // grpc-js's own Metadata takes it; Node's HTTP/2 then throws per attempt.
    const error = await new Promise<ServiceError | null>((resolve) => {
      client.makeUnaryRequest(`/${ECHO_SERVICE}/Unary`, (b: Buffer) => b, (b: Buffer) => b, Buffer.alloc(0), metadata, { deadline: Date.now() + 500 }, (e) => resolve(e));
    });
    expect(error?.code).toBe(GrpcStatus.DEADLINE_EXCEEDED);
    const attempts = Number(/previous attempts: (\d+)/.exec(error?.details ?? '')?.[1] ?? 0);
    // Hundreds on an idle machine; any number above a handful shows the loop (a sound call makes one attempt).
    expect(attempts).toBeGreaterThan(5);
  });
});
