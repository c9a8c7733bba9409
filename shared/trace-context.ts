import type { MetadataEntry } from './metadata';

/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/): the `traceparent` header a call
 * carries when Send trace context is on. One source for the engine (which adds it to each
 * call) and the renderer (the preview and the grpcurl export say the same thing).
 */
export const TRACEPARENT_KEY = 'traceparent';

/** The trace context a call carried, as the Timing table shows it. */
export interface CallTrace {
  /** The traceparent value sent. */
  traceparent: string;
  /** Its trace id: 32 lower-case hex digits. */
  traceId: string;
  /** 'engine': made new for this call; 'user': the traceparent typed in the metadata was sent instead. */
  source: 'engine' | 'user';
}

/** version 00, trace id, parent id, flags (01 = sampled). */
const TRACEPARENT_PATTERN = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const ALL_ZERO = /^0+$/;

function randomHex(bytes: number): string {
  const buffer = new Uint8Array(bytes);
  // All zeros is the W3C "invalid" id: draw again (one chance in 2^64 or less).
  do globalThis.crypto.getRandomValues(buffer);
  while (buffer.every((b) => b === 0));
  return Array.from(buffer, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A new traceparent: version 00, a random 16-byte trace id and 8-byte parent id, sampled (01). */
export function newTraceparent(): string {
  return `00-${randomHex(16)}-${randomHex(8)}-01`;
}

/** The trace id of a valid traceparent value, or null (wrong shape, version ff, all-zero ids). */
export function traceIdOf(traceparent: string): string | null {
  const match = TRACEPARENT_PATTERN.exec(traceparent.trim());
  if (match === null) return null;
  const [, version, traceId, parentId] = match as unknown as [string, string, string, string];
  if (version === 'ff' || ALL_ZERO.test(traceId) || ALL_ZERO.test(parentId)) return null;
  return traceId;
}

/** The traceparent the user typed in the metadata (the first one), or null. Keys are case-insensitive in gRPC. */
export function userTraceparent(metadata: readonly MetadataEntry[]): string | null {
  return metadata.find((entry) => entry.key.trim().toLowerCase() === TRACEPARENT_KEY)?.value ?? null;
}

/**
 * The metadata a call sends and the trace it carries. With `send` on, a new traceparent is added
 * unless the user typed one: theirs wins (it is sent as typed and no second one is added). A
 * typed one is reported even with `send` off, when it is a valid traceparent, since it is sent.
 */
export function withTraceContext(metadata: readonly MetadataEntry[], send: boolean): { metadata: MetadataEntry[]; trace: CallTrace | null } {
  const typed = userTraceparent(metadata);
  if (typed !== null) {
    const traceId = traceIdOf(typed);
    return { metadata: [...metadata], trace: traceId === null ? null : { traceparent: typed.trim(), traceId, source: 'user' } };
  }
  if (!send) return { metadata: [...metadata], trace: null };
  const traceparent = newTraceparent();
  return { metadata: [...metadata, { key: TRACEPARENT_KEY, value: traceparent }], trace: { traceparent, traceId: traceIdOf(traceparent) as string, source: 'engine' } };
}
