// Unary latency through the engine facade: calls:start until the call's `ended` event arrives
// through onEvents, as a shell sees it.
import { createWorkbenchEngine } from '../../electron/engine/workbench-engine';
import type { ProtoSetId } from '../../shared/ids';
import { ContractCaller } from '../lib/engine-client';
import { runWorkerMain, workerInput } from '../lib/workers';
import { timeCalls, type UnaryInput, type UnaryOutput } from '../lib/unary-timing';

runWorkerMain(__filename, async (): Promise<UnaryOutput> => {
  const input = workerInput<UnaryInput>();
  if (!input.dataDir) throw new Error('unary-engine needs dataDir');
  const engine = createWorkbenchEngine({ dataDir: input.dataDir, shell: 'browser' });
  const caller = new ContractCaller(engine);
  const protoSetId = (await caller.compileDemo(input.protoFile, input.protosDir)) as ProtoSetId;
  const method = { protoSetId, service: 'demo.v1.DemoService', method: 'Echo' };
  const output = await timeCalls(input, async (i) => {
    const outcome = await caller.call(method, input.address, JSON.stringify({ message: `hello ${i}` }), 10_000);
    if (outcome.statusCode !== 'OK') throw new Error(`Echo ended with ${outcome.statusCode}${outcome.cut ? ' (no end within 10 s)' : ''}`);
  });
  await engine.dispose();
  return output;
});
