// Our stream client: the engine facade decodes every CountUp message to JSON and hands the
// events over in batches (calls:start + onEvents until `ended`), as both shells receive them.
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createWorkbenchEngine } from '../../electron/engine/workbench-engine';
import type { ProtoSetId } from '../../shared/ids';
import { ContractCaller } from '../lib/engine-client';
import { runWorkerMain, workerInput } from '../lib/workers';
import type { StreamInput, StreamOutput, StreamRun } from '../lib/stream-types';

runWorkerMain(__filename, async (): Promise<StreamOutput> => {
  const input = workerInput<StreamInput>();
  if (!input.dataDir) throw new Error('stream-engine needs dataDir');
  const engine = createWorkbenchEngine({ dataDir: input.dataDir, shell: 'browser' });
  const caller = new ContractCaller(engine);
  const protoSetId = (await caller.compileDemo(input.protoFile, input.protosDir)) as ProtoSetId;
  const method = { protoSetId, service: 'demo.v1.DemoService', method: 'CountUp' };

  const stream = async (count: number): Promise<StreamRun> => {
    collectGarbage();
    const rssBefore = process.memoryUsage.rss();
    // The engine's per-message work runs on this thread, as it does in the Electron main process
    // and the web host: its event-loop delay is what windows, menus and IPC would wait.
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const startedAt = performance.now();
    const outcome = await caller.call(method, input.address, JSON.stringify({ count, payloadBytes: input.payloadBytes }), input.runTimeoutMs);
    const ms = performance.now() - startedAt;
    loopDelay.disable();
    collectGarbage();
    const rssGrowthMb = (process.memoryUsage.rss() - rssBefore) / 1e6;
    if (outcome.statusCode !== 'OK' && !outcome.cut) throw new Error(`CountUp ended with ${outcome.statusCode}`);
    const loopDelayP99Ms = loopDelay.percentile(99) / 1e6;
    return { ms, messages: outcome.received, bytes: outcome.timing.bytesReceived, forwarded: outcome.forwarded, cut: outcome.cut, loopDelayP99Ms, rssGrowthMb };
  };

  await stream(input.warmupCount);
  const runs: StreamRun[] = [];
  for (let i = 0; i < input.runs; i++) runs.push(await stream(input.count));
  await engine.dispose();
  return { runs };
});

/** A full GC when the worker runs with --expose-gc, so RSS growth is what stays, not garbage not yet collected. */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
