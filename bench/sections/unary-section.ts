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

function rows(what: string, ours: Measured, baseline: Measured, p50Target: Target, extra: string): Row[] {
  const failure = ours.failure ?? baseline.failure;
  const note = (p: string) => (failure ? `not measured: ${failure}` : [p, callsNote(ours), extra].filter(Boolean).join('; '));
  return [
    { section: 'unary', what: `3 Unary Echo p50: ${what}`, unit: 'ms', ours: failure ? null : percentileFigure(ours, 50), baseline: percentileFigure(baseline, 50), baselineName: 'grpc-js + proto-loader client', target: p50Target, note: note('') },
    { section: 'unary', what: `3 Unary Echo p99: ${what}`, unit: 'ms', ours: failure ? null : percentileFigure(ours, 99), baseline: percentileFigure(baseline, 99), baselineName: 'grpc-js + proto-loader client', target: { kind: 'report' }, note: note('') },
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
        ...rows('engine facade (calls:start → `ended` event)', engine, baseline, { kind: 'ratio-at-most', value: 1.2 }, ''),
        ...rows('browser shell (WebSocket to the web host, Node ws client)', socket, baseline, { kind: 'baseline-plus-at-most', value: 2 }, shell ? `web host from ${shell.from}` : ''),
      ];
    } finally {
      await shell?.stop();
      await demo.stop();
    }
  },
};
