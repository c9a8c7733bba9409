// A big message crosses to the shell as a bounded preview (its JSON cut, its full length and
// position told); the engine keeps it whole and serves it by position (calls:messages).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallEvent } from '../../../shared/call-events';
import { defaultConnectionSettings } from '../../../shared/connection';
import { ChannelPool } from '../transport/channel-pool';
import { CallRegistry } from './call-registry';
import { cutPreview, MESSAGE_PREVIEW_CHARS, toCrossingMessage } from './message-preview';
import { echoCodec, echoMethod, echoStatusDecoder } from '../../../test/support/transport-codec';
import { startEchoServer, type EchoServer } from '../../../test/support/transport-server';

describe('cutPreview', () => {
  it('keeps JSON within the budget whole and cuts longer JSON to the budget', () => {
    expect(cutPreview('{"a":1}', 7)).toBe('{"a":1}');
    expect(cutPreview('{"a":"bcdef"}', 6)).toBe('{"a":"');
  });

  it('never ends inside a surrogate pair', () => {
    const json = '{"a":"😀😀"}'; // each emoji is two UTF-16 units
    expect(cutPreview(json, 7)).toBe('{"a":"'); // the 7th unit is a high surrogate: cut before it
    expect(cutPreview(json, 8)).toBe('{"a":"😀');
  });

  it('a message over the budget crosses cut, with its full length and position; sizes stay its own', () => {
    const event: Extract<CallEvent, { type: 'message' }> = { type: 'message', direction: 'received', index: 3, timeMs: 1, bytes: 999, json: 'x'.repeat(100) };
    const crossing = toCrossingMessage(event, 7, 10);
    expect(crossing).toEqual({ ...event, json: 'x'.repeat(10), preview: { jsonChars: 100, position: 7 } });
    expect(toCrossingMessage(event, 7, 100)).toBe(event);
  });
});

describe('a big message through the call registry', () => {
  let server: EchoServer;
  let pool: ChannelPool;
  let registry: CallRegistry;

  beforeAll(async () => {
    server = await startEchoServer();
    pool = new ChannelPool();
    registry = new CallRegistry({ pool, retainMessages: 100 });
  });

  afterAll(async () => {
    await registry.dispose();
    pool.closeAll();
    await server.close();
  });

  it('crosses as a preview of MESSAGE_PREVIEW_CHARS, while calls:messages serves it whole by position', async () => {
    const text = 'y'.repeat(MESSAGE_PREVIEW_CHARS * 3);
    const events: CallEvent[] = [];
    let resolveEnded: () => void = () => undefined;
    const ended = new Promise<void>((resolve) => (resolveEnded = resolve));
    const started = registry.start({
      method: echoMethod('ServerStream'),
      codec: echoCodec(),
      statusDecoder: echoStatusDecoder,
      connection: defaultConnectionSettings(server.address),
      metadata: [],
      deadlineMs: null,
      requestJson: JSON.stringify({ text, repeat: 2 }),
      options: { emitDefaults: false },
      sink: ({ event }) => {
        events.push(event);
        if (event.type === 'ended') resolveEnded();
      },
    });
    if (!started.ok) throw new Error(started.error.message);
    const { callId } = started.value;
    await ended;

    const messages = events.filter((e): e is Extract<CallEvent, { type: 'message' }> => e.type === 'message');
    // The request (position 0) and two responses (1, 2), every one over the budget.
    expect(messages.map((m) => [m.direction, m.index, m.preview?.position])).toEqual([
      ['sent', 0, 0],
      ['received', 0, 1],
      ['received', 1, 2],
    ]);
    const received = messages[2]!;
    expect(received.json.length).toBe(MESSAGE_PREVIEW_CHARS);
    expect(received.bytes).toBeGreaterThan(text.length); // exact wire size, not the preview's
    const full = await registry.messageRange(callId, received.preview!.position, 1);
    if (!full.ok) throw new Error(full.error.message);
    const whole = full.value.messages[0]!;
    expect(whole.json.length).toBe(received.preview!.jsonChars);
    expect(whole.json.startsWith(received.json)).toBe(true);
    expect((JSON.parse(whole.json) as { text: string }).text).toBe(text);
    expect(whole.preview).toBeUndefined();

    // A page that missed events rebuilds the call from a snapshot: its messages cross as previews too.
    const snapshot = registry.snapshot(callId, 10);
    const rebuilt = snapshot.known ? snapshot.events.filter((e) => e.type === 'message') : [];
    expect(rebuilt.map((m) => (m.type === 'message' ? [m.json.length, m.preview?.position] : null))).toEqual([
      [MESSAGE_PREVIEW_CHARS, 0],
      [MESSAGE_PREVIEW_CHARS, 1],
      [MESSAGE_PREVIEW_CHARS, 2],
    ]);
  });
});
