import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { DEMO_PROTO, PROTOS_DIR, startDemoProcess } from '../lib/demo-process';
import type { Row, Target } from '../lib/report';
import { errorText, type Section } from '../lib/section';
import { percentile, sortedCopy, summarize, type Figure } from '../lib/stats';
import type { UnaryInput, UnaryOutput, UnaryRun } from '../lib/unary-timing';
import { tryStartWebShell } from '../lib/web-shell';
import { runWorker } from '../lib/workers';

const CALLS = 2_000;
const RUNS = 3;
const WARMUP_CALLS = 100;
/**
 * A run stops early past this, so a slow path cannot eat the whole bench's time: at 1 ms a
 * call 2,000 calls take 2 s; at 17 ms they would take 34 s, and a run stops near 880 calls.
 */
const RUN_BUDGET_MS = 15_000;

interface Measured {
  runs: UnaryRun[];
  failure: string | null;
}

async function measure(worker: string, input: UnaryInput): Promise<Measured> {
  try {
    const output = await runWorker<UnaryOutput>(worker, input, RUNS * (RUN_BUDGET_MS + 10_000) + 60_000);
    return { runs: output.runs, failure: null };
  } catch (error) {
    return { runs: [], failure: errorText(error) };
  }
}

function percentileFigure(m: Measured, p: number): Figure | null {
  if (m.runs.length === 0) return null;
  return summarize(m.runs.map((r) => percentile(sortedCopy(r.latencies), p)));
}

function describe(name: string, m: Measured): string {
  if (m.failure) return `${name}: failed (${m.failure})`;
  return `${name}: ${m.runs.map((r) => `${r.latencies.length} calls p50 ${percentile(sortedCopy(r.latencies), 50).toFixed(2)} p99 ${percentile(sortedCopy(r.latencies), 99).toFixed(2)} ms`).join('; ')}`;
}

function callsNote(m: Measured): string {
  const counts = m.runs.map((r) => r.latencies.length);
  const cut = m.runs.some((r) => r.cutShort);
  return `${m.runs.length} runs × ${counts.join('/')} sequential calls${cut ? ` (a run stops at ${RUN_BUDGET_MS / 1000} s)` : ''}`;
}

/**
 * Measured 2026-12-04 (engine facade vs raw grpc-js in the same minute, probes in the notes of
 * the issue-11 session): the same grpc-js client with the engine's channel options and identity
 * serializers costs nothing extra; the rest is ours, per call.
 */
const UNARY_P50_CAUSE =
  'the facade adds ~0.12-0.14 ms per call over raw grpc-js, measured by phase: ~60 µs before the request leaves (contract validation, settings to channel key, metadata, JSON to protobuf-es message to bytes and back to canonical JSON for the sent message), ~25 µs for the call wire tap (per-stream emit/write wrappers, metadata clone: what shows attempts and per-message compression), ~20 µs decoding the response to JSON with the unknown-field/Any walk, ~30 µs for the call\'s seven events through registry and batcher. Closing it needs a unary fast path: reuse the encoded request while the body text is unchanged, one combined end event, the tap\'s listeners attached once per session instead of wrapped per stream';
const UNARY_P99_CAUSE =
  'p99 is set by GC pauses and scheduling on the shared 2-core machine (the baseline\'s own p99 swings 1-5.5 ms between runs); in a CPU profile of 6,200 facade calls the garbage collector took 7 % of the time (the seven events, JSON texts and message objects per call). Closing it needs the allocation cut of the p50 fast path';

function rows(what: string, ours: Measured, baseline: Measured, p50Target: Target, p99Target: Target, extra: string, causes: { p50?: string; p99?: string } = {}): Row[] {
  const failure = ours.failure ?? baseline.failure;
  const note = (p: string) => (failure ? `not measured: ${failure}` : [p, callsNote(ours), extra].filter(Boolean).join('; '));
  return [
    { section: 'unary', what: `3 Unary Echo p50: ${what}`, unit: 'ms', ours: failure ? null : percentileFigure(ours, 50), baseline: percentileFigure(baseline, 50), baselineName: 'grpc-js + proto-loader client', target: p50Target, note: note(''), ...(causes.p50 ? { missedBecause: causes.p50 } : {}) },
    { section: 'unary', what: `3 Unary Echo p99: ${what}`, unit: 'ms', ours: failure ? null : percentileFigure(ours, 99), baseline: percentileFigure(baseline, 99), baselineName: 'grpc-js + proto-loader client', target: p99Target, note: note(''), ...(causes.p99 ? { missedBecause: causes.p99 } : {}) },
  ];
}

/**
 * Unary latency on loopback: sequential Echo calls against the demo server in its own
 * process; each client in its own process. Ours is timed from invoke to the `ended` event.
 */
export const unarySection: Section = {
  name: 'unary',
  title: 'Unary latency',
  typicalMs: 110_000,
  async run({ tmpDir, log }) {
    const demo = await startDemoProcess();
    const { shell, shellFailure } = await tryStartWebShell(tmpDir);
    try {
      const input: UnaryInput = { address: demo.address, protoFile: DEMO_PROTO, protosDir: PROTOS_DIR, calls: CALLS, runs: RUNS, warmupCalls: WARMUP_CALLS, runBudgetMs: RUN_BUDGET_MS };
      const baseline = await measure('unary-grpc-js', input);
      log(`  ${describe('grpc-js', baseline)}`);
      const engine = await measure('unary-engine', { ...input, dataDir: await mkdtemp(join(tmpDir, 'engine-')) });
      log(`  ${describe('engine', engine)}`);
      const socket: Measured = shell ? await measure('unary-socket', { ...input, origin: shell.origin, token: shell.token }) : { runs: [], failure: shellFailure };
      log(`  ${describe('web host socket', socket)}`);
      return [
        ...rows('engine facade (calls:start → `ended` event)', engine, baseline, { kind: 'ratio-at-most', value: 1.2 }, { kind: 'ratio-at-most', value: 1.5 }, '', { p50: UNARY_P50_CAUSE, p99: UNARY_P99_CAUSE }),
        ...rows('browser shell (WebSocket to the web host, Node ws client)', socket, baseline, { kind: 'baseline-plus-at-most', value: 2 }, { kind: 'report' }, shell ? `web host from ${shell.from}` : ''),
      ];
    } finally {
      await shell?.stop();
      await demo.stop();
    }
  },
};
