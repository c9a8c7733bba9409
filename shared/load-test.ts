// A load test of one method: what the renderer (or the CLI) asks for, and the snapshots the
// engine sends back while it runs. The load itself runs in the engine (electron/engine/load/);
// the renderer only draws these snapshots.
import type { ConnectionSettings } from './connection';
import type { MethodRef } from './contract';
import type { MetadataEntry } from './metadata';

/** The limits of one run. null = no limit (a run with neither total nor duration runs until stopped). */
export interface LoadTestSettings {
  /** Calls in flight at once (workers). */
  concurrency: number;
  /** Stop after this many calls. */
  totalRequests: number | null;
  /** Stop starting calls after this many seconds. */
  durationS: number | null;
  /** Calls started per second, at most; null = as fast as the server answers. */
  ratePerSecond: number | null;
  /** Distinct connections (grpc-js channels) the workers share round-robin. */
  connections: number;
  /** Client and bidi streams: messages sent per stream (cycling through the request's messages). */
  messagesPerStream: number;
  /** Client and bidi streams: pause between two messages of one stream, ms. */
  messageIntervalMs: number;
}

export const LOAD_TEST_LIMITS = {
  concurrency: 10_000,
  connections: 1_000,
  totalRequests: 1_000_000_000,
  durationS: 7 * 24 * 3600,
  ratePerSecond: 1_000_000,
  messagesPerStream: 1_000_000,
  messageIntervalMs: 3_600_000,
} as const;

export function defaultLoadTestSettings(): LoadTestSettings {
  return { concurrency: 10, totalRequests: 200, durationS: null, ratePerSecond: null, connections: 1, messagesPerStream: 1, messageIntervalMs: 0 };
}

export interface StartLoadTestRequest {
  method: MethodRef;
  connection: ConnectionSettings;
  metadata: MetadataEntry[];
  /** Per call; null = none. */
  deadlineMs: number | null;
  /** The request JSON (unary, server streaming); encoded once. */
  requestJson: string | null;
  /** The messages of a client or bidi stream; each encoded once. */
  streamMessages: string[];
  settings: LoadTestSettings;
}

export interface StartLoadTestResponse {
  loadId: string;
}

/** Why a run ended: its total was reached, its duration passed, it was stopped (by the user, or its page is gone). */
export type LoadEndReason = 'total' | 'duration' | 'stopped' | 'page_gone';

/** One bar of the latency histogram: calls whose latency is at most upToMs (and above the previous bar's). */
export interface LatencyBucket {
  upToMs: number;
  count: number;
}

/** The state of a run, sent every second while it runs and once at its end. Latencies in ms. */
export interface LoadTestSnapshot {
  loadId: string;
  running: boolean;
  endReason: LoadEndReason | null;
  elapsedMs: number;
  /** Calls that ended (any status). */
  requests: number;
  /** Calls that ended with a status other than OK. */
  errors: number;
  /** Calls that ended per second since the start. */
  requestsPerSecond: number;
  /** Request messages sent: one per unary or server-streaming call, messagesPerStream per client or bidi stream (fewer when it ends early). */
  messagesSent: number;
  /** Response messages received, on every kind: a unary or client-stream call's OK answer is one. */
  messagesReceived: number;
  /** Percentiles of every ended call's latency; null before the first. */
  latencyMs: { p50: number; p90: number; p99: number; fastest: number; slowest: number; average: number } | null;
  histogram: LatencyBucket[];
  /** Calls per status code name (OK, NOT_FOUND, ...). */
  statusCounts: Record<string, number>;
  /** The first few distinct error messages, with how often each came. */
  errorCounts: Record<string, number>;
}

/** The finished run as files a user keeps: ghz's JSON report shape, and CSV. */
export interface LoadTestReport {
  ghzJson: string;
  csv: string;
}
