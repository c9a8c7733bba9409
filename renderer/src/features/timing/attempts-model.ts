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

/** Where a bar's status text goes: x, anchor, and whether it sits on the bar (needs its own colour). */
export interface AttemptLabelPlace {
  x: number;
  anchor: 'start' | 'end';
  inside: boolean;
}

/**
 * The status text of a bar from x1 to x1 + width, in a plot ending at plotRight, for text about
 * textWidth wide: right of the bar when it fits there, else inside the bar's end when the bar is
 * wide enough, else left of the bar. Never on top of the bar's edge (the text was drawn over the
 * bar in the muted text colour when a late attempt reached the plot's end, and could not be read).
 */
export function placeAttemptLabel(x1: number, width: number, plotRight: number, textWidth: number): AttemptLabelPlace {
  const gap = 6;
  if (x1 + width + gap + textWidth <= plotRight) return { x: x1 + width + gap, anchor: 'start', inside: false };
  if (width >= textWidth + 2 * gap) return { x: x1 + width - gap, anchor: 'end', inside: true };
  return { x: x1 - gap, anchor: 'end', inside: false };
}
