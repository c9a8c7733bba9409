import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallEvent } from '../../shared/call-events';
import { defaultConnectionSettings } from '../../shared/connection';
import type { DemoServerInfo, EventBatch, MethodRef } from '../../shared/contract';
import type { CallId } from '../../shared/ids';
import type { Result } from '../../shared/result';
import type { WorkbenchEngine } from '../../electron/engine/engine-api';
import { createWorkbenchEngine } from '../../electron/engine/workbench-engine';

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** Collects every call event the engine emits, per call, and resolves when a call has ended. */
function collectCallEvents(engine: WorkbenchEngine) {
  const byCall = new Map<string, CallEvent[]>();
  const batches: EventBatch[] = [];
  const waiters = new Map<string, () => void>();
  engine.onEvents((batch) => {
    batches.push(batch);
    for (const e of batch.events) {
      if (e.kind !== 'call') continue;
      const list = byCall.get(e.callId) ?? [];
      list.push(e.event);
      byCall.set(e.callId, list);
      if (e.event.type === 'ended') waiters.get(e.callId)?.();
    }
  });
  return {
    batches,
    events: (id: CallId) => byCall.get(id) ?? [],
    ended: (id: CallId) =>
      new Promise<CallEvent[]>((resolve) => {
        const done = () => resolve(byCall.get(id) ?? []);
        if (byCall.get(id)?.some((e) => e.type === 'ended')) done();
        else waiters.set(id, done);
      }),
  };
}

