// Our stream client: the engine facade decodes every CountUp message to JSON and hands the
// events over in batches (calls:start + onEvents until `ended`), as both shells receive them.
import { performance } from 'node:perf_hooks';
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
    const startedAt = performance.now();
    const outcome = await caller.call(method, input.address, JSON.stringify({ count, payloadBytes: input.payloadBytes }), input.runTimeoutMs);
    const ms = performance.now() - startedAt;
    if (outcome.statusCode !== 'OK' && !outcome.cut) throw new Error(`CountUp ended with ${outcome.statusCode}`);
    return { ms, messages: outcome.received, bytes: outcome.timing.bytesReceived, forwarded: outcome.forwarded, cut: outcome.cut };
  };

  await stream(input.warmupCount);
  const runs: StreamRun[] = [];
  for (let i = 0; i < input.runs; i++) runs.push(await stream(input.count));
  await engine.dispose();
  return { runs };
});
