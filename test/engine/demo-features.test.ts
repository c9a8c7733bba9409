// The demo's feature targets through the validated dispatch of the real engine: Whoami's bearer
// token, demo.v1.Flapping seen by a health watch, the balanced target spread by round_robin, and
// the keepalive target's server PINGs and max-connection-age GOAWAY (short settings on a listener
// group of its own, so the test takes seconds, not the demo's minute).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallEvent } from '../../shared/call-events';
import { defaultConnectionSettings, type ConnectionSettings, type ConnectionSnapshot } from '../../shared/connection';
import type { DemoServerInfo, StartCallRequest, StartCallResponse } from '../../shared/contract';
import type { HealthWatchEvent, HealthWatchStarted } from '../../shared/health';
import type { MetadataEntry } from '../../shared/metadata';
import type { Result } from '../../shared/result';
import type { WorkbenchEngine } from '../../electron/engine/engine-api';
import { createWorkbenchEngine } from '../../electron/engine/workbench-engine';
import { createValidatedDispatch, type ValidatedDispatch } from '../../electron/engine/dispatch/validated-dispatch';
import { DEMO_BEARER_TOKEN } from '../../electron/engine/demo/demo-auth';
import { FLAPPING_HEALTH_SERVICE } from '../../electron/engine/demo/demo-server';
import { startDemoListeners, type RunningDemoListeners } from '../../electron/engine/demo/demo-targets';

function unwrap<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, probe: () => T | null | undefined | false, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const value = probe();
    if (value) return value;
    await sleep(20);
  }
  throw new Error(`${what} within ${timeoutMs} ms`);
}

