import type { StatusCodeName } from './call-events';
import type { RequestDocument } from './request-document';

/** One recorded call. Everything in it has had known secret values redacted before it is stored. */
export interface HistoryEntryInput {
  /** Wall-clock start, epoch ms. */
  startedAt: number;
  /** "demo.v1.DemoService/Echo" */
  method: string;
  target: string;
  /** The environment's name, or '' for none. */
  environment: string;
  /** The collection folder the request came from, or '' for none. */
  collection: string;
  /** The request as sent, variables resolved, secrets redacted. */
  request: RequestDocument;
  /** The request as written, {{variables}} unresolved (so a secret is only its name): what Re-run sends again. */
  template: RequestDocument | null;
  /** The status code name ("OK", "UNAVAILABLE", ...), or '' when the call never got a status. */
  status: StatusCodeName | '';
  statusMessage: string;
  headers: { key: string; value: string }[];
  trailers: { key: string; value: string }[];
  /** Call duration in ms, or null when unknown. */
  durationMs: number | null;
  messagesSent: number;
  messagesReceived: number;
  /** The first and last few received messages as JSON text (bounded: never a whole stream). */
  firstMessages: string[];
  lastMessages: string[];
}

export interface HistoryEntry extends HistoryEntryInput {
  id: number;
}

/** What a history list shows without loading whole entries. */
export interface HistorySummary {
  id: number;
  startedAt: number;
  method: string;
  target: string;
  environment: string;
  status: StatusCodeName | '';
  durationMs: number | null;
}

export interface HistorySearchRequest {
  /** Matches method, status, target or body text; '' = everything. */
  query: string;
  limit: number;
}

/** History keeps this many calls; the oldest are dropped. */
export const HISTORY_LIMIT = 10_000;
/** Received messages kept at each end of a stream. */
export const HISTORY_EDGE_MESSAGES = 3;
/** Characters kept per recorded message or body. */
export const HISTORY_TEXT_CHARS = 64 * 1024;
