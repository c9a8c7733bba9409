// A page that is gone leaves no call behind: the real engine and its demo server, with pages
// connected and released the way the shells do it, and a short grace period.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallEvent, CallStatus } from '../../shared/call-events';
import { defaultConnectionSettings } from '../../shared/connection';
import type { DemoServerInfo } from '../../shared/contract';
import type { CallId } from '../../shared/ids';
import type { Result } from '../../shared/result';
import type { WorkbenchEngine } from '../../electron/engine/engine-api';
import { ORPHAN_CANCEL_MESSAGE } from '../../electron/engine/calls/call-owners';
import { createWorkbenchEngine } from '../../electron/engine/workbench-engine';

const GRACE_MS = 300;

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('calls of a page that is gone', () => {
  let dataDir: string;
  let engine: WorkbenchEngine;
  let demo: DemoServerInfo;
  const events = new Map<CallId, CallEvent[]>();

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gw-orphans-'));
    engine = createWorkbenchEngine({ dataDir, shell: 'browser', orphanGraceMs: GRACE_MS });
    engine.onEvents((batch) => {
      for (const e of batch.events) if (e.kind === 'call') events.set(e.callId, [...(events.get(e.callId) ?? []), e.event]);
    });
    demo = unwrap(await engine.invoke('demo:start', { port: null }));
  });
  afterAll(async () => {
    await engine.dispose();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** A server stream that would run for 100 s on its own. */
  async function startStream(pageId: string | null, waitForFirstMessage = true): Promise<CallId> {
    const { callId } = unwrap(
      await engine.invoke(
        'calls:start',
        {
          method: { protoSetId: demo.protoSet.id, service: 'demo.v1.DemoService', method: 'CountUp' },
          connection: defaultConnectionSettings(demo.address),
          metadata: [],
          deadlineMs: null,
          requestJson: '{"count":2000,"intervalMs":50}',
          options: { emitDefaults: false },
        },
        pageId === null ? undefined : { pageId },
      ),
    );
    // Running for real: the first message is in.
    if (waitForFirstMessage) await expect.poll(() => events.get(callId)?.some((e) => e.type === 'message' && e.direction === 'received'), { timeout: 10_000 }).toBe(true);
    return callId;
  }

  const ended = (callId: CallId) => events.get(callId)?.some((e) => e.type === 'ended') ?? false;
  async function statusOf(callId: CallId): Promise<CallStatus> {
    await expect.poll(() => ended(callId), { timeout: 10_000 }).toBe(true);
    const status = events.get(callId)?.find((e) => e.type === 'status');
    if (status?.type !== 'status') throw new Error('no status');
    return status.status;
  }
  const liveIds = async (pageId?: string) => unwrap(await engine.invoke('calls:list', {}, pageId === undefined ? undefined : { pageId })).map((c) => c.callId);

  it("cancels a released page's stream after the grace, and leaves other pages' calls and unowned calls alone", async () => {
    const releaseA = engine.connectPage('page-a');
    const releaseB = engine.connectPage('page-b');
    const mine = await startStream('page-a');
    const theirs = await startStream('page-b');
    const nobodys = await startStream(null);

    releaseA();
    // Inside the grace the call still runs and the list says its page is gone.
    const listed = unwrap(await engine.invoke('calls:list', {}, { pageId: 'page-b' }));
    expect(listed.find((c) => c.callId === mine)).toMatchObject({ method: 'demo.v1.DemoService.CountUp', kind: 'server_streaming', ownedByCaller: false, ownerGone: true });
    expect(listed.find((c) => c.callId === theirs)).toMatchObject({ ownedByCaller: true, ownerGone: false, messagesSent: 1 });
    expect(listed.find((c) => c.callId === theirs)?.messagesReceived).toBeGreaterThan(0);
    expect(listed.find((c) => c.callId === nobodys)).toMatchObject({ ownedByCaller: false, ownerGone: false });

    const status = await statusOf(mine);
    expect(status.codeName).toBe('CANCELLED');
    expect(status.details).toBe(ORPHAN_CANCEL_MESSAGE);
    await sleep(GRACE_MS);
    expect(ended(theirs)).toBe(false);
    expect(ended(nobodys)).toBe(false);
    expect(await liveIds()).not.toContain(mine);

    releaseB();
    expect((await statusOf(theirs)).details).toBe(ORPHAN_CANCEL_MESSAGE);
    unwrap(await engine.invoke('calls:cancel', { callId: nobodys }));
    expect((await statusOf(nobodys)).codeName).toBe('CANCELLED');
  });

  it('keeps the calls of a page that reconnects inside the grace (a dropped WebSocket coming back)', async () => {
    const release = engine.connectPage('page-c');
    const callId = await startStream('page-c');
    release();
    await sleep(GRACE_MS / 3);
    const releaseAgain = engine.connectPage('page-c');
    await sleep(GRACE_MS * 2);
    expect(ended(callId)).toBe(false);
    expect(await liveIds('page-c')).toContain(callId);

    releaseAgain();
    expect((await statusOf(callId)).details).toBe(ORPHAN_CANCEL_MESSAGE);
  });

  it('keeps a page while any of its connections is open', async () => {
    const first = engine.connectPage('page-d');
    const second = engine.connectPage('page-d');
    const callId = await startStream('page-d');
    first();
    first(); // a release twice counts once
    await sleep(GRACE_MS * 2);
    expect(ended(callId)).toBe(false);
    second();
    expect((await statusOf(callId)).codeName).toBe('CANCELLED');
  });

  it('cancels a call whose start arrived after its page had already left', async () => {
    engine.connectPage('page-e')();
    await sleep(GRACE_MS * 2); // the page is long gone when its (late) request arrives
    const callId = await startStream('page-e', false);
    expect((await statusOf(callId)).details).toBe(ORPHAN_CANCEL_MESSAGE);
  });
});