describe('demo feature targets through the dispatch', () => {
  let dataDir: string;
  let engine: WorkbenchEngine;
  let dispatch: ValidatedDispatch;
  let demo: DemoServerInfo;
  let quick: RunningDemoListeners;
  const byCall = new Map<string, CallEvent[]>();
  const health: HealthWatchEvent[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gw-demo-features-'));
    engine = createWorkbenchEngine({ dataDir, shell: 'browser' });
    dispatch = createValidatedDispatch(engine);
    engine.onEvents((batch) => {
      for (const e of batch.events) {
        if (e.kind === 'call') byCall.set(e.callId, [...(byCall.get(e.callId) ?? []), e.event]);
        if (e.kind === 'health') health.push(e);
      }
    });
    demo = unwrap(await dispatch('demo:start', { port: null }));
    quick = await startDemoListeners({
      port: 0,
      flapIntervalMs: 150,
      keepaliveOptions: { 'grpc.keepalive_time_ms': 100, 'grpc.keepalive_timeout_ms': 1000, 'grpc.max_connection_age_ms': 800, 'grpc.max_connection_age_grace_ms': 500 },
    });
  });
  afterAll(async () => {
    await quick?.stop();
    await engine?.dispose();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const target = (name: string, targets = demo.targets) => {
    const found = targets.find((t) => t.name === name);
    if (!found) throw new Error(`no demo target ${name}`);
    return found.target;
  };

  async function call(method: string, address: string, options: { metadata?: MetadataEntry[]; connection?: Partial<ConnectionSettings>; json?: string } = {}) {
    const request: StartCallRequest = {
      method: { protoSetId: demo.protoSet.id, service: 'demo.v1.DemoService', method },
      connection: { ...defaultConnectionSettings(address), ...options.connection },
      metadata: options.metadata ?? [],
      deadlineMs: 10_000,
      requestJson: options.json ?? '{}',
      options: { emitDefaults: false },
    };
    const started = unwrap<StartCallResponse>(await dispatch('calls:start', request));
    const events = await until(`call ${method} ended`, () => {
      const seen = byCall.get(started.callId) ?? [];
      return seen.some((e) => e.type === 'ended') ? seen : null;
    });
    const status = events.find((e): e is Extract<CallEvent, { type: 'status' }> => e.type === 'status')?.status;
    const received = events.filter((e): e is Extract<CallEvent, { type: 'message' }> => e.type === 'message' && e.direction === 'received');
    return { status, received, channelId: started.channelId };
  }

  it('offers the main, balanced, keepalive and gzip targets, all on 127.0.0.1, the token named in the main one', () => {
    expect(demo.targets.map((t) => t.name)).toEqual(['Demo server', 'Balanced demo', 'Keepalive demo', 'Gzip demo']);
    expect(target('Gzip demo')).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(target('Demo server')).toBe(demo.address);
    expect(target('Balanced demo')).toMatch(/^ipv4:127\.0\.0\.1:\d+,127\.0\.0\.1:\d+$/);
    expect(target('Keepalive demo')).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(demo.targets[0]?.about).toContain(DEMO_BEARER_TOKEN);
  });

  it('Whoami fails UNAUTHENTICATED without the bearer token, naming what to send, and answers with it', async () => {
    const without = await call('Whoami', demo.address);
    expect(without.status?.codeName).toBe('UNAUTHENTICATED');
    expect(without.status?.details).toContain(`authorization: Bearer ${DEMO_BEARER_TOKEN}`);
    const wrong = await call('Whoami', demo.address, { metadata: [{ key: 'authorization', value: 'Bearer nope' }] });
    expect(wrong.status?.codeName).toBe('UNAUTHENTICATED');
    expect(wrong.status?.details).toContain('not the demo');
    const withToken = await call('Whoami', demo.address, { metadata: [{ key: 'authorization', value: `Bearer ${DEMO_BEARER_TOKEN}` }] });
    expect(withToken.status?.codeName).toBe('OK');
    expect(JSON.parse(withToken.received[0]?.json ?? '{}')).toEqual({ subject: 'demo-user', scheme: 'Bearer' });
  });

  it(`Watch health on ${FLAPPING_HEALTH_SERVICE} sees SERVING and NOT_SERVING take turns`, async () => {
    const watch = unwrap<HealthWatchStarted>(
      await dispatch('health:watch', { connection: defaultConnectionSettings(quick.main.address), metadata: [], service: FLAPPING_HEALTH_SERVICE }),
    );
    const statuses = await until('three status changes', () => {
      const seen = health.filter((e) => e.watchId === watch.watchId && e.status !== null).map((e) => e.status);
      return seen.length >= 3 ? seen : null;
    });
    unwrap(await dispatch('health:unwatch', { watchId: watch.watchId }));
    expect(new Set(statuses)).toEqual(new Set(['SERVING', 'NOT_SERVING']));
    for (let i = 1; i < statuses.length; i++) expect(statuses[i]).not.toBe(statuses[i - 1]);
  });

  it('the balanced target with round_robin spreads calls over both backends (Calls per backend)', async () => {
    const balanced = target('Balanced demo');
    let channelId = '';
    for (let i = 0; i < 6; i++) {
      const result = await call('Echo', balanced, { connection: { loadBalancing: 'round_robin' }, json: '{"message":"hi"}' });
      expect(result.status?.codeName).toBe('OK');
      channelId = result.channelId;
    }
    const snapshot = unwrap<ConnectionSnapshot>(await dispatch('connections:get', { channelId }));
    const backends = balanced.replace(/^ipv4:/, '').split(',');
    expect(snapshot.callsPerPeer?.map((p) => p.peer).sort()).toEqual([...backends].sort());
    expect(snapshot.callsPerPeer?.every((p) => p.calls >= 2)).toBe(true);
  });

  it('the keepalive target: server PINGs are counted (Pings received) and max connection age sends a GOAWAY', async () => {
    const keepalive = target('Keepalive demo', quick.targets);
    const first = await call('Echo', keepalive, { json: '{"message":"hi"}' });
    expect(first.status?.codeName).toBe('OK');
    let last: ConnectionSnapshot | null = null;
    const end = Date.now() + 10_000;
    while (Date.now() < end) {
      last = unwrap<ConnectionSnapshot>(await dispatch('connections:get', { channelId: first.channelId }));
      if (last.keepalive.pingsReceived > 0 && last.keepalive.lastGoaway !== null) break;
      await sleep(50);
    }
    expect(last?.keepalive.pingsReceived).toBeGreaterThan(0);
    expect(last?.keepalive.lastGoaway).not.toBeNull();
    // The next call reconnects and still works.
    expect((await call('Echo', keepalive, { json: '{"message":"again"}' })).status?.codeName).toBe('OK');
  });
});
