import { createServer } from 'node:net';
import { dirname } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import * as protoLoader from '@grpc/proto-loader';
import { HealthImplementation, protoPath as healthProtoPath } from 'grpc-health-check';
import { create, createFileRegistry, fromBinary, fromJson, toBinary, toJson, type DescMessage, type MessageInitShape } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema } from '@bufbuild/protobuf/wkt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type RunningDemoServer } from '../demo/demo-server';
import { reflectOnPool } from '../../../test/support/reflect-on-pool';
import { startPythonPeer, type PythonPeer } from '../../../test/support/python-peer';
import { reflectFileDescriptorSet, type ReflectedDescriptors } from './reflection-client';
import {
  ServerReflectionRequestSchema,
  ServerReflectionResponseSchema,
  type ServerReflectionRequest,
  type ServerReflectionResponse,
} from './reflection-gen/grpc/reflection/v1/reflection_pb';

const insecure = grpc.credentials.createInsecure();

function reflect(address: string, metadata?: grpc.Metadata, deadline?: number): ReturnType<typeof reflectFileDescriptorSet> {
  return reflectOnPool(address, { metadata, deadline });
}

function expectOk(result: Awaited<ReturnType<typeof reflectFileDescriptorSet>>): ReflectedDescriptors {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

function requireMessage(registry: ReturnType<typeof createFileRegistry>, name: string): DescMessage {
  const message = registry.getMessage(name);
  if (!message) throw new Error(`${name} not in the registry`);
  return message;
}

async function bind(server: grpc.Server): Promise<string> {
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
  return `127.0.0.1:${port}`;
}

/** A v1-only reflection server whose answers the test scripts (null: never answer). */
async function startScriptedReflection(answer: (request: ServerReflectionRequest) => ServerReflectionResponse | null): Promise<{ address: string; server: grpc.Server }> {
  const server = new grpc.Server();
  server.addService({
    ServerReflectionInfo: {
      path: '/grpc.reflection.v1.ServerReflection/ServerReflectionInfo',
      requestStream: true,
      responseStream: true,
      requestDeserialize: (bytes: Buffer) => fromBinary(ServerReflectionRequestSchema, bytes),
      requestSerialize: (request: ServerReflectionRequest) => Buffer.from(toBinary(ServerReflectionRequestSchema, request)),
      responseSerialize: (response: ServerReflectionResponse) => Buffer.from(toBinary(ServerReflectionResponseSchema, response)),
      responseDeserialize: (bytes: Buffer) => fromBinary(ServerReflectionResponseSchema, bytes),
    },
  }, {
    ServerReflectionInfo: (call: grpc.ServerDuplexStream<ServerReflectionRequest, ServerReflectionResponse>) => {
      call.on('data', (request: ServerReflectionRequest) => {
        const response = answer(request);
        if (response) call.write(response);
      });
      call.on('end', () => call.end());
    },
  });
  return { address: await bind(server), server };
}

function reflectionResponse(messageResponse: MessageInitShape<typeof ServerReflectionResponseSchema>['messageResponse']): ServerReflectionResponse {
  return create(ServerReflectionResponseSchema, { messageResponse });
}

describe('reflection against the demo server (grpc-js, v1)', () => {
  let demo: RunningDemoServer;
  beforeAll(async () => { demo = await startDemoServer(); });
  afterAll(async () => { await demo.stop(); });

  it('returns a closed, ordered FileDescriptorSet that createFileRegistry accepts', async () => {
    const reflected = expectOk(await reflect(demo.address));
    expect(reflected.protocol).toBe('v1');
    expect(reflected.services).toEqual(['demo.v1.DemoService', 'grpc.health.v1.Health']);
    expect(reflected.warnings).toEqual([]);
    const files = reflected.fileDescriptorSet.file;
    // @grpc/reflection names files by package (protobufjs regroups them): demo_v1.proto etc.
    const demoFile = files.find((f) => f.package === 'demo.v1');
    const wktFile = files.find((f) => f.package === 'google.protobuf');
    expect(demoFile?.name).toBe('demo_v1.proto');
    expect(wktFile?.name).toBe('google_protobuf.proto');
    expect(demoFile?.dependency).toContain('google_protobuf.proto');
    expect(files.indexOf(wktFile!)).toBeLessThan(files.indexOf(demoFile!));
    expect(wktFile?.messageType.map((m) => m.name)).toEqual(expect.arrayContaining(['Timestamp', 'Duration', 'Any', 'Struct', 'Empty', 'StringValue']));

    const registry = createFileRegistry(reflected.fileDescriptorSet);
    const service = registry.getService('demo.v1.DemoService');
    expect(service?.methods.map((m) => `${m.name}:${m.methodKind}`)).toEqual([
      'Echo:unary', 'CountUp:server_streaming', 'Sum:client_streaming', 'Chat:bidi_streaming',
      'Fail:unary', 'Slow:unary', 'Large:unary', 'Describe:unary', 'Whoami:unary', 'Flaky:unary', 'OldEcho:unary',
    ]);
    expect(registry.getService('grpc.health.v1.Health')?.methods.map((m) => m.name)).toContain('Check');
    const everything = requireMessage(registry, 'demo.v1.Everything');
    expect(everything.fields.find((f) => f.name === 'big_number')?.jsonName).toBe('bigNumber');
  });

  it('the reflected descriptors encode requests the server understands (Describe round trip)', async () => {
    const registry = createFileRegistry(expectOk(await reflect(demo.address)).fileDescriptorSet);
    const everything = requireMessage(registry, 'demo.v1.Everything');
    const json = {
      name: 'all', bigNumber: '9007199254740993', color: 'COLOR_GREEN', tags: ['a', 'b'],
      counts: { x: 2 }, labelsById: { '12': 'twelve' }, nested: { label: 'n', child: { label: 'c' } },
      textChoice: 'picked', createdAt: '2024-01-02T03:04:05Z', timeout: '1.500s',
      attributes: { k: [1, 'two', null] }, nickname: 'nick', optionalCount: '7',
    };
    const request = toBinary(everything, fromJson(everything, json, { registry }));
    const client = new grpc.Client(demo.address, insecure);
    const identity = (b: Buffer): Buffer => b;
    try {
      const answer = await new Promise<Buffer>((resolve, reject) =>
        client.makeUnaryRequest('/demo.v1.DemoService/Describe', identity, identity, Buffer.from(request), (e, v) => (e || !v ? reject(e) : resolve(v))));
      expect(toJson(everything, fromBinary(everything, answer), { registry })).toEqual(json);
    } finally {
      client.close();
    }
  });
});

describe('reflection against the Python interop server (grpcio, v1alpha only)', () => {
  let python: PythonPeer;
  beforeAll(async () => { python = await startPythonPeer('interop_server.py'); });
  afterAll(async () => { await python.stop(); });

  it('falls back to v1alpha and follows dependencies file by file', async () => {
    const reflected = expectOk(await reflect(python.address));
    expect(reflected.protocol).toBe('v1alpha');
    expect(reflected.services).toEqual(['grpc.testing.TestService']);
    expect(reflected.fileDescriptorSet.file.map((f) => f.name)).toEqual([
      'grpc/testing/empty.proto', 'grpc/testing/messages.proto', 'grpc/testing/test.proto',
    ]);
    const registry = createFileRegistry(reflected.fileDescriptorSet);
    expect(registry.getService('grpc.testing.TestService')?.methods.map((m) => m.name)).toEqual([
      'EmptyCall', 'UnaryCall', 'CacheableUnaryCall', 'StreamingOutputCall', 'StreamingInputCall',
      'FullDuplexCall', 'HalfDuplexCall', 'UnimplementedCall',
    ]);
    const simpleRequest = requireMessage(registry, 'grpc.testing.SimpleRequest');
    expect(simpleRequest.fields.find((f) => f.name === 'response_size')?.jsonName).toBe('responseSize');

    // And a real call with them: UnaryCall answers response_size bytes.
    const simpleResponse = requireMessage(registry, 'grpc.testing.SimpleResponse');
    const client = new grpc.Client(python.address, insecure);
    try {
      const request = toBinary(simpleRequest, fromJson(simpleRequest, { responseSize: 7 }));
      const identity = (b: Buffer): Buffer => b;
      const answer = await new Promise<Buffer>((resolve, reject) =>
        client.makeUnaryRequest('/grpc.testing.TestService/UnaryCall', identity, identity, Buffer.from(request), (e, v) => (e || !v ? reject(e) : resolve(v))));
      const json = toJson(simpleResponse, fromBinary(simpleResponse, answer)) as { payload: { body: string } };
      expect(Buffer.from(json.payload.body, 'base64').length).toBe(7);
    } finally {
      client.close();
    }
  });
});

describe('reflection failures', () => {
  it('a server without reflection yields a REFLECTION error that says what to do', async () => {
    const server = new grpc.Server();
    new HealthImplementation({ '': 'SERVING' }).addToServer(server);
    const address = await bind(server);
    try {
      const result = await reflect(address);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe('REFLECTION');
      expect(result.error.message).toBe(`The server at ${address} does not offer server reflection (UNIMPLEMENTED for v1 and v1alpha). Import its .proto files instead.`);
    } finally {
      server.forceShutdown();
    }
  });

  it('an unreachable server yields a clear connection error', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise((resolve) => probe.close(resolve));
    const result = await reflect(`127.0.0.1:${port}`);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('REFLECTION');
    expect(result.error.message).toMatch(new RegExp(`^Could not connect to 127\\.0\\.0\\.1:${port}: the connection was refused\\. Check that the server is running`));
    expect(result.error.details).toMatchObject({ grpcCodeName: 'UNAVAILABLE' });
  });

  it('sends the caller metadata, so a server that demands a token answers', async () => {
    const requireToken: grpc.ServerInterceptor = (_method, call) => new grpc.ServerInterceptingCall(call, {
      start: (next) => next(new grpc.ServerListenerBuilder().withOnReceiveMetadata((metadata, pass) => {
        if (metadata.get('authorization')[0] === 'Bearer sesame') pass(metadata);
        else call.sendStatus({ code: grpc.status.UNAUTHENTICATED, details: 'a bearer token is required', metadata: new grpc.Metadata() });
      }).build()),
    });
    const server = new grpc.Server({ interceptors: [requireToken] });
    const definition = protoLoader.loadSync('health/v1/health.proto', { includeDirs: [dirname(dirname(dirname(healthProtoPath)))], keepCase: true });
    new ReflectionService(definition).addToServer(server);
    const address = await bind(server);
    try {
      const refused = await reflect(address);
      expect(refused.ok).toBe(false);
      if (!refused.ok) {
        expect(refused.error.message).toContain('refused server reflection (UNAUTHENTICATED: a bearer token is required)');
        expect(refused.error.message).toContain('authorization');
      }
      const metadata = new grpc.Metadata();
      metadata.set('authorization', 'Bearer sesame');
      expect(expectOk(await reflect(address, metadata)).services).toEqual(['grpc.health.v1.Health']);
    } finally {
      server.forceShutdown();
    }
  });

  it('leaves out a listed service the server cannot describe, with a warning', async () => {
    const { address, server } = await startScriptedReflection((request) => {
      if (request.messageRequest.case === 'listServices') {
        return reflectionResponse({ case: 'listServicesResponse', value: { service: [{ name: 'ghost.v1.Ghost' }, { name: 'grpc.reflection.v1.ServerReflection' }] } });
      }
      return reflectionResponse({ case: 'errorResponse', value: { errorCode: grpc.status.NOT_FOUND, errorMessage: `Symbol not found: ${String(request.messageRequest.value)}` } });
    });
    try {
      const reflected = expectOk(await reflect(address));
      expect(reflected.services).toEqual(['ghost.v1.Ghost']);
      expect(reflected.fileDescriptorSet.file).toEqual([]);
      expect(reflected.warnings).toEqual(['The server could not describe service ghost.v1.Ghost (NOT_FOUND: Symbol not found: ghost.v1.Ghost). It is left out.']);
    } finally {
      server.forceShutdown();
    }
  });

  it('fails with the file name when an imported file cannot be fetched', async () => {
    const fileA = toBinary(FileDescriptorProtoSchema, create(FileDescriptorProtoSchema, {
      name: 'a.proto', package: 'a', dependency: ['lost.proto'], syntax: 'proto3',
      service: [{ name: 'A', method: [{ name: 'Get', inputType: '.lost.Thing', outputType: '.lost.Thing' }] }],
    }));
    const { address, server } = await startScriptedReflection((request) => {
      switch (request.messageRequest.case) {
        case 'listServices':
          return reflectionResponse({ case: 'listServicesResponse', value: { service: [{ name: 'a.A' }] } });
        case 'fileContainingSymbol':
          return reflectionResponse({ case: 'fileDescriptorResponse', value: { fileDescriptorProto: [fileA] } });
        default:
          return reflectionResponse({ case: 'errorResponse', value: { errorCode: grpc.status.NOT_FOUND, errorMessage: 'no such file' } });
      }
    });
    try {
      const result = await reflect(address);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('REFLECTION');
        expect(result.error.message).toBe(`Server reflection at ${address} failed: The server could not describe "lost.proto" (imported by "a.proto") (NOT_FOUND: no such file).`);
      }
    } finally {
      server.forceShutdown();
    }
  });

  it('a server that never answers ends at the deadline', async () => {
    const { address, server } = await startScriptedReflection(() => null);
    try {
      const result = await reflect(address, undefined, Date.now() + 300);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.message).toContain('did not finish before its deadline');
    } finally {
      server.forceShutdown();
    }
  });
});
