// The renderer's event pump against the real engine and its demo server, through a connection
// that loses batches and drops its link on command: no call stays Running with nothing behind it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConnectionSettings } from '../../shared/connection';
import type { DemoServerInfo, EventBatch, MethodRef } from '../../shared/contract';
import type { CallId } from '../../shared/ids';
import type { Result } from '../../shared/result';
import type { WorkbenchEngine } from '../../electron/engine/engine-api';
import { createWorkbenchEngine } from '../../electron/engine/workbench-engine';
import type { HostConnectionStatus } from '../../renderer/src/bridge/host-connection-status';
import type { WorkbenchConnection } from '../../renderer/src/bridge/workbench-connection';
import { useAppStore } from '../../renderer/src/store/app-store';
import { startEventPump } from '../../renderer/src/store/event-pump';
import { createRequestTab } from '../../renderer/src/store/request-tab';
import { MessageRing } from '../../renderer/src/lib/message-ring';
import { retainedMessages } from '../../renderer/src/store/message-log';

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** A link to the engine whose batches can be lost and whose status can be set, like a socket's. */
function lossyConnection(engine: WorkbenchEngine) {
  const listeners = new Set<(batch: EventBatch) => void>();
  const statusListeners = new Set<(status: HostConnectionStatus) => void>();
  let status: HostConnectionStatus = { state: 'connected' };
  let lose: (batch: EventBatch) => boolean = () => false;
  let target: WorkbenchEngine = engine;
  engine.onEvents((batch) => {
    if (status.state === 'connected' && !lose(batch)) for (const listener of listeners) listener(batch);
  });
  const connection: WorkbenchConnection = {
    invoke: (channel, request) => target.invoke(channel, request),
    onEvents: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    status: () => status,
    onStatus: (listener) => {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
  };
  return {
    connection,
    lose: (rule: (batch: EventBatch) => boolean) => (lose = rule),
    setStatus: (next: HostConnectionStatus) => {
      status = next;
      for (const listener of statusListeners) listener(next);
    },
    /** Answers from another engine from now on: the host was restarted. */
    switchTo: (next: WorkbenchEngine) => (target = next),
  };
}

const call = (id: CallId) => useAppStore.getState().calls[id];

describe('event delivery is recoverable', () => {
  let dataDir: string;
  let engine: WorkbenchEngine;
  let demo: DemoServerInfo;
  let link: ReturnType<typeof lossyConnection>;
  let stop: () => void;
  const ref = (method: string): MethodRef => ({ protoSetId: demo.protoSet.id, service: 'demo.v1.DemoService', method });

  /** Starts a call as a tab would, and gives the tab its id (the page's own record of it). */
  const start = async (method: string, body: string | null, kind: 'unary' | 'server_streaming' | 'bidi_streaming') => {
    const { callId } = unwrap(
      await engine.invoke('calls:start', { method: ref(method), connection: defaultConnectionSettings(demo.address), metadata: [], deadlineMs: null, requestJson: body, options: { emitDefaults: false } }),
    );
    const tab = { ...createRequestTab({ method: ref(method), methodName: method, kind }), callId };
    useAppStore.setState((state) => ({ tabs: [...state.tabs, tab] }));
    return callId;
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gw-resync-'));
    engine = createWorkbenchEngine({ dataDir, shell: 'browser' });
    demo = unwrap(await engine.invoke('demo:start', { port: null }));
    link = lossyConnection(engine);
    stop = startEventPump(link.connection, { heartbeatMs: 50 });
  });
  afterAll(async () => {
    stop();
    await engine.dispose();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('a lost batch with the status and end of a call: the page still learns how it ended', async () => {
    link.lose((batch) => batch.events.some((e) => e.kind === 'call' && e.event.type === 'ended'));
    const id = await start('Echo', '{"message":"lost and found"}', 'unary');
    await expect.poll(() => call(id)?.phase, { timeout: 5_000 }).toBe('ended');
    link.lose(() => false);
    expect(call(id)?.status?.codeName).toBe('OK');
    expect(retainedMessages(call(id)?.messages ?? new MessageRing(1)).map((m) => m.json).join()).toContain('lost and found');
  });

  it('batches lost in the middle of a stream: counts, last messages and the end come back', async () => {
    let seen = 0;
    link.lose(() => ++seen % 3 === 0); // every third batch never reaches the page
    const id = await start('CountUp', '{"count": 3000}', 'server_streaming');
    await expect.poll(() => call(id)?.phase, { timeout: 10_000 }).toBe('ended');
    link.lose(() => false);
    const record = call(id);
    expect(record?.status?.codeName).toBe('OK');
    expect(record?.received).toBe(3000);
    expect(JSON.parse(retainedMessages(record?.messages ?? new MessageRing(1)).at(-1)?.json ?? '{}')).toMatchObject({ index: 2999 });
  });

  it('the host out of reach ends running calls as "host connection lost"; back again, they show as they are', async () => {
    const id = await start('Chat', null, 'bidi_streaming');
    await expect.poll(() => call(id)?.phase, { timeout: 5_000 }).toBe('open');
    await new Promise((resolve) => setTimeout(resolve, 20));
    link.setStatus({ state: 'reconnecting', reason: 'socket closed', attempt: 1, retryInMs: 100 });
    expect(call(id)?.phase).toBe('ended');
    expect(call(id)?.status?.details).toMatch(/^Host connection lost/);
    expect(call(id)?.timing?.totalMs).toBeGreaterThan(0); // wall-clock time, though no event came after the start

    link.setStatus({ state: 'connected' });
    await expect.poll(() => call(id)?.phase, { timeout: 5_000 }).toBe('open'); // still running in the engine
    unwrap(await engine.invoke('calls:cancel', { callId: id }));
    await expect.poll(() => call(id)?.status?.codeName, { timeout: 5_000 }).toBe('CANCELLED');
  });

  it('a restarted host that no longer knows the call: it ends, saying so', async () => {
    const id = await start('Chat', null, 'bidi_streaming');
    await expect.poll(() => call(id)?.phase, { timeout: 5_000 }).toBe('open');
    link.setStatus({ state: 'reconnecting', reason: 'socket closed', attempt: 1, retryInMs: 100 });
    const restarted = createWorkbenchEngine({ dataDir: await mkdtemp(join(tmpdir(), 'gw-resync-2-')), shell: 'browser' });
    try {
      link.switchTo(restarted);
      link.setStatus({ state: 'connected' });
      await expect.poll(() => call(id)?.status?.details, { timeout: 5_000 }).toMatch(/no longer knows this call/);
      expect(call(id)?.phase).toBe('ended');
    } finally {
      link.switchTo(engine);
      await engine.invoke('calls:cancel', { callId: id });
      await restarted.dispose();
    }
  });
});
