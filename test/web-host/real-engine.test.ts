// The browser shell end to end in Node: the real engine behind the real web host, driven by
// the renderer's real socket bridge (a `ws` socket stands in for the browser's WebSocket).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { CallEvent, CallStatus, StreamMessage } from '../../shared/call-events';
import { defaultConnectionSettings } from '../../shared/connection';
import type { DemoServerInfo, EventBatch, StartCallRequest } from '../../shared/contract';
import type { CallId } from '../../shared/ids';
import type { Result } from '../../shared/result';
import type { WorkbenchEngine } from '../../electron/engine/engine-api';
import { createWorkbenchEngine } from '../../electron/engine/workbench-engine';
import { startWebHost, type RunningWebHost } from '../../electron/web-host/web-host';
import { createSocketWorkbench, type SocketFactory, type SocketWorkbench } from '../../renderer/src/bridge/socket-workbench';
import { createStaticFixture, type StaticFixture } from './host-test-kit';

let dataDir: string;
let fixture: StaticFixture;
let engine: WorkbenchEngine;
let host: RunningWebHost;
let workbench: SocketWorkbench;
let demo: DemoServerInfo;
const batches: EventBatch[] = [];
/** Every call event, per call, in arrival order. */
const callEvents = new Map<CallId, CallEvent[]>();
/** Which batch (by position in `batches`) each call event came in. */
const callBatchSeqs = new Map<CallId, Set<number>>();

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

const nodeSocket = (origin: string): SocketFactory => (url, protocols, handlers) => {
  const socket = new WebSocket(url, protocols, { origin });
  socket.on('open', () => handlers.open());
  socket.on('message', (data) => handlers.message(data.toString()));
  socket.on('close', (code, reason) => handlers.close(code, reason.toString()));
  socket.on('error', () => undefined);
  return { send: (text) => socket.send(text), close: (code, reason) => socket.close(code, reason) };
};

function request(method: string, fields: Partial<StartCallRequest> = {}): StartCallRequest {
  return {
    method: { protoSetId: demo.protoSet.id, service: 'demo.v1.DemoService', method },
    connection: defaultConnectionSettings(demo.address),
    metadata: [],
    deadlineMs: null,
    requestJson: null,
    options: { emitDefaults: true },
    ...fields,
  };
}

async function waitForEvent(callId: CallId, type: CallEvent['type'], timeoutMs = 15_000): Promise<CallEvent> {
  let found: CallEvent | undefined;
  await expect
    .poll(() => (found = callEvents.get(callId)?.find((event) => event.type === type)), { timeout: timeoutMs, interval: 10 })
    .toBeDefined();
  return found as CallEvent;
}

async function statusOf(callId: CallId): Promise<CallStatus> {
  await waitForEvent(callId, 'ended');
  const status = callEvents.get(callId)?.find((event) => event.type === 'status');
  if (status?.type !== 'status') throw new Error('the call ended without a status');
  return status.status;
}

function messages(callId: CallId, direction: StreamMessage['direction']): StreamMessage[] {
  return (callEvents.get(callId) ?? []).filter((e): e is Extract<CallEvent, { type: 'message' }> => e.type === 'message' && e.direction === direction);
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'real-engine-'));
  fixture = createStaticFixture();
  engine = createWorkbenchEngine({ dataDir, shell: 'browser' });
  host = await startWebHost({ engine, staticDir: fixture.dir, warn: () => undefined });
  workbench = createSocketWorkbench({ url: `ws://127.0.0.1:${host.port}/ws`, token: host.token, createSocket: nodeSocket(host.origin) });
  workbench.onEvents((batch) => {
    batches.push(batch);
    for (const event of batch.events) {
      if (event.kind !== 'call') continue;
      const list = callEvents.get(event.callId) ?? [];
      list.push(event.event);
      callEvents.set(event.callId, list);
      const seqs = callBatchSeqs.get(event.callId) ?? new Set<number>();
      seqs.add(batch.seq);
      callBatchSeqs.set(event.callId, seqs);
    }
  });
  await workbench.firstAttempt();
  expect(workbench.status()).toEqual({ state: 'connected' });
});

