import { z } from 'zod';
import { parseIgnorePaths } from '../../../shared/snapshot-compare';
import { SNAPSHOT_LIMITS, type StreamSnapshot } from '../../../shared/snapshot';

/** The same value with every object's keys in sorted order, so a snapshot's text depends only on its content. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (typeof value === 'object' && value !== null) {
    const source = value as Record<string, unknown>;
    return Object.fromEntries(Object.keys(source).sort().map((key) => [key, sortedKeys(source[key])]));
  }
  return value;
}

/**
 * A snapshot file's text: two-space JSON, sorted keys, one entry per message with its index,
 * ending in a newline. Recording the same messages again gives the same bytes, so it diffs
 * well in a repository.
 */
export function snapshotFileText(snapshot: StreamSnapshot): string {
  return `${JSON.stringify(sortedKeys(snapshot), null, 2)}\n`;
}

const snapshotSchema = z.strictObject({
  version: z.literal(1),
  ignore: z.array(z.string()).max(SNAPSHOT_LIMITS.ignorePaths),
  messages: z.array(z.strictObject({ index: z.number().int().min(0), json: z.unknown() })),
});

export type SnapshotParse = { ok: true; snapshot: StreamSnapshot } | { ok: false; message: string };

/** A snapshot file read back; the message says what is wrong in it (without the file's name, which the caller adds). */
export function parseSnapshotFile(text: string): SnapshotParse {
  let raw: unknown;
  try {
    raw = JSON.parse(text) as unknown;
  } catch (e) {
    return { ok: false, message: `not valid JSON (${(e as Error).message})` };
  }
  const parsed = snapshotSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? 'the file' : issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
    return { ok: false, message: `not a snapshot: ${where}: ${issue?.message ?? 'invalid'} (expected {"version": 1, "ignore": [...], "messages": [{"index": 0, "json": {...}}, ...]})` };
  }
  const { messages, ignore } = parsed.data;
  // Entries are numbered 0, 1, 2 …: a hand edit that drops or reorders one would otherwise shift every later message.
  const misplaced = messages.findIndex((m, i) => m.index !== i);
  if (misplaced >= 0) {
    return { ok: false, message: `not a snapshot: messages[${misplaced}] has index ${messages[misplaced]?.index}, but entries must be numbered 0, 1, 2 … in order (record the snapshot again, or renumber them)` };
  }
  const patterns = parseIgnorePaths(ignore);
  if (!patterns.ok) return { ok: false, message: `not a usable snapshot: ${patterns.message}` };
  return { ok: true, snapshot: { version: 1, ignore, messages: messages.map((m) => ({ index: m.index, json: m.json ?? null })) } };
}
