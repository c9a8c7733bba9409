// A big bytes message (CountUp with payload_bytes, from the real demo server) is read as a
// preview on arrival: it crosses bounded with its exact size and full length, and its whole JSON,
// built only when asked (calls:messages, a saved stream), equals what an eager decode makes.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallEvent, StreamMessage } from '../../../shared/call-events';
import { defaultConnectionSettings } from '../../../shared/connection';
import type { MethodCodec } from '../codec/method-codec';
import { startDemoServer, type RunningDemoServer } from '../demo/demo-server';
import { makeTempDir, removeTempDirs } from '../protos/test-fixtures/test-helpers';
import { ChannelPool } from '../transport/channel-pool';
import { CallRegistry } from './call-registry';
import { COUNT_UP, countUpCodec } from './test-fixtures/count-up';
import { MESSAGE_PREVIEW_CHARS } from './message-preview';
import { readReceivedMessage } from './received-message';

const MIB = 1024 * 1024;
type MessageEvent = Extract<CallEvent, { type: 'message' }>;


let server: RunningDemoServer;
let pool: ChannelPool;
let registry: CallRegistry;
let codec: MethodCodec;
/** The wire bytes of every message the engine read on arrival (with a preview budget), in order. */
let arrived: Uint8Array[] = [];
/** The demo's codec, noting the bytes of each arrival read: what an eager decode is compared on. */
let watchingCodec: MethodCodec;

beforeAll(async () => {
  [codec, server] = await Promise.all([countUpCodec(), startDemoServer()]);
  watchingCodec = {
    ...codec,
    readResponse: (bytes, options) => {
      if (options.previewChars !== undefined) arrived.push(new Uint8Array(bytes));
      return codec.readResponse(bytes, options);
    },
  };
  pool = new ChannelPool();
  // A ring of 2 with recording on: the third message on is read back from the recording on disk.
  registry = new CallRegistry({ pool, retainMessages: 2, recordDir: makeTempDir('wb-deferred-') });
});

afterAll(async () => {
  await registry.dispose();
  pool.closeAll();
  await server.stop();
  removeTempDirs();
});

async function countUp(count: number, payloadBytes: number): Promise<{ callId: string; received: MessageEvent[] }> {
  const events: CallEvent[] = [];
  arrived = [];
  let resolveEnded: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (resolveEnded = resolve));
  const started = registry.start({
    method: COUNT_UP,
    codec: watchingCodec,
    statusDecoder: () => null,
    connection: defaultConnectionSettings(server.address),
    metadata: [],
    deadlineMs: 30_000,
    requestJson: JSON.stringify({ count, payloadBytes }),
    options: { emitDefaults: false },
    sink: ({ event }) => {
      events.push(event);
      if (event.type === 'ended') resolveEnded();
    },
  });
  if (!started.ok) throw new Error(started.error.message);
  await ended;
  const status = events.find((e) => e.type === 'status');
  expect(status?.type === 'status' ? status.status.codeName : null).toBe('OK');
  return { callId: started.value.callId, received: events.filter((e): e is MessageEvent => e.type === 'message' && e.direction === 'received') };
}

/** What the engine made of every message before previews: the whole JSON, decoded at once. */
function eager(bytes: Uint8Array): string {
  return readReceivedMessage(codec, bytes, false).shown.json;
}

describe('a 1 MiB bytes message', () => {
  it('crosses as a bounded preview with its exact size, and calls:messages serves the same JSON an eager decode makes', async () => {
    const { callId, received } = await countUp(3, MIB);
    expect(received).toHaveLength(3);
    for (const [i, message] of received.entries()) {
      expect(message.index).toBe(i);
      expect(message.json.length).toBe(MESSAGE_PREVIEW_CHARS);
      // Nothing engine-only crosses: only the shared fields of a message event.
      expect(Object.keys(message).sort()).toEqual(['bytes', 'direction', 'index', 'json', 'preview', 'timeMs', 'type', 'wire']);
      expect(message.preview?.position).toBe(i + 1); // the request is position 0
    }
    // Read back whole by position, one at a time as a page does: the first from the recording,
    // the last two from the ring (their bytes kept, decoded now).
    const sources: string[] = [];
    const whole: StreamMessage[] = [];
    for (const crossed of received) {
      const range = await registry.messageRange(callId as never, crossed.preview?.position ?? -1, 1);
      if (!range.ok) throw new Error(range.error.message);
      sources.push(range.value.source);
      whole.push(...range.value.messages);
    }
    expect(sources).toEqual(['recording', 'memory', 'memory']);
    expect(whole).toHaveLength(3);
    for (const [i, message] of whole.entries()) {
      const crossed = received[i]!;
      expect(message.preview).toBeUndefined();
      expect(message.json.length).toBe(crossed.preview?.jsonChars);
      expect(message.json.startsWith(crossed.json)).toBe(true);
      expect(message.bytes).toBe(crossed.bytes);
      const payload = (JSON.parse(message.json) as { payload: string }).payload;
      expect(Buffer.from(payload, 'base64').length).toBe(MIB);
      // The same text as the eager decode of the bytes that arrived.
      expect(message.json).toBe(eager(arrived[i]!));
    }
  });

  it('a saved stream holds every message whole, as eager decoding wrote it', async () => {
    const { callId, received } = await countUp(3, MIB);
    const path = join(makeTempDir('wb-deferred-save-'), 'stream.ndjson');
    const saved = await registry.saveStream(callId as never, path);
    if (!saved.ok) throw new Error(saved.error.message);
    expect(saved.value).toMatchObject({ messages: 4, total: 4, complete: true });
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line) as StreamMessage);
    const receivedLines = lines.filter((m) => m.direction === 'received');
    expect(receivedLines.map((m) => m.json.length)).toEqual(received.map((m) => m.preview?.jsonChars));
    for (const [i, line] of receivedLines.entries()) {
      expect(line.preview).toBeUndefined();
      expect(line.json).toBe(eager(arrived[i]!));
    }
  });

  it('a small message is decoded whole at once and crosses unchanged', async () => {
    const { received } = await countUp(2, 100);
    for (const message of received) {
      expect(message.preview).toBeUndefined();
      expect((JSON.parse(message.json) as { payload: string }).payload.length).toBe(4 * Math.ceil(100 / 3));
    }
  });
});
