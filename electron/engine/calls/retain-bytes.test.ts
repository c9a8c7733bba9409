// The byte budget of kept messages, with real 1 MiB messages from the demo server: one call keeps
// at most retainBytesPerCall, all calls together at most retainBytesTotal (the least recently
// used finished call's messages go first), counts stay exact, and what left memory is read back
// whole from the call's recording, or refused with the reason when there is none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallEvent } from '../../../shared/call-events';
import { defaultConnectionSettings } from '../../../shared/connection';
import type { CallId } from '../../../shared/ids';
import type { MethodCodec } from '../codec/method-codec';
import { startDemoServer, type RunningDemoServer } from '../demo/demo-server';
import { makeTempDir, removeTempDirs } from '../protos/test-fixtures/test-helpers';
import { ChannelPool } from '../transport/channel-pool';
import { CallRegistry } from './call-registry';
import { COUNT_UP, countUpCodec } from './test-fixtures/count-up';

const MIB = 1024 * 1024;
type MessageEvent = Extract<CallEvent, { type: 'message' }>;


let server: RunningDemoServer;
let pool: ChannelPool;
let codec: MethodCodec;
const registries: CallRegistry[] = [];

beforeAll(async () => {
  [codec, server] = await Promise.all([countUpCodec(), startDemoServer()]);
  pool = new ChannelPool();
});

afterAll(async () => {
  await Promise.all(registries.map((r) => r.dispose()));
  pool.closeAll();
  await server.stop();
  removeTempDirs();
});

function registryWith(options: { retainBytesPerCall: number; retainBytesTotal: number; recordDir: string | null }): CallRegistry {
  const registry = new CallRegistry({ pool, ...options });
  registries.push(registry);
  return registry;
}

async function countUp(registry: CallRegistry, count: number): Promise<{ callId: CallId; received: MessageEvent[] }> {
  const events: CallEvent[] = [];
  let resolveEnded: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (resolveEnded = resolve));
  const started = registry.start({
    method: COUNT_UP,
    codec,
    statusDecoder: () => null,
    connection: defaultConnectionSettings(server.address),
    metadata: [],
    deadlineMs: 60_000,
    requestJson: JSON.stringify({ count, payloadBytes: MIB }),
    options: { emitDefaults: false },
    sink: ({ event }) => {
      events.push(event);
      if (event.type === 'ended') resolveEnded();
    },
  });
  if (!started.ok) throw new Error(started.error.message);
  await ended;
  return { callId: started.value.callId, received: events.filter((e): e is MessageEvent => e.type === 'message' && e.direction === 'received') };
}

function kept(registry: CallRegistry, callId: CallId): { positions: number[]; total: number; dropped: number; receivedBytes: number } {
  const retained = registry.messages(callId);
  if (!retained.ok) throw new Error(retained.error.message);
  const { messages, total, dropped } = retained.value;
  expect(messages.length + dropped).toBe(total);
  const received = messages.filter((m) => m.direction === 'received');
  return { positions: messages.map((_m, i) => dropped + i), total, dropped, receivedBytes: received.reduce((sum, m) => sum + m.bytes, 0) };
}

/** Every received message by position, one read each, as a page loads them: its source and whole JSON length. */
async function readAll(registry: CallRegistry, callId: CallId, received: MessageEvent[]): Promise<string[]> {
  const sources: string[] = [];
  for (const crossed of received) {
    const position = crossed.preview?.position ?? -1;
    const range = await registry.messageRange(callId, position, 1);
    if (!range.ok) throw new Error(range.error.message);
    const [message] = range.value.messages;
    expect(message?.index).toBe(crossed.index);
    expect(message?.json.length).toBe(crossed.preview?.jsonChars);
    expect(message?.json.startsWith(crossed.json)).toBe(true);
    sources.push(range.value.source);
  }
  return sources;
}

