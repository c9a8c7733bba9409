/** Above this many messages in a direction, the waterfall draws a density strip instead of ticks. */
export const MAX_TICKS = 300;

export interface WaterfallInput {
  /** The time axis end: the call's total, or the latest event while it runs. */
  endMs: number;
  waitForConnectionMs: number | null;
  timeToHeadersMs: number | null;
  halfClosedMs: number | null;
  sentTimes: Float64Array;
  receivedTimes: Float64Array;
  /** How many real messages each kept time stands for (the samples thin out on huge streams). */
  sentWeight: number;
  receivedWeight: number;
}

export type Lane = { kind: 'ticks'; times: number[] } | { kind: 'density'; bins: number[]; max: number };

export interface WaterfallModel {
  endMs: number;
  phases: { label: string; startMs: number; endMs: number; tone: 'connect' | 'headers' }[];
  sent: Lane;
  received: Lane;
  halfClosedMs: number | null;
  axis: number[];
}

/** Everything the waterfall draws, in milliseconds; the component only scales it. Pure, tested. */
export function buildWaterfall(input: WaterfallInput, binCount: number): WaterfallModel {
  const endMs = Math.max(input.endMs, 0.001);
  const phases: WaterfallModel['phases'] = [];
  const connectEnd = input.waitForConnectionMs ?? 0;
  if (input.waitForConnectionMs !== null && input.waitForConnectionMs > 0) {
    phases.push({ label: 'Waiting for connection', startMs: 0, endMs: connectEnd, tone: 'connect' });
  }
  if (input.timeToHeadersMs !== null) {
    phases.push({ label: 'Time to headers', startMs: Math.min(connectEnd, input.timeToHeadersMs), endMs: input.timeToHeadersMs, tone: 'headers' });
  }
  return {
    endMs,
    phases,
    sent: lane(input.sentTimes, input.sentWeight, endMs, binCount),
    received: lane(input.receivedTimes, input.receivedWeight, endMs, binCount),
    halfClosedMs: input.halfClosedMs,
    axis: niceTicks(endMs, 5),
  };
}

function lane(times: Float64Array, weight: number, endMs: number, binCount: number): Lane {
  if (times.length * weight <= MAX_TICKS) return { kind: 'ticks', times: Array.from(times) };
  const bins = new Array<number>(Math.max(1, binCount)).fill(0);
  for (const t of times) {
    const i = Math.min(bins.length - 1, Math.max(0, Math.floor((t / endMs) * bins.length)));
    bins[i] = (bins[i] as number) + weight;
  }
  return { kind: 'density', bins, max: Math.max(...bins) };
}

/** Round axis marks: 0, 20, 40 ... or 0, 250, 500 ... covering [0, end]. */
export function niceTicks(end: number, target: number): number[] {
  if (end <= 0) return [0];
  const raw = end / target;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const ticks: number[] = [];
  for (let t = 0; t <= end + step * 1e-9; t += step) ticks.push(Math.round(t * 1e6) / 1e6);
  return ticks;
}