afterAll(async () => {
  workbench?.close();
  await host?.close();
  await engine?.dispose();
  fixture?.cleanup();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the real engine through the browser shell', () => {
  it('says it is the browser shell and has no native dialogs', async () => {
    const info = unwrap(await workbench.invoke('shell:info', {}));
    expect(info).toMatchObject({ shell: 'browser', nativeDialogs: false });
    const pick = await workbench.invoke('files:pick', { kind: 'proto_files', multiple: true });
    expect(pick).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED' } });
  });

  it('starts the demo server and lists its proto set', async () => {
    demo = unwrap(await workbench.invoke('demo:start', { port: null }));
    expect(demo.address).toMatch(/^127\.0\.0\.1:\d+$/);
    const sets = unwrap(await workbench.invoke('protos:list', {}));
    const listed = sets.find((set) => set.id === demo.protoSet.id);
    expect(listed?.source).toEqual({ kind: 'demo' });
    const services = listed?.packages.flatMap((p) => p.services.map((s) => s.fullName));
    expect(services).toContain('demo.v1.DemoService');
  });

  it('makes a unary call (Echo)', async () => {
    const { callId } = unwrap(await workbench.invoke('calls:start', request('Echo', { requestJson: '{"message":"hello from the browser shell"}' })));
    const status = await statusOf(callId);
    expect(status.codeName).toBe('OK');
    const [answer] = messages(callId, 'received');
    expect(JSON.parse(answer!.json)).toMatchObject({ message: 'hello from the browser shell' });
    const types = callEvents.get(callId)!.map((e) => e.type);
    expect(types[0]).toBe('started');
    expect(types.at(-1)).toBe('ended');
  });

  it('streams 10,000 CountUp messages in order, in fewer batches than messages', async () => {
    const { callId } = unwrap(await workbench.invoke('calls:start', request('CountUp', { requestJson: '{"count":10000,"intervalMs":0}' })));
    const status = await statusOf(callId);
    expect(status.codeName).toBe('OK');
    const received = messages(callId, 'received');
    const dropped = (callEvents.get(callId) ?? []).filter((e) => e.type === 'dropped').reduce((n, e) => n + (e.type === 'dropped' ? e.count : 0), 0);
    // Every message either arrived or was counted by the engine's per-batch cap; none went missing.
    expect(received.length + dropped).toBe(10_000);
    expect(received.length).toBeGreaterThan(0);
    const indexes = received.map((m) => (JSON.parse(m.json) as { index: number }).index);
    for (let i = 1; i < indexes.length; i += 1) expect(indexes[i]).toBeGreaterThan(indexes[i - 1]!);
    expect(received.map((m) => m.index)).toEqual(indexes);
    expect(indexes.at(-1)).toBe(9_999);
    const ended = await waitForEvent(callId, 'ended');
    if (ended.type === 'ended') expect(ended.timing.messagesReceived).toBe(10_000);
    const callBatches = callBatchSeqs.get(callId)!.size;
    expect(callBatches).toBeLessThan(received.length);
    // Batches arrive with seq increasing by one: nothing was lost between host and page.
    for (let i = 1; i < batches.length; i += 1) expect(batches[i]!.seq).toBe(batches[i - 1]!.seq + 1);
    console.info(`CountUp 10,000: ${received.length} message events (+${dropped} counted as dropped) in ${callBatches} batches`);
  });

  it('exchanges messages on a bidi stream (Chat)', async () => {
    const { callId } = unwrap(await workbench.invoke('calls:start', request('Chat')));
    expect(unwrap(await workbench.invoke('calls:write', { callId, json: '{"user":"ada","text":"first"}' }))).toEqual({ index: 0 });
    await expect.poll(() => messages(callId, 'received').length, { timeout: 10_000 }).toBe(1);
    expect(JSON.parse(messages(callId, 'received')[0]!.json)).toMatchObject({ user: 'ada', text: 'first' });
    expect(unwrap(await workbench.invoke('calls:write', { callId, json: '{"user":"ada","text":"second"}' }))).toEqual({ index: 1 });
    await expect.poll(() => messages(callId, 'received').length, { timeout: 10_000 }).toBe(2);
    unwrap(await workbench.invoke('calls:halfClose', { callId }));
    const status = await statusOf(callId);
    expect(status.codeName).toBe('OK');
    expect(messages(callId, 'sent').map((m) => (JSON.parse(m.json) as { text: string }).text)).toEqual(['first', 'second']);
    expect(messages(callId, 'received').map((m) => (JSON.parse(m.json) as { text: string }).text)).toEqual(['first', 'second']);
  });

  it('cancels a running stream (CANCELLED)', async () => {
    const { callId } = unwrap(await workbench.invoke('calls:start', request('CountUp', { requestJson: '{"count":1000,"intervalMs":50}' })));
    await expect.poll(() => messages(callId, 'received').length, { timeout: 10_000 }).toBeGreaterThan(0);
    unwrap(await workbench.invoke('calls:cancel', { callId }));
    const status = await statusOf(callId);
    expect(status.codeName).toBe('CANCELLED');
    expect(messages(callId, 'received').length).toBeLessThan(1000);
  });

  it('ends a slow call at its deadline (DEADLINE_EXCEEDED)', async () => {
    const { callId } = unwrap(await workbench.invoke('calls:start', request('Slow', { requestJson: '{"delayMs":5000}', deadlineMs: 200 })));
    const status = await statusOf(callId);
    expect(status.codeName).toBe('DEADLINE_EXCEEDED');
    const statusEvent = callEvents.get(callId)!.find((e) => e.type === 'status');
    expect(statusEvent!.timeMs).toBeGreaterThanOrEqual(180);
    expect(statusEvent!.timeMs).toBeLessThan(4_000);
  });

  it('stops the demo server', async () => {
    expect(unwrap(await workbench.invoke('demo:stop', {}))).toBeNull();
  });
});
