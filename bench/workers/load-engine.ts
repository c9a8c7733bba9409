// Our load generator: load:start through the engine facade (as the Load test region and the
// `load` command use it), Echo at the same concurrency for the same duration; the figures are
// the run's final snapshot (requests/s over the run, p50 and p99 from its HdrHistogram).
import { defaultConnectionSettings } from '../../shared/connection';
import type { ProtoSetId } from '../../shared/ids';
import type { LoadTestSnapshot } from '../../shared/load-test';
import { createWorkbenchEngine } from '../../electron/engine/workbench-engine';
import { ContractCaller, unwrap } from '../lib/engine-client';
import { LOAD_MESSAGE, type LoadInput, type LoadOutput } from '../lib/load-types';
import { runWorkerMain, workerInput } from '../lib/workers';

runWorkerMain(__filename, async (): Promise<LoadOutput> => {
  const input = workerInput<LoadInput>();
  if (!input.dataDir) throw new Error('load-engine needs dataDir');
  const engine = createWorkbenchEngine({ dataDir: input.dataDir, shell: 'browser' });
  const protoSetId = (await new ContractCaller(engine).compileDemo(input.protoFile, input.protosDir)) as ProtoSetId;
  const ends = new Map<string, (s: LoadTestSnapshot) => void>();
  engine.onEvents((batch) => {
    for (const event of batch.events) if (event.kind === 'load' && !event.snapshot.running) ends.get(event.snapshot.loadId)?.(event.snapshot);
  });
  const run = async (durationS: number): Promise<LoadTestSnapshot> => {
    const { loadId } = unwrap(
      await engine.invoke('load:start', {
        method: { protoSetId, service: 'demo.v1.DemoService', method: 'Echo' },
        connection: defaultConnectionSettings(input.address),
        metadata: [],
        deadlineMs: null,
        requestJson: JSON.stringify({ message: LOAD_MESSAGE }),
        streamMessages: [],
        settings: { concurrency: input.concurrency, totalRequests: null, durationS, ratePerSecond: null, connections: 1, messagesPerStream: 1, messageIntervalMs: 0 },
      }),
      'load:start',
    );
    return new Promise((resolve) => ends.set(loadId, resolve));
  };
  await run(input.warmupS);
  const cpuBefore = process.cpuUsage();
  const last = await run(input.durationS);
  const cpu = process.cpuUsage(cpuBefore);
  await engine.dispose();
  if (!last.latencyMs) throw new Error('the load test made no calls');
  return { requestsPerSecond: last.requestsPerSecond, p50Ms: last.latencyMs.p50, p99Ms: last.latencyMs.p99, requests: last.requests, errors: last.errors, cpuUsPerCall: (cpu.user + cpu.system) / last.requests };
});