describe('the retention byte budget', () => {
  it('bounds one call and all calls in bytes; what left memory is read whole from the recording, or refused saying why', async () => {
    const registry = registryWith({ retainBytesPerCall: 8 * MIB, retainBytesTotal: 12 * MIB, recordDir: makeTempDir('wb-retain-bytes-') });

    // 5 x 1 MiB fits one call's budget: every message stays in memory, no recording needed.
    const small = await countUp(registry, 5);
    expect(kept(registry, small.callId)).toMatchObject({ total: 6, dropped: 0, positions: [0, 1, 2, 3, 4, 5] });

    // 20 x 1 MiB: the call keeps under 8 MiB of them (the rest recorded); together with the first
    // over 12 MiB, so the finished call's oldest messages went first.
    const big = await countUp(registry, 20);
    expect(big.received).toHaveLength(20);
    const bigKept = kept(registry, big.callId);
    expect(bigKept.total).toBe(21);
    expect(bigKept.receivedBytes).toBeLessThan(8 * MIB);
    expect(bigKept.receivedBytes).toBeGreaterThan(5 * MIB);
    const smallKept = kept(registry, small.callId);
    expect(smallKept.total).toBe(6);
    expect(smallKept.dropped).toBeGreaterThan(0);
    expect(smallKept.receivedBytes + bigKept.receivedBytes).toBeLessThan(12 * MIB);

    // The running call's released messages are in its recording, whole.
    const bigSources = await readAll(registry, big.callId, big.received);
    const bigReleased = 20 - bigKept.positions.length;
    expect(bigSources).toEqual([...Array<string>(bigReleased).fill('recording'), ...Array<string>(20 - bigReleased).fill('memory')]);

    // The finished call had no recording: what it let go is refused, naming the memory budget.
    const lost = await registry.messageRange(small.callId, 1, 1);
    expect(!lost.ok && lost.error.code).toBe('NOT_FOUND');
    expect(!lost.ok && lost.error.message).toMatch(/^Messages 2–2 of this call are no longer kept: the engine keeps the last 10,000 in memory, up to 8 MiB of a call's messages and 12 MiB of all calls' \(older ones were released to stay within that\), and no recording was made\.$/);
    const saved = await registry.saveStream(small.callId, `${makeTempDir('wb-retain-save-')}/small.ndjson`);
    expect(saved.ok && saved.value).toMatchObject({ messages: smallKept.positions.length, total: 6, complete: false, incompleteReason: 'no recording was made' });

    // A third stream releases the big call's messages too (finished, least recently used): read back from its recording.
    const third = await countUp(registry, 12);
    expect(kept(registry, third.callId).total).toBe(13);
    // The small call was read last (least recently used goes first), so the big call gave first.
    const bigLater = kept(registry, big.callId);
    expect(bigLater.positions.length).toBeLessThan(bigKept.positions.length);
    const bigSourcesLater = await readAll(registry, big.callId, big.received);
    expect(bigSourcesLater.filter((s) => s === 'recording')).toHaveLength(20 - bigLater.positions.filter((p) => p > 0).length);
  }, 60_000);

  it('without a recording, a released message is refused with the memory budget named', async () => {
    const registry = registryWith({ retainBytesPerCall: 3 * MIB, retainBytesTotal: 256 * MIB, recordDir: null });
    const { callId, received } = await countUp(registry, 6);
    const state = kept(registry, callId);
    expect(state.total).toBe(7);
    expect(state.receivedBytes).toBeLessThan(3 * MIB);
    const first = await registry.messageRange(callId, received[0]?.preview?.position ?? -1, 1);
    expect(!first.ok && first.error.code).toBe('NOT_FOUND');
    expect(!first.ok && first.error.message).toMatch(
      /^Messages 2–2 of this call are no longer kept: the engine keeps the last 10,000 in memory, up to 3 MiB of a call's messages and 256 MiB of all calls' \(older ones were released to stay within that\), and recording to disk is off in this engine\.$/,
    );
    const last = await registry.messageRange(callId, received[5]?.preview?.position ?? -1, 1);
    expect(last.ok && last.value.source).toBe('memory');
  }, 60_000);
});
