// Unary latency through the browser shell: the web host (a separate process) over its
// WebSocket protocol, from invoke to the call's `ended` event, as the page's bridge sees it.
import type { ProtoSetId } from '../../shared/ids';
import { ContractCaller } from '../lib/engine-client';
import { connectSocketApi } from '../lib/socket-api';
import { timeCalls, type UnaryInput, type UnaryOutput } from '../lib/unary-timing';
import { runWorkerMain, workerInput } from '../lib/workers';

runWorkerMain(__filename, async (): Promise<UnaryOutput> => {
  const input = workerInput<UnaryInput>();
  if (!input.origin || !input.token) throw new Error('unary-socket needs origin and token');
  const api = await connectSocketApi(input.origin, input.token);
  const caller = new ContractCaller(api);
  const protoSetId = (await caller.compileDemo(input.protoFile, input.protosDir)) as ProtoSetId;
  const method = { protoSetId, service: 'demo.v1.DemoService', method: 'Echo' };
  const output = await timeCalls(input, async (i) => {
    const outcome = await caller.call(method, input.address, JSON.stringify({ message: `hello ${i}` }), 10_000);
    if (outcome.statusCode !== 'OK') throw new Error(`Echo ended with ${outcome.statusCode}${outcome.cut ? ' (no end within 10 s)' : ''}`);
  });
  await api.close();
  return output;
});
