// Recordings on disk: bounded by a shared byte budget (the call then knows its recording is
// incomplete and why), swept at start when the run that wrote them is gone, and read back by
// range without scanning the file.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamMessage } from '../../../shared/call-events';
import { ChannelPool } from '../transport/channel-pool';
import { CallRegistry } from './call-registry';
import { RecordingStore } from './recording-store';
import { StreamRecorder } from './stream-recorder';
import { startEchoServer, type EchoServer } from '../../../test/support/transport-server';
import { startEcho } from '../../../test/support/transport-calls';

let server: EchoServer;
let pool: ChannelPool;
let dir: string;

beforeAll(async () => {
  server = await startEchoServer();
  pool = new ChannelPool();
  dir = mkdtempSync(join(tmpdir(), 'recordings-'));
});

afterAll(async () => {
  pool.closeAll();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function ok<T>(result: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

describe('the disk budget', () => {
  it('stops a recording at the limit; the save says "N of M" and why, and the lost range is NOT_FOUND with the reason', async () => {
    const registry = new CallRegistry({ pool, recordDir: join(dir, 'capped'), retainMessages: 100, recordingsMaxBytes: 20_000 });
    try {
      const { started, call } = startEcho(registry, server.address, 'ServerStream', { requestJson: '{"text":"capped","repeat":1000}' });
      const { callId } = ok(started);
      await call.ended;
      const out = join(dir, 'capped.ndjson');
      const saved = ok(await registry.saveStream(callId, out));
      expect(saved.total).toBe(1_001);
      expect(saved.complete).toBe(false);
      expect(saved.messages).toBeLessThan(1_001);
      expect(saved.incompleteReason).toMatch(/^the recording stopped after [\d,]+ messages: recordings reached their limit of 20,000 bytes on disk$/);
      const recorded = saved.messages - 100;
      expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(saved.messages);
      // What the recording holds, and what the ring holds, are there; what lies between is not.
      expect(ok(await registry.messageRange(callId, recorded - 1, 1)).messages).toHaveLength(1);
      expect(ok(await registry.messageRange(callId, 1_001 - 100, 100)).messages).toHaveLength(100);
      const lost = await registry.messageRange(callId, recorded, 10);
      expect(!lost.ok && lost.error.code).toBe('NOT_FOUND');
      expect(!lost.ok && lost.error.message).toMatch(/no longer kept: the engine keeps the last 100 in memory, and the recording stopped after [\d,]+ messages: recordings reached their limit/);
    } finally {
      await registry.dispose();
    }
  });

  it('the budget is shared by every recording and given back when a recording is deleted', async () => {
    const store = new RecordingStore({ dir: join(dir, 'shared'), maxBytes: 1_000 });
    const message: StreamMessage = { direction: 'received', index: 0, timeMs: 0, bytes: 1, json: '"' + 'x'.repeat(100) + '"' };
    const a = store.createRecorder('a' as never);
    const b = store.createRecorder('b' as never);
    for (let i = 0; i < 20; i++) a.append({ ...message, index: i });
    expect(a.stopReason).toMatch(/limit of 1,000 bytes/);
    b.append(message);
    expect(b.messages).toBe(0);
    expect(b.stopReason).toMatch(/stopped after 0 messages/);
    // A stopped recording stays stopped (a recording with a hole could not be read by position).
    await a.discard();
    b.append(message);
    expect(b.messages).toBe(0);
    const c = store.createRecorder('c' as never);
    c.append(message);
    expect(c.messages).toBe(1);
    await Promise.all([b.discard(), c.discard()]);
    await store.close();
  });
});

describe('the sweep at start', () => {
  it("deletes the run folders of processes that are gone, and keeps a live process's and this run's", async () => {
    const streams = join(dir, 'sweep');
    const deadPid = spawnSync(process.execPath, ['-e', '0']).pid as number;
    const livePid = process.ppid;
    for (const pid of [deadPid, livePid]) {
      mkdirSync(join(streams, `run-${pid}`), { recursive: true });
      writeFileSync(join(streams, `run-${pid}`, 'call.ndjson'), '{}\n');
    }
    // The old layout (no run folder): only a stale file goes.
    writeFileSync(join(streams, 'old.ndjson'), '{}\n');
    utimesSync(join(streams, 'old.ndjson'), new Date(Date.now() - 3 * 86_400_000), new Date(Date.now() - 3 * 86_400_000));
    writeFileSync(join(streams, 'recent.ndjson'), '{}\n');
    const store = new RecordingStore({ dir: streams });
    await store.ready;
    expect(existsSync(join(streams, `run-${deadPid}`))).toBe(false);
    expect(existsSync(join(streams, `run-${livePid}`, 'call.ndjson'))).toBe(true);
    expect(existsSync(join(streams, 'old.ndjson'))).toBe(false);
    expect(existsSync(join(streams, 'recent.ndjson'))).toBe(true);
    expect(existsSync(store.runDir)).toBe(true);
    await store.close();
  });
});

describe('range reads', () => {
  it('read any range back through the line index, bounded by characters (the first always included)', async () => {
    const recorder = new StreamRecorder(join(dir, 'ranges.ndjson'));
    // Multi-byte JSON so byte offsets and character counts differ.
    for (let i = 0; i < 1_000; i++) recorder.append({ direction: i % 3 === 0 ? 'sent' : 'received', index: i, timeMs: i, bytes: 10, json: `{"text":"é${'ü'.repeat(i % 50)}","i":${i}}` });
    const range = await recorder.readRange(700, 5, 1_000_000);
    expect(range.map((m) => m.index)).toEqual([700, 701, 702, 703, 704]);
    expect(JSON.parse(range[0]?.json ?? '{}')).toMatchObject({ i: 700 });
    const bounded = await recorder.readRange(10, 500, 200);
    expect(bounded.length).toBeGreaterThan(1);
    expect(bounded.reduce((n, m) => n + m.json.length, 0)).toBeLessThanOrEqual(200);
    expect((await recorder.readRange(999, 10, 1)).map((m) => m.index)).toEqual([999]);
    expect(await recorder.readRange(1_000, 10, 1_000)).toEqual([]);
    await recorder.discard();
  });
});
