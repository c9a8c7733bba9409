// The browser shell leaves no orphan: the real engine behind the real web host, pages played by
// real WebSockets. A page whose socket closes (tab closed, reloaded) has its streams cancelled
// once the grace is over; a page that reconnects inside it keeps them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallEvent } from '../../shared/call-events';
import { defaultConnectionSettings } from '../../shared/connection';
import type { DemoServerInfo, EventBatch } from '../../shared/contract';
import type { CallId } from '../../shared/ids';
import type { LiveCall } from '../../shared/live-calls';
import type { Result } from '../../shared/result';
import { ORPHAN_CANCEL_MESSAGE } from '../../electron/engine/calls/call-owners';
import type { WorkbenchEngine } from '../../electron/engine/engine-api';
import { createWorkbenchEngine } from '../../electron/engine/workbench-engine';
import { startWebHost, type RunningWebHost } from '../../electron/web-host/web-host';
import { createStaticFixture, openAuthenticatedPage, type PageClient, type StaticFixture } from './host-test-kit';

const GRACE_MS = 300;

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let dataDir: string;
let fixture: StaticFixture;
let engine: WorkbenchEngine;
let host: RunningWebHost;
let demo: DemoServerInfo;
/** A page that stays open and watches every call's events. */
let observer: PageClient;
let nextId = 1;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'web-orphans-'));
  fixture = createStaticFixture();
  engine = createWorkbenchEngine({ dataDir, shell: 'browser', orphanGraceMs: GRACE_MS });
  host = await startWebHost({ engine, staticDir: fixture.dir, warn: () => undefined });
  observer = await openAuthenticatedPage(host.port, host.token, { path: '/ws?page=observer-page' });
  demo = unwrap(await observer.invoke(nextId++, 'demo:start', { port: null })) as DemoServerInfo;
});
afterAll(async () => {
  observer.socket.close();
  await host.close();
  await engine.dispose();
  fixture.cleanup();
  rmSync(dataDir, { recursive: true, force: true });
});

function eventsOf(callId: CallId): CallEvent[] {
  return observer.messages
    .filter((m) => m.type === 'events')
    .flatMap((m) => (m.batch as EventBatch).events)
    .flatMap((e) => (e.kind === 'call' && e.callId === callId ? [e.event] : []));
}

async function startStream(page: PageClient): Promise<CallId> {
  const started = unwrap(
    await page.invoke(nextId++, 'calls:start', {
      method: { protoSetId: demo.protoSet.id, service: 'demo.v1.DemoService', method: 'CountUp' },
      connection: defaultConnectionSettings(demo.address),
      metadata: [],
      deadlineMs: null,
      requestJson: '{"count":2000,"intervalMs":50}',
      options: { emitDefaults: false },
    }),
  ) as { callId: CallId };
  await expect.poll(() => eventsOf(started.callId).some((e) => e.type === 'message' && e.direction === 'received'), { timeout: 10_000 }).toBe(true);
  return started.callId;
}

async function endedWith(callId: CallId): Promise<string> {
  await expect.poll(() => eventsOf(callId).some((e) => e.type === 'ended'), { timeout: 10_000 }).toBe(true);
  const status = eventsOf(callId).find((e) => e.type === 'status');
  return status?.type === 'status' ? `${status.status.codeName}: ${status.status.details}` : 'no status';
}

const isRunning = (callId: CallId) => !eventsOf(callId).some((e) => e.type === 'ended');
const list = async (page: PageClient) => unwrap(await page.invoke(nextId++, 'calls:list', {})) as LiveCall[];

describe('a page whose WebSocket closes', () => {
  it('has its server stream cancelled after the grace; the other pages see why', async () => {
    const page = await openAuthenticatedPage(host.port, host.token, { path: '/ws?page=closing-tab-1' });
    const callId = await startStream(page);
    expect((await list(page)).find((c) => c.callId === callId)).toMatchObject({ ownedByCaller: true, ownerGone: false });
    expect((await list(observer)).find((c) => c.callId === callId)).toMatchObject({ ownedByCaller: false, ownerGone: false });

    page.socket.close();
    await page.closed;
    await expect.poll(async () => (await list(observer)).find((c) => c.callId === callId)?.ownerGone).toBe(true);
    expect(await endedWith(callId)).toBe(`CANCELLED: ${ORPHAN_CANCEL_MESSAGE}`);
    expect((await list(observer)).map((c) => c.callId)).not.toContain(callId);
  });

  it('keeps its streams when the same page reconnects inside the grace', async () => {
    const page = await openAuthenticatedPage(host.port, host.token, { path: '/ws?page=reconnecting-tab' });
    const callId = await startStream(page);
    page.socket.terminate(); // the connection drops, the page is still there
    await page.closed;
    const back = await openAuthenticatedPage(host.port, host.token, { path: '/ws?page=reconnecting-tab' });
    await sleep(GRACE_MS * 2);
    expect(isRunning(callId)).toBe(true);
    expect((await list(back)).find((c) => c.callId === callId)).toMatchObject({ ownedByCaller: true, ownerGone: false });

    back.socket.close();
    expect(await endedWith(callId)).toBe(`CANCELLED: ${ORPHAN_CANCEL_MESSAGE}`);
  });

  it('without a page id is a page of its own', async () => {
    const page = await openAuthenticatedPage(host.port, host.token);
    const callId = await startStream(page);
    page.socket.close();
    expect(await endedWith(callId)).toBe(`CANCELLED: ${ORPHAN_CANCEL_MESSAGE}`);
  });

  it("leaves the calls of pages still open alone, and any page can cancel another page's call", async () => {
    const page = await openAuthenticatedPage(host.port, host.token, { path: '/ws?page=other-open-tab' });
    const callId = await startStream(page);
    const closing = await openAuthenticatedPage(host.port, host.token, { path: '/ws?page=closing-tab-2' });
    closing.socket.close();
    await sleep(GRACE_MS * 2);
    expect(isRunning(callId)).toBe(true);

    unwrap(await observer.invoke(nextId++, 'calls:cancel', { callId }));
    expect(await endedWith(callId)).toMatch(/^CANCELLED/);
    page.socket.close();
  });
});
