// Baseline load generator: the minimal loop a developer would write with grpc-js. A Client,
// `concurrency` chains of unary Echo calls (the next starts in the callback of the last), the
// request serialized once by proto-loader and sent as bytes, latencies kept in an array.
import { performance } from 'node:perf_hooks';
import { credentials, Client } from '@grpc/grpc-js';
import { loadSync, type MethodDefinition } from '@grpc/proto-loader';
import { LOAD_MESSAGE, type LoadInput, type LoadOutput } from '../lib/load-types';
import { percentile, sortedCopy } from '../lib/stats';
import { runWorkerMain, workerInput } from '../lib/workers';

const identity = (bytes: Buffer): Buffer => bytes;

function loop(client: Client, path: string, request: Buffer, concurrency: number, durationS: number): Promise<Omit<LoadOutput, 'cpuUsPerCall'>> {
  return new Promise((resolve) => {
    const latencies: number[] = [];
    let errors = 0;
    let active = concurrency;
    const startedAt = performance.now();
    const stopAt = startedAt + durationS * 1000;
    const next = () => {
      if (performance.now() >= stopAt) {
        if (--active === 0) {
          const elapsedS = (performance.now() - startedAt) / 1000;
          const sorted = sortedCopy(latencies);
          resolve({ requestsPerSecond: latencies.length / elapsedS, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99), requests: latencies.length, errors });
        }
        return;
      }
      const t = performance.now();
      client.makeUnaryRequest(path, identity, identity, request, (error) => {
        latencies.push(performance.now() - t);
        if (error) errors++;
        next();
      });
    };
    for (let i = 0; i < concurrency; i++) next();
  });
}

runWorkerMain(__filename, async (): Promise<LoadOutput> => {
  const input = workerInput<LoadInput>();
  const definition = loadSync(input.protoFile, { includeDirs: [input.protosDir], keepCase: true });
  const method = (definition['demo.v1.DemoService'] as Record<string, MethodDefinition<object, object>>).Echo as MethodDefinition<object, object>;
  const request = method.requestSerialize({ message: LOAD_MESSAGE });
  const warmup = new Client(input.address, credentials.createInsecure());
  await loop(warmup, method.path, request, input.concurrency, input.warmupS);
  warmup.close();
  // A new client for the measured run, as each load:start opens its own connection: both sides connect inside the run.
  const cpuBefore = process.cpuUsage();
  const client = new Client(input.address, credentials.createInsecure());
  const output = await loop(client, method.path, request, input.concurrency, input.durationS);
  const cpu = process.cpuUsage(cpuBefore);
  client.close();
  return { ...output, cpuUsPerCall: (cpu.user + cpu.system) / output.requests };
});
