import type { CallAttempt } from '../../../../shared/call-events';
import { statusCodeName } from '../../../../shared/call-events';

/** One attempt of a call (a retry or hedge = its own HTTP/2 stream), named for the UI. */
export interface AttemptBar {
  number: number;
  startMs: number;
  endMs: number;
  /** The grpc-status name, or "no status" (reset, or a hedge cancelled once another won). */
  status: string;
}

export function attemptBars(attempts: readonly CallAttempt[] | undefined): AttemptBar[] {
  return (attempts ?? []).map((a, i) => ({ number: i + 1, startMs: a.startMs, endMs: a.endMs, status: a.code === null ? 'no status' : statusCodeName(a.code) }));
}

/** The Timing table's `Attempts` value: "3 · UNAVAILABLE, UNAVAILABLE, OK". */
export function attemptsSummary(bars: readonly AttemptBar[]): string {
  if (bars.length === 0) return '—';
  return `${bars.length} · ${bars.map((b) => b.status).join(', ')}`;
}
