// Baseline stream client: what a hand-written Node client does. A grpc-js client with the
// proto-loader (protobufjs) deserializer counts CountUp messages until the stream ends.
import { performance } from 'node:perf_hooks';
import { credentials, Client, type ClientReadableStream } from '@grpc/grpc-js';
import { loadSync, type MethodDefinition } from '@grpc/proto-loader';
import type { StreamInput, StreamOutput, StreamRun } from '../lib/stream-types';
import { runWorkerMain, workerInput } from '../lib/workers';

const METHOD = 'demo.v1.DemoService.CountUp';

runWorkerMain(__filename, async (): Promise<StreamOutput> => {
  const input = workerInput<StreamInput>();
  // The options grpc-node's own examples use for a generated-style client.
  const definition = loadSync(input.protoFile, { includeDirs: [input.protosDir], keepCase: true, longs: String, enums: String, defaults: true, oneofs: true });
  const service = definition['demo.v1.DemoService'] as Record<string, MethodDefinition<object, object>>;
  const method = service.CountUp as MethodDefinition<object, object>;
  if (!method) throw new Error(`${METHOD} not found`);
  const client = new Client(input.address, credentials.createInsecure(), { 'grpc.max_receive_message_length': 64 * 1024 * 1024 });

  const stream = (count: number): Promise<StreamRun> =>
    new Promise((resolve, reject) => {
      let messages = 0;
      let bytes = 0;
      const startedAt = performance.now();
      // What the generated stub does (method.responseDeserialize), plus a byte count.
      const deserialize = (buffer: Buffer) => {
        bytes += buffer.length;
        return method.responseDeserialize(buffer);
      };
      const call: ClientReadableStream<object> = client.makeServerStreamRequest(
        method.path, method.requestSerialize, deserialize, { count, payload_bytes: input.payloadBytes }, {},
      );
      let cut = false;
      const timer = setTimeout(() => {
        cut = true;
        call.cancel();
        resolve({ ms: performance.now() - startedAt, messages, bytes, cut });
      }, input.runTimeoutMs);
      call.on('data', () => {
        messages += 1;
      });
      call.on('error', (error) => {
        clearTimeout(timer);
        if (!cut) reject(error);
      });
      call.on('end', () => {
        clearTimeout(timer);
        resolve({ ms: performance.now() - startedAt, messages, bytes, cut: false });
      });
    });

  await stream(input.warmupCount);
  const runs: StreamRun[] = [];
  for (let i = 0; i < input.runs; i++) runs.push(await stream(input.count));
  client.close();
  return { runs };
});
