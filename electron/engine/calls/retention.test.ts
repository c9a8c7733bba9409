// A fast 50,000-message stream through the whole path: call registry (retention ring of
// N = 1,000) -> event batcher (at most N message events per call per batch). Memory stays
// bounded, nothing is lost from the counts, and the timing totals are exact.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CallEvent, CallTiming } from '../../../shared/call-events';
import { defaultConnectionSettings } from '../../../shared/connection';
import type { EventBatch } from '../../../shared/contract';
import { ChannelPool } from '../transport/channel-pool';
import { CallRegistry } from './call-registry';
import { EventBatcher } from './event-batcher';
import { echoCodec, echoMethod, echoStatusDecoder } from '../../../test/support/transport-codec';
import { startEchoServer, type EchoServer } from '../../../test/support/transport-server';

const N = 1_000;
const TOTAL = 50_000;

let server: EchoServer;
let pool: ChannelPool;
let registry: CallRegistry;

beforeAll(async () => {
  server = await startEchoServer();
  pool = new ChannelPool();
  registry = new CallRegistry({ pool, retainMessages: N });
});

afterAll(async () => {
  await registry.dispose();
  pool.closeAll();
  await server.close();
});

it('50,000 fast messages with N = 1,000: the last 1,000 retained, dropped counts add up, timing exact', async () => {
  const batches: EventBatch[] = [];
  const batcher = new EventBatcher({ onBatch: (b) => batches.push(b), maxMessagesPerCallPerBatch: N });
  const sizesBefore = server.responseSizes.length;
  let resolveEnded: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (resolveEnded = resolve));
  const started = registry.start({
    method: echoMethod('ServerStream'),
    codec: echoCodec(),
    statusDecoder: echoStatusDecoder,
    connection: defaultConnectionSettings(server.address),
    metadata: [],
    deadlineMs: null,
    requestJson: `{"text":"fast","repeat":${TOTAL}}`,
    options: { emitDefaults: false },
    // The engine's wiring: every call event goes to the batcher.
    sink: (envelope) => {
      batcher.push({ kind: 'call', ...envelope });
      if (envelope.event.type === 'ended') resolveEnded();
    },
  });
  if (!started.ok) throw new Error(started.error.message);
  const { callId } = started.value;
  await ended;
  batcher.dispose();

  // The registry keeps the last N messages (the request and early responses are counted, not kept).
  const retained = registry.messages(callId);
  if (!retained.ok) throw new Error(retained.error.message);
  expect(retained.value.messages).toHaveLength(N);
  expect(retained.value.total).toBe(TOTAL + 1);
  expect(retained.value.dropped).toBe(TOTAL + 1 - N);
  expect(retained.value.messages[0]).toMatchObject({ direction: 'received', index: TOTAL - N });
  expect(retained.value.messages[N - 1]).toMatchObject({ direction: 'received', index: TOTAL - 1 });

  // Across the boundary: every batch holds at most N messages of the call; forwarded + dropped = all.
  const events = batches.flatMap((b) => b.events.flatMap((e) => (e.kind === 'call' ? [e.event] : [])));
  let forwarded = 0;
  let dropped = 0;
  for (const batch of batches) {
    const messages = batch.events.filter((e) => e.kind === 'call' && e.event.type === 'message' && e.event.direction === 'received');
    expect(messages.length).toBeLessThanOrEqual(N);
    forwarded += messages.length;
  }
  for (const event of events) if (event.type === 'dropped' && event.direction === 'received') dropped += event.count;
  expect(forwarded + dropped).toBe(TOTAL);
  expect(batches.map((b) => b.seq)).toEqual(batches.map((_b, i) => i + 1));
  // Received indexes that crossed are increasing, and the last message always crosses.
  const indexes = events.filter((e): e is Extract<CallEvent, { type: 'message' }> => e.type === 'message' && e.direction === 'received').map((e) => e.index);
  expect(indexes.every((index, i) => i === 0 || index > (indexes[i - 1] ?? -1))).toBe(true);
  expect(indexes[indexes.length - 1]).toBe(TOTAL - 1);

  // Exactly one status and ended, last; the timing totals count every message and byte.
  expect(events.filter((e) => e.type === 'status')).toHaveLength(1);
  expect(events[events.length - 1]?.type).toBe('ended');
  const timing = (events[events.length - 1] as { timing: CallTiming }).timing;
  const wireSizes = server.responseSizes.slice(sizesBefore);
  expect(wireSizes).toHaveLength(TOTAL);
  expect(timing.messagesReceived).toBe(TOTAL);
  expect(timing.bytesReceived).toBe(wireSizes.reduce((sum, size) => sum + size, 0));
  expect(timing.messagesSent).toBe(1);
}, 60_000);
