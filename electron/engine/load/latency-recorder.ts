import { Int32Histogram } from 'hdr-histogram-js';
import RecordedValuesIterator from 'hdr-histogram-js/dist/RecordedValuesIterator';
import type { LoadTestSnapshot } from '../../../shared/load-test';

/** Latencies are recorded in microseconds: 1 µs up to one hour, 3 significant digits (0.1 %). */
const LOWEST_US = 1;
const HIGHEST_US = 3_600_000_000;
const SIGNIFICANT_DIGITS = 3;
/** Bars of the live histogram. */
const HISTOGRAM_BARS = 20;
/** Per-call details kept for the ghz report (ghz keeps up to 1,000,000; memory stays bounded here). */
export const MAX_DETAILS = 100_000;
/** Distinct error messages counted; later ones are counted under the last key. */
const MAX_ERROR_KINDS = 20;

export interface CallDetail {
  /** Epoch ms when the call started. */
  startedAt: number;
  latencyUs: number;
  status: string;
  error: string;
}

/**
 * Every ended call of one run: an HdrHistogram of latencies (so percentiles cost the same at
 * 100 calls or 100 million), counts per status and per error message, and the first
 * MAX_DETAILS calls one by one for the ghz report.
 */
export class LatencyRecorder {
  readonly all = new Int32Histogram(LOWEST_US, HIGHEST_US, SIGNIFICANT_DIGITS);
  /** OK calls only: ghz's fastest, slowest, histogram and distribution are of successful calls. */
  readonly ok = new Int32Histogram(LOWEST_US, HIGHEST_US, SIGNIFICANT_DIGITS);
  readonly statusCounts: Record<string, number> = {};
  readonly errorCounts: Record<string, number> = {};
  readonly details: CallDetail[] = [];
  requests = 0;
  errors = 0;
  totalLatencyUs = 0;

  constructor() {
    this.all.autoResize = true;
    this.ok.autoResize = true;
  }

  record(startedAt: number, latencyUs: number, status: string, error: string): void {
    const value = Math.min(HIGHEST_US, Math.max(LOWEST_US, Math.round(latencyUs)));
    this.requests++;
    this.totalLatencyUs += latencyUs;
    this.all.recordValue(value);
    this.statusCounts[status] = (this.statusCounts[status] ?? 0) + 1;
    if (status === 'OK') this.ok.recordValue(value);
    else {
      this.errors++;
      const kinds = Object.keys(this.errorCounts);
      const key = error in this.errorCounts || kinds.length < MAX_ERROR_KINDS ? error : (kinds[kinds.length - 1] ?? error);
      this.errorCounts[key] = (this.errorCounts[key] ?? 0) + 1;
    }
    if (this.details.length < MAX_DETAILS) this.details.push({ startedAt, latencyUs, status, error });
  }

  /** The live view: percentiles over every call, the histogram over its range. */
  snapshot(): Pick<LoadTestSnapshot, 'requests' | 'errors' | 'latencyMs' | 'histogram' | 'statusCounts' | 'errorCounts'> {
    const h = this.all;
    const latencyMs =
      h.totalCount === 0
        ? null
        : {
            p50: h.getValueAtPercentile(50) / 1000,
            p90: h.getValueAtPercentile(90) / 1000,
            p99: h.getValueAtPercentile(99) / 1000,
            fastest: h.minNonZeroValue / 1000,
            slowest: h.maxValue / 1000,
            average: this.totalLatencyUs / this.requests / 1000,
          };
    return {
      requests: this.requests,
      errors: this.errors,
      latencyMs,
      histogram: latencyBuckets(h, HISTOGRAM_BARS).map((b) => ({ upToMs: b.upToUs / 1000, count: b.count })),
      statusCounts: { ...this.statusCounts },
      errorCounts: { ...this.errorCounts },
    };
  }

  destroy(): void {
    this.all.destroy();
    this.ok.destroy();
  }
}

/**
 * `bars` equal-width buckets from the fastest to the slowest value (as ghz draws its histogram);
 * a value belongs to the first bucket whose upper mark is at or above it.
 */
export function latencyBuckets(histogram: Int32Histogram, bars: number): { upToUs: number; count: number }[] {
  if (histogram.totalCount === 0) return [];
  const fastest = histogram.minNonZeroValue;
  const slowest = histogram.maxValue;
  const width = (slowest - fastest) / bars;
  const marks = Array.from({ length: bars + 1 }, (_, i) => (i === bars ? slowest : fastest + width * i));
  const counts = marks.map(() => 0);
  const values = new RecordedValuesIterator(histogram);
  let bucket = 0;
  while (values.hasNext()) {
    const step = values.next();
    const value = histogram.highestEquivalentValue(step.valueIteratedTo);
    while (bucket < marks.length - 1 && value > (marks[bucket] ?? 0)) bucket++;
    counts[bucket] = (counts[bucket] ?? 0) + step.countAtValueIteratedTo;
  }
  return marks.map((upToUs, i) => ({ upToUs, count: counts[i] ?? 0 }));
}
