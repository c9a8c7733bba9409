/** What a load-generator worker (bench/workers/load-*.ts) is asked for and answers. */
export interface LoadInput {
  address: string;
  protoFile: string;
  protosDir: string;
  concurrency: number;
  /** A short unmeasured run first, so both sides are warm (JIT, connection). */
  warmupS: number;
  /** The measured run: calls start until this has passed; calls in flight then finish and count. */
  durationS: number;
  dataDir?: string;
}
export interface LoadOutput {
  /** Calls that ended, per second from the first call's start to the last call's end. */
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
  /** The client process's CPU time (user + system) over the measured run, per call: what the generator costs, whatever else the machine runs. */
  cpuUsPerCall: number;
}

/** The request both sides send: Echo with this message, encoded once. */
export const LOAD_MESSAGE = 'load';
