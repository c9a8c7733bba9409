// Reaching every message a call still has in the engine, and saving its stream honestly.
import type { StreamMessage } from './call-events';
import type { CallId } from './ids';

/**
 * A call's messages are numbered by *position*: 0-based, in the order the engine saw them, both
 * directions together (a message's own `index` counts per direction). A page that missed
 * messages (the per-batch cap drops them from batches, its ring forgot them) asks for them by
 * position.
 */
export interface MessageRangeRequest {
  callId: CallId;
  /** Position of the first message wanted. */
  from: number;
  /** How many, at most MESSAGE_RANGE_LIMITS.messages; the answer may hold fewer (its size limit). */
  count: number;
}

/** Where the answer's messages came from: the engine's in-memory ring, the recording on disk, or both. */
export type MessageRangeSource = 'memory' | 'recording' | 'memory_and_recording';

export interface MessageRange {
  /** Position of messages[0] (the request's `from`). */
  from: number;
  /** Consecutive messages from `from`; empty when `from` is at or past the call's end so far. */
  messages: StreamMessage[];
  /** Messages of the call so far. */
  total: number;
  source: MessageRangeSource;
}

export const MESSAGE_RANGE_LIMITS = {
  /** Messages per calls:messages answer. */
  messages: 1_000,
  /** Characters of message JSON per answer (the first message is always included). */
  jsonChars: 4 * 1024 * 1024,
} as const;

/** The call ids one page (tab or window) shows: the engine keeps those calls' messages while it does. */
export interface ShownCallsRequest {
  pageId: string;
  callIds: CallId[];
}

/** What calls:saveStream wrote. */
export interface SavedStream {
  path: string;
  /** Messages written. */
  messages: number;
  /** Messages of the call so far (what a complete save holds). */
  total: number;
  /** Every message of the call so far was written. */
  complete: boolean;
  /** Why not, when incomplete (the recording hit its disk limit, could not be written, is off). */
  incompleteReason: string | null;
}
