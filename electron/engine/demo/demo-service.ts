import type { ServiceDefinition, UntypedServiceImplementation, handleUnaryCall } from '@grpc/grpc-js';
import type * as protoLoader from '@grpc/proto-loader';
import { whoami } from './demo-auth';
import { createFlakyHandler } from './flaky-handler';
import { chat, createCountUpHandler, sum } from './streaming-handlers';
import { createSlowHandler, echo, fail, large } from './unary-handlers';

/**
 * DemoService's definition and handlers. Describe skips (de)serialization: it answers the
 * exact bytes it received, so the app's JSON mapping is what the user sees come back, not
 * a round trip through protobufjs.
 */
export function createDemoService(demoService: protoLoader.ServiceDefinition, serverSignal: AbortSignal): {
  definition: ServiceDefinition;
  implementation: UntypedServiceImplementation;
} {
  const describeMethod = demoService['Describe'];
  if (!describeMethod) throw new Error('demo.proto has no DemoService.Describe method.');
  const identity = (bytes: Buffer): Buffer => bytes;
  const definition: ServiceDefinition = {
    ...demoService,
    Describe: { ...describeMethod, requestDeserialize: identity, responseSerialize: identity },
  };
  const describe: handleUnaryCall<Buffer, Buffer> = (call, callback) => callback(null, call.request);
  const implementation: UntypedServiceImplementation = {
    Echo: echo,
    CountUp: createCountUpHandler(serverSignal),
    Sum: sum,
    Chat: chat,
    Fail: fail,
    Slow: createSlowHandler(serverSignal),
    Large: large,
    Describe: describe,
    Whoami: whoami,
    OldEcho: echo,
    Flaky: createFlakyHandler(),
  };
  return { definition, implementation };
}
