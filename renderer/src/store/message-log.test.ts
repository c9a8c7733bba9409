import { describe, expect, it } from 'vitest';
import type { StreamMessage } from '../../../shared/call-events';
import { MessageRing } from '../lib/message-ring';
import { addLoadedChunk, buildLogRows, isSkipped, type LogEntry, type LogRow } from './message-log';

const message = (index: number): StreamMessage => ({ direction: 'received', index, timeMs: index, bytes: 1, json: `{"i":${index}}` });
const describeRows = (rows: LogRow[]) => rows.map((r) => (isSkipped(r) ? `skip ${r.from}+${r.count}` : `#${r.index}`));

describe('buildLogRows', () => {
  it('shows what the ring let go as one skipped range first, skipped entries in place, loaded chunks filling them', () => {
    const ring = new MessageRing<LogEntry>(4);
    // positions: 0..9 messages, 10..109 skipped by the engine, 110..111 messages
    for (let i = 0; i < 10; i++) ring.push(message(i));
    ring.push({ skipped: true, from: 10, count: 100 });
    ring.push(message(110));
    ring.push(message(111));
    expect(describeRows(buildLogRows(ring, 112, []).rows)).toEqual(['skip 0+9', '#9', 'skip 10+100', '#110', '#111']);
    const loaded = [
      { from: 3, messages: [message(3), message(4)] },
      { from: 50, messages: [message(50)] },
      { from: 108, messages: [message(108), message(109)] },
    ];
    const { rows, shown } = buildLogRows(ring, 112, loaded);
    expect(describeRows(rows)).toEqual(['skip 0+3', '#3', '#4', 'skip 5+4', '#9', 'skip 10+40', '#50', 'skip 51+57', '#108', '#109', '#110', '#111']);
    expect(shown).toBe(8);
  });
});

describe('addLoadedChunk', () => {
  it('merges touching and overlapping chunks and keeps them sorted', () => {
    const a = addLoadedChunk([], { from: 10, messages: [message(10), message(11)] });
    const b = addLoadedChunk(a, { from: 0, messages: [message(0)] });
    const c = addLoadedChunk(b, { from: 12, messages: [message(12)] });
    expect(c.map((chunk) => [chunk.from, chunk.messages.map((m) => m.index)])).toEqual([
      [0, [0]],
      [10, [10, 11, 12]],
    ]);
  });

  it('stays within its limit, letting the chunks farthest from the new one go', () => {
    let chunks = addLoadedChunk([], { from: 0, messages: [message(0), message(1)] }, 5);
    chunks = addLoadedChunk(chunks, { from: 100, messages: [message(100), message(101)] }, 5);
    chunks = addLoadedChunk(chunks, { from: 200, messages: [message(200), message(201)] }, 5);
    expect(chunks.map((chunk) => chunk.from)).toEqual([100, 200]);
    // One run longer than the limit keeps the part around what was just loaded.
    const long = addLoadedChunk([{ from: 0, messages: Array.from({ length: 5 }, (_, i) => message(i)) }], { from: 5, messages: [message(5), message(6)] }, 5);
    expect(long.map((chunk) => [chunk.from, chunk.messages.length])).toEqual([[2, 5]]);
  });
});
