// Baseline unary latency: a grpc-js client with proto-loader (de)serializers calls Echo
// sequentially; each call is timed from the call to its callback.
import { credentials, Client } from '@grpc/grpc-js';
import { loadSync, type MethodDefinition } from '@grpc/proto-loader';
import { timeCalls, type UnaryInput, type UnaryOutput } from '../lib/unary-timing';
import { runWorkerMain, workerInput } from '../lib/workers';

runWorkerMain(__filename, async (): Promise<UnaryOutput> => {
  const input = workerInput<UnaryInput>();
  const definition = loadSync(input.protoFile, { includeDirs: [input.protosDir], keepCase: true, longs: String, enums: String, defaults: true, oneofs: true });
  const method = (definition['demo.v1.DemoService'] as Record<string, MethodDefinition<object, object>>).Echo as MethodDefinition<object, object>;
  const client = new Client(input.address, credentials.createInsecure());
  const callOnce = (i: number) =>
    new Promise<void>((resolve, reject) => {
      client.makeUnaryRequest(method.path, method.requestSerialize, method.responseDeserialize, { message: `hello ${i}` }, (error) => (error ? reject(error) : resolve()));
    });
  const output = await timeCalls(input, callOnce);
  client.close();
  return output;
});
