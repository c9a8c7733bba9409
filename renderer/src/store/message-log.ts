import type { StreamMessage } from '../../../shared/call-events';
import type { MessageRing } from '../lib/message-ring';

/**
 * Messages this page does not hold: positions from..from+count-1 of the call (see
 * shared/message-range.ts: 0-based, both directions, in the engine's order). The engine skipped
 * them in a batch, a resync left them out, or the page's ring let them go; the engine may still
 * have them (calls:messages).
 */
export interface SkippedRange {
  skipped: true;
  from: number;
  count: number;
}

/** One entry of a call's message log: a message, or a run of messages not loaded. */
export type LogEntry = StreamMessage | SkippedRange;

export function isSkipped(entry: LogEntry): entry is SkippedRange {
  return 'skipped' in entry;
}

/** Positions an entry stands for. */
export function entrySpan(entry: LogEntry): number {
  return isSkipped(entry) ? entry.count : 1;
}

/** The retained messages of a log, oldest first, without the skipped ranges. */
export function retainedMessages(ring: MessageRing<LogEntry>): StreamMessage[] {
  return ring.toArray().filter((e): e is StreamMessage => !isSkipped(e));
}

/** At most this many messages loaded back per call, beyond its ring (the page's memory stays bounded). */
export const MAX_LOADED_MESSAGES = 10_000;

/** A run of messages loaded back from the engine, at its positions. */
export interface LoadedChunk {
  from: number;
  messages: StreamMessage[];
}

/**
 * Add a loaded chunk to a call's sorted, non-overlapping list (returns a new list): overlapping
 * or touching chunks merge, and beyond MAX_LOADED_MESSAGES the chunks farthest from the new one go.
 */
export function addLoadedChunk(chunks: readonly LoadedChunk[], added: LoadedChunk, limit = MAX_LOADED_MESSAGES): LoadedChunk[] {
  if (added.messages.length === 0) return [...chunks];
  const addedEnd = added.from + added.messages.length;
  const before: LoadedChunk[] = [];
  const after: LoadedChunk[] = [];
  let merged = added;
  for (const chunk of chunks) {
    const end = chunk.from + chunk.messages.length;
    if (end < merged.from) before.push(chunk);
    else if (chunk.from > addedEnd) after.push(chunk);
    else {
      // Overlapping or touching: one chunk over the union, the newer messages winning where both have one.
      const from = Math.min(chunk.from, merged.from);
      const messages: StreamMessage[] = [];
      for (let p = from; p < Math.max(end, merged.from + merged.messages.length); p += 1) {
        const fresh = p >= merged.from && p < merged.from + merged.messages.length ? merged.messages[p - merged.from] : undefined;
        messages.push((fresh ?? chunk.messages[p - chunk.from]) as StreamMessage);
      }
      merged = { from, messages };
    }
  }
  if (merged.messages.length > limit) {
    // One run longer than the limit: keep the part around what was just loaded.
    const lead = Math.max(0, Math.floor((limit - added.messages.length) / 2));
    const start = Math.min(Math.max(added.from - lead, merged.from), merged.from + merged.messages.length - limit);
    merged = { from: start, messages: merged.messages.slice(start - merged.from, start - merged.from + limit) };
  }
  const list = [...before, merged, ...after];
  let total = list.reduce((n, c) => n + c.messages.length, 0);
  const distance = (c: LoadedChunk) => Math.abs(c.from - merged.from);
  while (total > limit && list.length > 1) {
    const first = list[0] as LoadedChunk;
    const last = list[list.length - 1] as LoadedChunk;
    const dropFirst = last === merged || (first !== merged && distance(first) >= distance(last));
    const [gone] = list.splice(dropFirst ? 0 : list.length - 1, 1);
    total -= gone?.messages.length ?? 0;
  }
  return list;
}

/** A row of the message list: a message, or a range still not loaded. */
export type LogRow = StreamMessage | SkippedRange;

/**
 * The rows the message list shows, in position order: the messages before the ring (the ring let
 * them go) as a skipped range, then the ring's entries, with loaded chunks filling skipped ranges
 * in place. `shown` counts message rows.
 */
export function buildLogRows(ring: MessageRing<LogEntry>, nextPosition: number, loaded: readonly LoadedChunk[]): { rows: LogRow[]; shown: number } {
  const rows: LogRow[] = [];
  let shown = 0;
  let chunk = 0;
  const fill = (from: number, count: number) => {
    let cursor = from;
    const end = from + count;
    while (chunk < loaded.length && (loaded[chunk] as LoadedChunk).from + (loaded[chunk] as LoadedChunk).messages.length <= cursor) chunk += 1;
    for (let c = chunk; c < loaded.length && cursor < end; c += 1) {
      const piece = loaded[c] as LoadedChunk;
      if (piece.from >= end) break;
      if (piece.from > cursor) rows.push({ skipped: true, from: cursor, count: piece.from - cursor });
      const start = Math.max(cursor, piece.from);
      const stop = Math.min(end, piece.from + piece.messages.length);
      for (let p = start; p < stop; p += 1) rows.push(piece.messages[p - piece.from] as StreamMessage);
      shown += stop - start;
      cursor = stop;
    }
    if (cursor < end) rows.push({ skipped: true, from: cursor, count: end - cursor });
  };
  let span = 0;
  for (let i = 0; i < ring.size; i += 1) span += entrySpan(ring.get(i) as LogEntry);
  const ringStart = Math.max(0, nextPosition - span);
  if (ringStart > 0) fill(0, ringStart);
  for (let i = 0; i < ring.size; i += 1) {
    const entry = ring.get(i) as LogEntry;
    if (isSkipped(entry)) fill(entry.from, entry.count);
    else {
      rows.push(entry);
      shown += 1;
    }
  }
  return { rows, shown };
}
