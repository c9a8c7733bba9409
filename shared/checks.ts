import type { MetadataEntry } from './metadata';

/**
 * Checks a saved request carries (stored in its file), what a call's outcome looks like to
 * them, and their results. Shared so the renderer, the collection format and the headless
 * runner read the same types.
 */

/** Which received messages a message check looks at: every one, or the nth (0-based; -1 = the last). */
export type MessageSelector = { kind: 'every' } | { kind: 'nth'; index: number };

export type JsonPathComparison =
  | { op: 'equals'; value: unknown }
  | { op: 'contains'; value: string }
  | { op: 'matches'; pattern: string }
  | { op: 'exists' }
  | { op: 'absent' };

export type RequestCheck =
  | { kind: 'status'; code: string }
  | ({ kind: 'message'; message: MessageSelector; path: string } & JsonPathComparison)
  | { kind: 'header' | 'trailer'; key: string; equals?: string }
  | { kind: 'messageCount'; op: 'equals' | 'atLeast' | 'atMost'; count: number }
  | { kind: 'duration'; underMs: number };

/** What a check sees of a finished call. */
export interface CallOutcome {
  /** gRPC status code name, e.g. "OK", "NOT_FOUND". */
  statusCode: string;
  statusMessage: string;
  headers: readonly MetadataEntry[];
  trailers: readonly MetadataEntry[];
  /** Received messages as JSON values, in order. */
  messages: readonly unknown[];
  durationMs: number;
}

export interface CheckResult {
  /** Index of the check in the request's list. */
  index: number;
  /** The check in words, e.g. `status is OK`, `every message: $.id exists`. */
  label: string;
  passed: boolean;
  /** Why it failed (or what was seen when it passed), naming the actual value. */
  detail: string;
}

/**
 * Copies one value of a response into a variable of the active environment after a call that
 * ended OK, so the next request can use it (`{{token}}`): a JSON path of a received message
 * (the first unless `messageIndex` says which, 0-based, -1 = the last), or a header or trailer.
 */
export type VariableCapture =
  | { variable: string; from: 'message'; path: string; messageIndex?: number }
  | { variable: string; from: 'header' | 'trailer'; name: string };

export type CaptureResult =
  | { variable: string; ok: true; value: string }
  | { variable: string; ok: false; message: string };
