// What the batcher skips reaches the page as skipped ranges at their real positions, and loading
// them from the engine (its ring, then its recording) fills them in place: after loading every
// range, the page's log is the whole stream, in order, with the real indexes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { EventBatch, WorkbenchApi } from '../../shared/contract';
import { err } from '../../shared/result';
import { CallRegistry } from '../../electron/engine/calls/call-registry';
import { EventBatcher } from '../../electron/engine/calls/event-batcher';
import { ChannelPool } from '../../electron/engine/transport/channel-pool';
import { setWorkbenchApi } from '../../renderer/src/services/api-handle';
import { loadSkippedRange } from '../../renderer/src/services/message-loading';
import { applyEventBatch } from '../../renderer/src/store/apply-event-batch';
import { useAppStore } from '../../renderer/src/store/app-store';
import { buildLogRows, isSkipped, type SkippedRange } from '../../renderer/src/store/message-log';
import { defaultConnectionSettings } from '../../shared/connection';
import { echoCodec, echoMethod, echoStatusDecoder } from '../support/transport-codec';
import { startEchoServer, type EchoServer } from '../support/transport-server';

const TOTAL = 5_000;

let server: EchoServer;
let pool: ChannelPool;
let registry: CallRegistry;
let recordDir: string;

beforeAll(async () => {
  server = await startEchoServer();
  pool = new ChannelPool();
  recordDir = mkdtempSync(join(tmpdir(), 'skipped-ranges-'));
  // The engine keeps the last 1,000 in memory; the rest is in the recording.
  registry = new CallRegistry({ pool, recordDir, retainMessages: 1_000 });
  const api: WorkbenchApi = {
    invoke: (async (channel: string, request: { callId: never; from: number; count: number }) =>
      channel === 'calls:messages' ? registry.messageRange(request.callId, request.from, request.count) : err('UNSUPPORTED', channel)) as WorkbenchApi['invoke'],
    onEvents: () => () => undefined,
  };
  setWorkbenchApi(api);
});

afterAll(async () => {
  await registry.dispose();
  pool.closeAll();
  await server.close();
  rmSync(recordDir, { recursive: true, force: true });
});

it('every skipped range loads back in place, in order, with the real indexes', async () => {
  // At most 50 messages of a call per batch: a 5,000-message stream skips most of them.
  const batcher = new EventBatcher({ onBatch: (batch: EventBatch) => useAppStore.setState((state) => applyEventBatch(state, batch)), intervalMs: 5, maxMessagesPerCallPerBatch: 50 });
  let ended: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (ended = resolve));
  const started = registry.start({
    method: echoMethod('ServerStream'),
    codec: echoCodec(),
    statusDecoder: echoStatusDecoder,
    connection: defaultConnectionSettings(server.address),
    metadata: [],
    deadlineMs: null,
    requestJson: `{"text":"fast","repeat":${TOTAL}}`,
    options: { emitDefaults: false },
    // The engine's wiring: every call event goes to the batcher, every batch to the page's store.
    sink: (envelope) => {
      batcher.push({ kind: 'call', ...envelope });
      if (envelope.event.type === 'ended') ended();
    },
  });
  if (!started.ok) throw new Error(started.error.message);
  const { callId } = started.value;
  await done;
  batcher.dispose();

  const record = () => {
    const found = useAppStore.getState().calls[callId];
    if (!found) throw new Error('the page has no record of the call');
    return found;
  };
  const skipped = () => buildLogRows(record().messages, record().nextPosition, record().loaded).rows.filter(isSkipped);
  expect(record().nextPosition).toBe(TOTAL + 1);
  expect(skipped().length).toBeGreaterThan(0);
  expect(skipped().reduce((n, r) => n + r.count, 0)).toBe(record().droppedByEngine);

  // Load every range, half from its start and half from its end, as a user scrolling both ways would.
  for (let round = 0; skipped().length > 0; round += 1) {
    if (round > 100) throw new Error('skipped ranges did not shrink');
    const range = skipped()[0] as SkippedRange;
    const loaded = await loadSkippedRange(callId, range, round % 2 === 0 ? 'start' : 'end');
    if (!loaded.ok) throw new Error(loaded.error.message);
  }
  const rows = buildLogRows(record().messages, record().nextPosition, record().loaded).rows;
  expect(rows).toHaveLength(TOTAL + 1);
  expect(rows[0]).toMatchObject({ direction: 'sent', index: 0 });
  const received = rows.slice(1).map((row) => (isSkipped(row) ? -1 : row.index));
  expect(received).toEqual([...Array(TOTAL).keys()]);
  const at1500 = rows[1_501];
  expect(at1500 && !isSkipped(at1500) && JSON.parse(at1500.json)).toMatchObject({ text: 'fast', index: 1_500 });
}, 30_000);
