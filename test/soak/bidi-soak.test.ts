// Soak: one bidi stream (demo Chat, which echoes every message) at a steady 200 messages/s
// through the real web host's WebSocket, the path the browser uses, for SOAK_MS (default 2
// minutes). Checked end to end: every event batch's seq follows the last, or the gap is
// recovered through calls:snapshot as the page does; every message index, both directions,
// arrives exactly once and in order or is counted by a `dropped` event; every echo carries
// the text that was sent with its index. The host's resident memory (/proc/<pid>/status
// VmRSS, sampled every second) stays flat: after a warm-up (the first quarter of the run,
// while the engine's message ring fills), the median of the last third is at most 20 MiB
// above the median of the first third. (Two 2-minute runs: +9 MiB, from 116 MiB.)
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CallEvent, CallSnapshotBatch, MessageDirection } from '../../shared/call-events';
import { defaultConnectionSettings } from '../../shared/connection';
import type { DemoServerInfo, EventBatch, StartCallResponse } from '../../shared/contract';
import { openAuthenticatedPage, type PageClient } from '../web-host/host-test-kit';
import { pageRpc, type PageRpc } from '../support/page-rpc';
import { startWebHostProcess, type WebHostProcess } from '../support/web-host-process';

const SOAK_MS = Number(process.env.SOAK_MS ?? 120_000);
const RATE_PER_S = 200;
const RSS_GROWTH_LIMIT_KIB = 20 * 1024;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};
function rssKiB(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]);
}

/** Per direction: the next index expected, and how many were counted by `dropped` instead. */
class IndexLedger {
  next = 0;
  seen = 0;
  /** Seen only in a calls:snapshot (the page missed their batch). */
  fromSnapshot = 0;
  dropped = 0;
  problems: string[] = [];
  constructor(readonly direction: MessageDirection) {}
  message(index: number, json: string) {
    if (index !== this.next) this.problems.push(`${this.direction} index ${index} arrived when ${this.next} was expected`);
    const text = (JSON.parse(json) as { text?: string }).text;
    if (text !== `m${index}`) this.problems.push(`${this.direction} index ${index} carries "${text}"`);
    this.next = index + 1;
    this.seen += 1;
  }
  droppedCount(count: number) {
    this.next += count;
    this.dropped += count;
  }
}