describe('the engine facade against its own demo server', () => {
  let dataDir: string;
  let engine: WorkbenchEngine;
  let demo: DemoServerInfo;
  let events: ReturnType<typeof collectCallEvents>;
  const ref = (method: string): MethodRef => ({ protoSetId: demo.protoSet.id, service: 'demo.v1.DemoService', method });
  const connection = () => defaultConnectionSettings(demo.address);

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gw-engine-'));
    engine = createWorkbenchEngine({ dataDir, shell: 'browser' });
    events = collectCallEvents(engine);
    demo = unwrap(await engine.invoke('demo:start', { port: null }));
  });
  afterAll(async () => {
    await engine.dispose();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('lists the demo services and describes a method with a schema and an example', async () => {
    const sets = unwrap(await engine.invoke('protos:list', {}));
    const demoSet = sets.find((s) => s.source.kind === 'demo');
    expect(demoSet?.packages.flatMap((p) => p.services.map((s) => s.fullName))).toContain('demo.v1.DemoService');
    const described = unwrap(await engine.invoke('catalog:describeMethod', ref('Describe')));
    expect(described.method.kind).toBe('unary');
    expect(JSON.parse(described.inputExample)).toHaveProperty('bigNumber');
  });

  it('runs a unary call with metadata echoed into headers and trailers', async () => {
    const { callId } = unwrap(
      await engine.invoke('calls:start', {
        method: ref('Echo'),
        connection: connection(),
        metadata: [{ key: 'x-user', value: 'ada' }],
        deadlineMs: 5_000,
        requestJson: '{"message":"hello"}',
        options: { emitDefaults: false },
      }),
    );
    const all = await events.ended(callId);
    expect(all[0]?.type).toBe('started');
    const headers = all.find((e) => e.type === 'headers');
    expect(headers?.type === 'headers' && headers.metadata).toContainEqual({ key: 'echo-x-user', value: 'ada' });
    const received = all.find((e) => e.type === 'message' && e.direction === 'received');
    expect(received?.type === 'message' && JSON.parse(received.json).message).toBe('hello');
    const status = all.find((e) => e.type === 'status');
    expect(status?.type === 'status' && status.status.codeName).toBe('OK');
    expect(status?.type === 'status' && status.status.trailers).toContainEqual({ key: 'trailer-echo-x-user', value: 'ada' });
  });

  it('streams 10,000 messages in order (each one delivered or counted where it was dropped), in far fewer batches than messages', async () => {
    const before = events.batches.length;
    const { callId } = unwrap(
      await engine.invoke('calls:start', {
        method: ref('CountUp'),
        connection: connection(),
        metadata: [],
        deadlineMs: null,
        requestJson: '{"count":10000}',
        options: { emitDefaults: true },
      }),
    );
    const all = await events.ended(callId);
    // Every message arrives in order or, when a slow machine lets more than the per-batch cap
    // pile up, is counted by a `dropped` event standing exactly where the gap is.
    let expected = 0;
    for (const event of all) {
      if (event.type === 'dropped' && event.direction === 'received') expected += event.count;
      if (event.type === 'message' && event.direction === 'received') {
        expect(JSON.parse(event.json).index).toBe(expected);
        expected += 1;
      }
    }
    expect(expected).toBe(10_000);
    const delivered = all.filter((e) => e.type === 'message' && e.direction === 'received').length;
    expect(delivered).toBeGreaterThan(1_000);
    expect(events.batches.length - before).toBeLessThan(1_000);
    const seqs = events.batches.map((b) => b.seq);
    expect(seqs.every((s, i) => i === 0 || s === (seqs[i - 1] ?? 0) + 1)).toBe(true);
  });

  it('runs a bidi chat and reports the connection through connections:get', async () => {
    const { callId, channelId } = unwrap(
      await engine.invoke('calls:start', {
        method: ref('Chat'),
        connection: connection(),
        metadata: [],
        deadlineMs: null,
        requestJson: null,
        options: { emitDefaults: false },
      }),
    );
    for (const text of ['one', 'two', 'three']) unwrap(await engine.invoke('calls:write', { callId, json: JSON.stringify({ user: 'me', text }) }));
    unwrap(await engine.invoke('calls:halfClose', { callId }));
    const all = await events.ended(callId);
    const texts = all.flatMap((e) => (e.type === 'message' && e.direction === 'received' ? [JSON.parse(e.json).text as string] : []));
    expect(texts).toEqual(['one', 'two', 'three']);
    const snapshot = unwrap(await engine.invoke('connections:get', { channelId }));
    expect(snapshot.state).toBe('READY');
  });

  it('cancels a call and enforces a deadline', async () => {
    const slow = unwrap(
      await engine.invoke('calls:start', { method: ref('Slow'), connection: connection(), metadata: [], deadlineMs: 200, requestJson: '{"delayMs":5000}', options: { emitDefaults: false } }),
    );
    const stream = unwrap(
      await engine.invoke('calls:start', { method: ref('CountUp'), connection: connection(), metadata: [], deadlineMs: null, requestJson: '{"count":1000,"intervalMs":50}', options: { emitDefaults: false } }),
    );
    unwrap(await engine.invoke('calls:cancel', { callId: stream.callId }));
    const statusOf = (all: CallEvent[]) => all.flatMap((e) => (e.type === 'status' ? [e.status.codeName] : []));
    expect(statusOf(await events.ended(slow.callId))).toEqual(['DEADLINE_EXCEEDED']);
    expect(statusOf(await events.ended(stream.callId))).toEqual(['CANCELLED']);
  });

  it('answers bad input with clear errors and keeps working', async () => {
    const badJson = await engine.invoke('calls:start', { method: ref('Echo'), connection: connection(), metadata: [], deadlineMs: null, requestJson: '{"mesage":"typo"}', options: { emitDefaults: false } });
    expect(badJson).toMatchObject({ ok: false, error: { code: 'BAD_JSON' } });
    const badTarget = await engine.invoke('calls:start', { method: ref('Echo'), connection: defaultConnectionSettings('not a target'), metadata: [], deadlineMs: null, requestJson: '{}', options: { emitDefaults: false } });
    expect(badTarget).toMatchObject({ ok: false, error: { code: 'BAD_TARGET' } });
    const unknown = await engine.invoke('calls:write', { callId: 'nope' as CallId, json: '{}' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('loads the demo services through server reflection as well', async () => {
    const reflected = unwrap(await engine.invoke('protos:reflect', { connection: connection(), metadata: [] }));
    expect(reflected.source).toEqual({ kind: 'reflection', target: demo.address });
    expect(reflected.packages.flatMap((p) => p.services.map((s) => s.fullName))).toContain('demo.v1.DemoService');
  });

  it('saves and loads the workspace', async () => {
    unwrap(await engine.invoke('workspace:save', { version: 1, data: { tabs: ['Echo'] } }));
    expect(unwrap(await engine.invoke('workspace:load', {}))).toEqual({ state: { version: 1, data: { tabs: ['Echo'] } }, revision: expect.any(String), setAside: null });
  });
});
