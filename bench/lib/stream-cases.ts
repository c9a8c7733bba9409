import type { Row, Target } from './report';
import { summarize, type Figure } from './stats';
import type { StreamRun } from './stream-types';

/** The two stream shapes of the throughput benchmark. */
export interface StreamCase {
  key: 'small' | 'large';
  label: string;
  count: number;
  payloadBytes: number;
  warmupCount: number;
  runs: number;
  /** A run is cancelled after this long (its rate counts what arrived until then). */
  cutoffMs: number;
  /** Small messages are judged by msg/s, large ones by MB/s. */
  unit: 'msg/s' | 'MB/s';
}

export const STREAM_CASES: StreamCase[] = [
  { key: 'small', label: '100,000 small messages', count: 100_000, payloadBytes: 0, warmupCount: 5_000, runs: 3, cutoffMs: 30_000, unit: 'msg/s' },
  { key: 'large', label: '200 × 1 MiB messages', count: 200, payloadBytes: 1024 * 1024, warmupCount: 5, runs: 3, cutoffMs: 8_000, unit: 'MB/s' },
];

/** The memory row (point 4): one long stream of small messages through the engine facade. */
export const LONG_STREAM_CASE: StreamCase = { key: 'small', label: '1,000,000-message stream', count: 1_000_000, payloadBytes: 0, warmupCount: 5_000, runs: 1, cutoffMs: 90_000, unit: 'msg/s' };

export function messagesPerSecond(run: { ms: number; messages: number }): number {
  return run.messages / (run.ms / 1000);
}

/** Decimal megabytes (10^6 bytes) per second of protobuf wire bytes. */
export function megabytesPerSecond(run: { ms: number; bytes: number }): number {
  return run.bytes / 1e6 / (run.ms / 1000);
}

export function rateFigure(runs: StreamRun[], unit: StreamCase['unit']): Figure | null {
  if (runs.length === 0) return null;
  return summarize(runs.map((r) => (unit === 'msg/s' ? messagesPerSecond(r) : megabytesPerSecond(r))));
}

/** The other unit, for the notes: "≈ 12.3 MB/s" beside msg/s and the reverse. */
export function secondaryRate(runs: StreamRun[], unit: StreamCase['unit']): string {
  if (runs.length === 0) return '';
  const other = summarize(runs.map((r) => (unit === 'msg/s' ? megabytesPerSecond(r) : messagesPerSecond(r))));
  return unit === 'msg/s' ? `${other.median.toFixed(1)} MB/s` : `${other.median.toFixed(1)} msg/s`;
}

export function cutNote(runs: StreamRun[], c: StreamCase): string {
  const cut = runs.filter((r) => r.cut);
  if (cut.length === 0) return '';
  const got = cut.map((r) => r.messages).join(', ');
  return `${cut.length} of ${runs.length} runs cut at ${c.cutoffMs / 1000} s (messages by then: ${got}), rate over what arrived`;
}

export function streamRow(args: {
  section: string;
  what: string;
  c: StreamCase;
  ours: StreamRun[];
  baseline: StreamRun[];
  target: Target;
  failure: string | null;
  extraNote?: string;
}): Row {
  const { c } = args;
  const notes = args.failure
    ? [`not measured: ${args.failure}`]
    : [secondaryRate(args.ours, c.unit) && `ours ≈ ${secondaryRate(args.ours, c.unit)}`, cutNote(args.ours, c), args.extraNote ?? ''];
  return {
    section: args.section,
    what: args.what,
    unit: c.unit,
    ours: args.failure ? null : rateFigure(args.ours, c.unit),
    baseline: rateFigure(args.baseline, c.unit),
    baselineName: 'grpc-js + proto-loader client',
    target: args.target,
    note: notes.filter(Boolean).join('; '),
  };
}
