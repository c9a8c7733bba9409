// Every message a call still has in the engine is reachable: a fast demo stream that outgrew the
// engine's ring (N = 500), read back by position from the engine's ring and its recording; saveStream says how
// many of how many it wrote; calls a page shows are kept beyond the last 8 finished.
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConnectionSettings } from '../../shared/connection';
import type { EventBatch, MethodRef } from '../../shared/contract';
import type { CallId } from '../../shared/ids';
import type { Result } from '../../shared/result';
import { createWorkbenchEngine } from '../../electron/engine/workbench-engine';

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

const RETAIN = 500;
const COUNT = 3_000;

async function engineWithDemo(dataDir: string) {
  const engine = createWorkbenchEngine({ dataDir, shell: 'browser', retainMessages: RETAIN });
  const demo = unwrap(await engine.invoke('demo:start', { port: null }));
  const batches: EventBatch[] = [];
  engine.onEvents((batch) => batches.push(batch));
  const ref = (method: string): MethodRef => ({ protoSetId: demo.protoSet.id, service: 'demo.v1.DemoService', method });
  const run = async (method: string, body: string): Promise<CallId> => {
    const { callId } = unwrap(await engine.invoke('calls:start', { method: ref(method), connection: defaultConnectionSettings(demo.address), metadata: [], deadlineMs: null, requestJson: body, options: { emitDefaults: false } }));
    const ended = () => batches.some((b) => b.events.some((e) => e.kind === 'call' && e.callId === callId && e.event.type === 'ended'));
    for (let waited = 0; !ended(); waited += 10) {
      if (waited > 20_000) throw new Error(`call ${callId} did not end`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return callId;
  };
  return { engine, demo, run };
}

describe('messages by position', () => {
  let dataDir: string;
  let setup: Awaited<ReturnType<typeof engineWithDemo>>;
  let callId: CallId;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gw-ranges-'));
    setup = await engineWithDemo(dataDir);
    callId = await setup.run('CountUp', `{"count": ${COUNT}, "intervalMs": 0}`);
  }, 30_000);
  afterAll(async () => {
    await setup.engine.dispose();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('any message of the call is read back by position, in order, from the recording or the ring', async () => {
    // Position 0 is the request; response #i is at position i + 1.
    const early = unwrap(await setup.engine.invoke('calls:messages', { callId, from: 0, count: 1_000 }));
    expect(early).toMatchObject({ from: 0, total: COUNT + 1, source: 'recording' });
    expect(early.messages).toHaveLength(1_000);
    expect(early.messages[0]).toMatchObject({ direction: 'sent', index: 0 });
    expect(early.messages.slice(1).map((m) => m.index)).toEqual([...Array(999).keys()]);

    const middle = unwrap(await setup.engine.invoke('calls:messages', { callId, from: 1_501, count: 1 }));
    expect(middle.messages[0]).toMatchObject({ direction: 'received', index: 1_500 });
    expect(JSON.parse(middle.messages[0]?.json ?? '{}')).toMatchObject({ index: 1_500 });

    // Across the recording and the ring (the last 500 are in memory).
    const across = unwrap(await setup.engine.invoke('calls:messages', { callId, from: COUNT + 1 - RETAIN - 10, count: 20 }));
    expect(across.source).toBe('memory_and_recording');
    expect(across.messages.map((m) => m.index)).toEqual([...Array(20).keys()].map((i) => COUNT - RETAIN - 10 + i));

    const tail = unwrap(await setup.engine.invoke('calls:messages', { callId, from: COUNT - 5, count: 100 }));
    expect(tail).toMatchObject({ source: 'memory' });
    expect(tail.messages.map((m) => m.index)).toEqual([COUNT - 6, COUNT - 5, COUNT - 4, COUNT - 3, COUNT - 2, COUNT - 1]);
    expect(unwrap(await setup.engine.invoke('calls:messages', { callId, from: COUNT + 1, count: 10 })).messages).toEqual([]);
  });

  it('saveStream answers how many of how many, complete when the recording kept up', async () => {
    const out = join(dataDir, 'saved.ndjson');
    expect(unwrap(await setup.engine.invoke('calls:saveStream', { callId, path: out }))).toEqual({ path: out, messages: COUNT + 1, total: COUNT + 1, complete: true, incompleteReason: null });
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(COUNT + 1);
  });

  it('a failed save leaves nothing half-written under the chosen name or beside it', async () => {
    const folder = await mkdtemp(join(dataDir, 'target-'));
    const result = await setup.engine.invoke('calls:saveStream', { callId, path: folder });
    expect(!result.ok && result.error.code).toBe('IO');
    expect(await readdir(dataDir)).not.toContainEqual(expect.stringMatching(/\.tmp$/));
  });
});

describe('a recording that cannot be written', () => {
  it('saveStream writes the retained messages and says it is incomplete, and why; skipped ranges are NOT_FOUND with the reason', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'gw-ranges-nodisk-'));
    writeFileSync(join(dataDir, 'streams'), 'a file where the recordings folder should be');
    const setup = await engineWithDemo(dataDir);
    try {
      const callId = await setup.run('CountUp', '{"count": 1000, "intervalMs": 0}');
      const out = join(dataDir, 'saved.ndjson');
      const saved = unwrap(await setup.engine.invoke('calls:saveStream', { callId, path: out }));
      expect(saved).toMatchObject({ path: out, messages: RETAIN, total: 1_001, complete: false });
      expect(saved.incompleteReason).toMatch(/^the recording could not be written \(.*(streams is a file, not a folder|ENOTDIR).*\)$/);
      const lost = await setup.engine.invoke('calls:messages', { callId, from: 10, count: 5 });
      expect(!lost.ok && lost.error.code).toBe('NOT_FOUND');
      expect(!lost.ok && lost.error.message).toMatch(/^Messages 11–15 of this call are no longer kept: the engine keeps the last 500 in memory, and the recording could not be written/);
    } finally {
      await setup.engine.dispose();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 30_000);
});

describe('calls a page shows', () => {
  it('are kept beyond the last 8 finished calls; unshown ones are forgotten oldest first', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'gw-ranges-shown-'));
    const setup = await engineWithDemo(dataDir);
    try {
      const shown = await setup.run('Echo', '{"message":"keep me"}');
      const notShown = await setup.run('Echo', '{"message":"forget me"}');
      unwrap(await setup.engine.invoke('calls:shown', { pageId: 'page-1', callIds: [shown] }));
      for (let i = 0; i < 9; i++) await setup.run('Echo', `{"message":"${i}"}`);
      const kept = unwrap(await setup.engine.invoke('calls:messages', { callId: shown, from: 0, count: 2 }));
      expect(kept.messages.map((m) => m.direction)).toEqual(['sent', 'received']);
      const forgotten = await setup.engine.invoke('calls:messages', { callId: notShown, from: 0, count: 2 });
      expect(!forgotten.ok && forgotten.error.code).toBe('NOT_FOUND');
      // The page moves on: the call it showed goes too once 8 finished calls were used after it.
      unwrap(await setup.engine.invoke('calls:shown', { pageId: 'page-1', callIds: [] }));
      for (let i = 0; i < 8; i++) await setup.run('Echo', `{"message":"later ${i}"}`);
      const gone = await setup.engine.invoke('calls:messages', { callId: shown, from: 0, count: 2 });
      expect(!gone.ok && gone.error.code).toBe('NOT_FOUND');
    } finally {
      await setup.engine.dispose();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 30_000);
});