describe('soak: a bidi stream at 200 messages/s through the real web host', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gw-soak-'));
  let host: WebHostProcess | null = null;
  afterAll(async () => {
    await host?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`keeps every batch, every message index and flat memory for ${SOAK_MS / 1000} s`, async () => {
    host = await startWebHostProcess(dataDir);
    const runningHost = host;

    const ledgers = { sent: new IndexLedger('sent'), received: new IndexLedger('received') };
    let callId: string | null = null;
    let lastSeq: number | null = null;
    let gaps = 0;
    let reloads = 0;
    let batches = 0;
    let ended = false;
    let statusCode: string | null = null;
    let recovering: Promise<void> | null = null;
    const heldDuringRecovery: EventBatch[] = [];

    const applyEvent = (event: CallEvent) => {
      if (event.type === 'message') ledgers[event.direction].message(event.index, event.json);
      else if (event.type === 'dropped') ledgers[event.direction].droppedCount(event.count);
      else if (event.type === 'status') statusCode = event.status.codeName;
      else if (event.type === 'ended') ended = true;
    };
    const applyBatch = (batch: EventBatch) => {
      for (const e of batch.events) if (e.kind === 'call' && e.callId === callId) applyEvent(e.event);
      lastSeq = batch.seq;
    };

    let page!: PageClient; // assigned by openPage() below, before any use
    let call!: PageRpc;
    let trimKitMessages: NodeJS.Timeout | undefined;
    /** What the page does on a gap or a (re)load: ask for the call as the engine knows it, then go on from its seq. */
    const recover = async () => {
      const answer = await call<CallSnapshotBatch>('calls:snapshot', { callIds: [callId], lastMessages: 10_000 });
      if (!answer?.ok) throw new Error(`calls:snapshot: ${JSON.stringify(answer)}`);
      const snapshot = answer.value.calls[0];
      if (!snapshot?.known) throw new Error('the snapshot does not know the call');
      for (const direction of ['sent', 'received'] as const) {
        const ledger = ledgers[direction];
        const events = snapshot.events.filter((e): e is Extract<CallEvent, { type: 'message' }> => e.type === 'message' && e.direction === direction);
        const first = events[0]?.index ?? ledger.next;
        // Indexes between what this page saw and the snapshot's oldest message are counted.
        if (first > ledger.next) ledger.droppedCount(first - ledger.next);
        for (const e of events) {
          if (e.index < ledger.next) continue;
          ledger.message(e.index, e.json);
          ledger.fromSnapshot += 1;
        }
      }
      for (const e of snapshot.events) if (e.type === 'status' || e.type === 'ended') applyEvent(e);
      lastSeq = answer.value.seq;
      for (const batch of heldDuringRecovery.splice(0)) if (batch.seq > (lastSeq ?? 0)) applyBatch(batch);
    };
    const startRecovery = () => {
      recovering = recover().finally(() => { recovering = null; });
    };
    /**
     * Opens the page's WebSocket as a browser tab does, with its page id; after a reconnect it
     * resyncs through calls:snapshot. The same page id keeps its calls (a reload is a new page,
     * whose calls the engine cancels after the grace: test/web-host/orphaned-calls.test.ts).
     */
    async function openPage(): Promise<void> {
      page = await openAuthenticatedPage(runningHost.port, runningHost.token, { path: '/ws?page=soak-page-1' });
      call = pageRpc(page);
      page.socket.on('message', (data) => {
        const message = JSON.parse(data.toString()) as { type: string; batch?: EventBatch };
        if (message.type !== 'events' || !message.batch) return;
        batches += 1;
        const batch = message.batch;
        if (recovering) return void heldDuringRecovery.push(batch);
        if (lastSeq !== null && batch.seq !== lastSeq + 1 && callId !== null) {
          gaps += 1;
          heldDuringRecovery.push(batch);
          startRecovery();
          return;
        }
        applyBatch(batch);
      });
      // The test kit keeps every message for its waitFor; this run only needs the live handler above.
      clearInterval(trimKitMessages);
      trimKitMessages = setInterval(() => { page.messages.length = 0; }, 1_000);
      if (callId !== null) {
        reloads += 1;
        startRecovery();
        await recovering;
      }
    }
    await openPage();
    const demo = await call<DemoServerInfo>('demo:start', { port: null });
    if (!demo?.ok) throw new Error(`demo:start: ${JSON.stringify(demo)}`);

    const started = await call<StartCallResponse>('calls:start', {
      method: { protoSetId: demo.value.protoSet.id, service: 'demo.v1.DemoService', method: 'Chat' },
      connection: defaultConnectionSettings(demo.value.address),
      metadata: [],
      deadlineMs: null,
      requestJson: null,
      options: { emitDefaults: false },
    });
    if (!started?.ok) throw new Error(`calls:start: ${JSON.stringify(started)}`);
    callId = started.value.callId;

    // Writes at a steady rate (catching up on timer drift), memory sampled every second.
    const rss: { atMs: number; kib: number }[] = [];
    const writeErrors: string[] = [];
    const writes: Promise<void>[] = [];
    const startedAt = Date.now();
    let sent = 0;
    const write = (index: number) =>
      call<{ index: number }>('calls:write', { callId, json: JSON.stringify({ user: 'soak', text: `m${index}` }) }).then((r) => {
        if (!r?.ok || r.value.index !== index) writeErrors.push(`write ${index}: ${JSON.stringify(r)}`);
      });
    let nextSample = 0;
    let reloaded = false;
    while (Date.now() - startedAt < SOAK_MS) {
      if (!reloaded && Date.now() - startedAt >= SOAK_MS / 2) {
        // Halfway: the tab's WebSocket drops and the same page reconnects. Its writes are answered first; what the stream does
        // meanwhile reaches the new page only through calls:snapshot.
        reloaded = true;
        await Promise.all(writes.splice(0));
        // A burst whose echoes are still on their way when the tab goes.
        for (let burst = 0; burst < 100; burst += 1) {
          const index = sent;
          sent += 1;
          writes.push(write(index));
        }
        await Promise.all(writes.splice(0));
        page.socket.close();
        await page.closed;
        await sleep(300);
        await openPage();
      }
      const elapsed = Date.now() - startedAt;
      const due = Math.floor((elapsed * RATE_PER_S) / 1000);
      while (sent < due) {
        const index = sent;
        sent += 1;
        writes.push(write(index));
      }
      if (elapsed >= nextSample) {
        rss.push({ atMs: elapsed, kib: rssKiB(runningHost.pid) });
        nextSample += 1_000;
      }
      if (writes.length > 2_000) await Promise.all(writes.splice(0));
      await sleep(10);
    }
    await Promise.all(writes);
    const closed = await call('calls:halfClose', { callId });
    expect(closed?.ok).toBe(true);
    const until = Date.now() + 30_000;
    while ((!ended || recovering) && Date.now() < until) await sleep(20);
    clearInterval(trimKitMessages);

    const warmUpMs = SOAK_MS * 0.25;
    const steady = rss.filter((s) => s.atMs >= warmUpMs).map((s) => s.kib);
    const third = Math.floor(steady.length / 3);
    const firstThird = median(steady.slice(0, third));
    const lastThird = median(steady.slice(steady.length - third));
    console.log(
      `soak: ${SOAK_MS / 1000} s, ${sent} messages sent at ${RATE_PER_S}/s through the ${runningHost.cli} web host; ${batches} batches, ${gaps} seq gaps and ${reloads} page reconnect(s) recovered by snapshot; ` +
        `sent ${ledgers.sent.seen} seen (${ledgers.sent.fromSnapshot} from the snapshot) + ${ledgers.sent.dropped} dropped, received ${ledgers.received.seen} seen (${ledgers.received.fromSnapshot} from the snapshot) + ${ledgers.received.dropped} dropped; ` +
        `host RSS median first third ${Math.round(firstThird / 1024)} MiB, last third ${Math.round(lastThird / 1024)} MiB (max ${Math.round(Math.max(...rss.map((s) => s.kib)) / 1024)} MiB, ${rss.length} samples; every 10 s: ${rss.filter((_, i) => i % 10 === 0).map((s) => Math.round(s.kib / 1024)).join(' ')} MiB)`,
    );

    expect(writeErrors.slice(0, 5)).toEqual([]);
    expect(ended).toBe(true);
    expect(statusCode).toBe('OK');
    expect([...ledgers.sent.problems, ...ledgers.received.problems].slice(0, 5)).toEqual([]);
    expect(ledgers.sent.next).toBe(sent);
    expect(ledgers.received.next).toBe(sent);
    expect(reloads).toBe(1);
    expect(ledgers.received.fromSnapshot + ledgers.received.dropped).toBeGreaterThan(0); // the reconnect did miss live events
    expect(third).toBeGreaterThanOrEqual(3);
    expect(lastThird - firstThird).toBeLessThanOrEqual(RSS_GROWTH_LIMIT_KIB);
  }, SOAK_MS + 90_000);
});
