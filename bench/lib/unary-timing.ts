import { performance } from 'node:perf_hooks';

export interface UnaryInput {
  address: string;
  protoFile: string;
  protosDir: string;
  calls: number;
  runs: number;
  warmupCalls: number;
  /** A run stops early (with fewer calls) once it has taken this long. */
  runBudgetMs: number;
  dataDir?: string;
  /** ws worker only: the web host to talk to. */
  origin?: string;
  token?: string;
}
export interface UnaryRun {
  /** Each call's latency in ms, in call order. */
  latencies: number[];
  cutShort: boolean;
}
export interface UnaryOutput {
  runs: UnaryRun[];
}

export async function timeCalls(input: UnaryInput, callOnce: (i: number) => Promise<void>): Promise<UnaryOutput> {
  for (let i = 0; i < input.warmupCalls; i++) await callOnce(i);
  const runs: UnaryRun[] = [];
  for (let r = 0; r < input.runs; r++) {
    const latencies: number[] = [];
    const runStart = performance.now();
    let cutShort = false;
    for (let i = 0; i < input.calls; i++) {
      if (performance.now() - runStart > input.runBudgetMs) {
        cutShort = true;
        break;
      }
      const t = performance.now();
      await callOnce(i);
      latencies.push(performance.now() - t);
    }
    runs.push({ latencies, cutShort });
  }
  return { runs };
}
