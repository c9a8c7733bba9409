import { Server, ServerCredentials, type ServiceDefinition, type UntypedServiceImplementation } from '@grpc/grpc-js';
import type { PackageDefinition } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { fromBinary, toBinary, type DescMethod, type DescService, type FileRegistry } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema, FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { HealthImplementation } from 'grpc-health-check';
import { HEALTH_DESCRIPTOR_SET_BASE64 } from '../health/health-descriptors';
import type { CompiledRule } from './compiled-rules';
import { ruleKey } from './compiled-rules';
import { mockHandler } from './mock-handlers';
import type { MockMethodCodec } from './mock-method-codec';
import type { MockRequestLog } from './mock-request-log';

/** Served by the mock itself; a proto set that defines them gets the real ones, not a mock of them. */
const BUILT_IN_SERVICES = new Set(['grpc.health.v1.Health', 'grpc.reflection.v1.ServerReflection', 'grpc.reflection.v1alpha.ServerReflection']);
const SHUTDOWN_GRACE_MS = 500;

export interface MockServerOptions {
  registry: FileRegistry;
  /** 0 = any free port. */
  port: number;
  methods: ReadonlyMap<string, { method: DescMethod; codec: MockMethodCodec }>;
  rule(key: string): CompiledRule;
  log: MockRequestLog;
}

export interface RunningMockServer {
  address: string;
  port: number;
  services: string[];
  stop(): Promise<void>;
}

/** The services a mock of `registry` answers: every service it defines but the built-in ones. */
export function mockedServices(registry: FileRegistry): DescService[] {
  const services: DescService[] = [];
  for (const type of registry) if (type.kind === 'service' && !BUILT_IN_SERVICES.has(type.typeName)) services.push(type);
  return services.sort((a, b) => a.typeName.localeCompare(b.typeName));
}

/**
 * A grpc-js server on 127.0.0.1 answering every method of the proto set with raw bytes (identity
 * serializers; the codec is ours), plus server reflection v1 and v1alpha over the same
 * descriptors and grpc.health.v1 (SERVING for "" and every mocked service).
 */
export async function startMockServer(options: MockServerOptions): Promise<RunningMockServer> {
  const stopping = new AbortController();
  const server = new Server();
  const services = mockedServices(options.registry);
  for (const service of services) {
    const definition: Record<string, ServiceDefinition[string]> = {};
    const implementation: UntypedServiceImplementation = {};
    for (const method of service.methods) {
      const entry = options.methods.get(ruleKey(method));
      if (!entry) continue;
      definition[method.name] = {
        path: `/${service.typeName}/${method.name}`,
        requestStream: method.methodKind === 'client_streaming' || method.methodKind === 'bidi_streaming',
        responseStream: method.methodKind === 'server_streaming' || method.methodKind === 'bidi_streaming',
        requestSerialize: (bytes: Buffer) => bytes,
        requestDeserialize: (bytes: Buffer) => bytes,
        responseSerialize: (bytes: Buffer) => bytes,
        responseDeserialize: (bytes: Buffer) => bytes,
        originalName: method.name,
      };
      const key = ruleKey(method);
      implementation[method.name] = mockHandler({ method, codec: entry.codec, rule: () => options.rule(key), log: options.log, serverSignal: stopping.signal });
    }
    server.addService(definition, implementation);
  }
  new ReflectionService(reflectionPackage(options.registry)).addToServer(server);
  new HealthImplementation(Object.fromEntries([['', 'SERVING'], ...services.map((s) => [s.typeName, 'SERVING'])])).addToServer(server);

  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`127.0.0.1:${options.port}`, ServerCredentials.createInsecure(), (error, bound) => {
      if (error) {
        stopping.abort();
        reject(new Error(`The mock server could not listen on 127.0.0.1:${options.port}: ${error.message}. Choose another port, or leave it empty for any free one.`));
      } else resolve(bound);
    });
  });
  let stopped: Promise<void> | null = null;
  return {
    address: `127.0.0.1:${port}`,
    port,
    services: services.map((s) => s.typeName),
    stop: () => (stopped ??= shutDown(server, stopping)),
  };
}

/**
 * @grpc/reflection reads the descriptors from a proto-loader package definition: every file of
 * the proto set, serialized, under one entry, is what it indexes; plus grpc/health/v1 (the
 * embedded descriptors the health client uses), so `list` shows the health service it serves.
 */
function reflectionPackage(registry: FileRegistry): PackageDefinition {
  const files = [...registry.files].map((file) => file.proto);
  const names = new Set(files.map((file) => file.name));
  const health = fromBinary(FileDescriptorSetSchema, Buffer.from(HEALTH_DESCRIPTOR_SET_BASE64, 'base64'));
  for (const file of health.file) if (!names.has(file.name)) files.push(file);
  const fileDescriptorProtos = files.map((file) => Buffer.from(toBinary(FileDescriptorProtoSchema, file)));
  return { 'grpc_workbench.mock.files': { format: 'Protocol Buffer 3 EnumDescriptorProto', type: {}, fileDescriptorProtos } };
}

async function shutDown(server: Server, stopping: AbortController): Promise<void> {
  // Waits end first, so a handler sleeping on a latency does not hold the graceful shutdown.
  stopping.abort();
  await new Promise<void>((resolve) => {
    const force = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, SHUTDOWN_GRACE_MS);
    server.tryShutdown(() => {
      clearTimeout(force);
      resolve();
    });
  });
}
