// Stream throughput through the browser shell's host without a browser: the web host (a
// separate process) decodes and batches, a Node WebSocket client counts. Splits the browser
// figure into "host and socket" and "renderer".
import { performance } from 'node:perf_hooks';
import type { ProtoSetId } from '../../shared/ids';
import { ContractCaller } from '../lib/engine-client';
import { connectSocketApi } from '../lib/socket-api';
import type { StreamInput, StreamOutput, StreamRun } from '../lib/stream-types';
import { runWorkerMain, workerInput } from '../lib/workers';

runWorkerMain(__filename, async (): Promise<StreamOutput> => {
  const input = workerInput<StreamInput>();
  if (!input.origin || !input.token) throw new Error('stream-socket needs origin and token');
  const api = await connectSocketApi(input.origin, input.token);
  const caller = new ContractCaller(api);
  const protoSetId = (await caller.compileDemo(input.protoFile, input.protosDir)) as ProtoSetId;
  const method = { protoSetId, service: 'demo.v1.DemoService', method: 'CountUp' };
  const stream = async (count: number): Promise<StreamRun> => {
    const startedAt = performance.now();
    const outcome = await caller.call(method, input.address, JSON.stringify({ count, payloadBytes: input.payloadBytes }), input.runTimeoutMs);
    if (outcome.statusCode !== 'OK' && !outcome.cut) throw new Error(`CountUp ended with ${outcome.statusCode}`);
    return { ms: performance.now() - startedAt, messages: outcome.received, bytes: outcome.timing.bytesReceived, forwarded: outcome.forwarded, cut: outcome.cut };
  };
  await stream(input.warmupCount);
  const runs: StreamRun[] = [];
  for (let i = 0; i < input.runs; i++) runs.push(await stream(input.count));
  await api.close();
  return { runs };
});
