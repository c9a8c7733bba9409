export interface StreamInput {
  address: string;
  protoFile: string;
  protosDir: string;
  count: number;
  payloadBytes: number;
  runs: number;
  warmupCount: number;
  /** Each run is cancelled after this long; its rate then counts what arrived until then. */
  runTimeoutMs: number;
  /** Engine only: a folder for its data. */
  dataDir?: string;
  /** Socket only: the web host to talk to. */
  origin?: string;
  token?: string;
}
export interface StreamRun {
  ms: number;
  messages: number;
  bytes: number;
  /** Engine only: how many of `messages` crossed as events (the rest were counted as dropped). */
  forwarded?: number;
  /** Engine only: p99 event-loop delay (ms) of the process hosting the engine during the run (perf_hooks.monitorEventLoopDelay). */
  loopDelayP99Ms?: number;
  /** Engine only: resident set size growth (MB, 10^6 bytes) from before the run to its end, after a GC when exposed. */
  rssGrowthMb?: number;
  /** Cancelled at runTimeoutMs before all `count` messages arrived. */
  cut: boolean;
}
export interface StreamOutput {
  runs: StreamRun[];
}
