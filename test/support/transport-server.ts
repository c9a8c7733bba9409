// A real grpc-js server for the transport and calls tests, built the way users build theirs:
// @grpc/proto-loader over test/fixtures/transport/echo.proto. Listens on 127.0.0.1, port 0.
import {
  Metadata,
  Server,
  ServerCredentials,
  loadPackageDefinition,
  status as GrpcStatus,
  type GrpcObject,
  type ServerDuplexStream,
  type ServerReadableStream,
  type ServerUnaryCall,
  type ServerWritableStream,
  type ServiceClientConstructor,
  type ServiceDefinition,
  type sendUnaryData,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { ECHO_PROTO, encodeEchoResponse, encodeRichStatus } from './transport-codec';

interface EchoRequest {
  text: string;
  repeat: number;
  intervalMs: number;
  failCode: number;
  failMessage: string;
  payload: Buffer;
  delayMs: number;
}
interface EchoResponse {
  text: string;
  index: number;
  payload?: Buffer;
}

export interface EchoServer {
  port: number;
  /** 127.0.0.1:port */
  address: string;
  server: Server;
  /** Requests' metadata as the server saw it, latest last. */
  seenMetadata: Metadata[];
  /** The size of every response message the server serialized, in order (the wire size). */
  responseSizes: number[];
  /** The size of every request message the server received, in order. */
  requestSizes: number[];
  close(): Promise<void>;
}

export interface EchoServerOptions {
  credentials?: ServerCredentials;
  serverOptions?: Record<string, number | string>;
  host?: string;
  /** Bind exactly this (e.g. unix:///tmp/x.sock) instead of host:0. */
  bindAddress?: string;
}

function echoService(): ServiceDefinition {
  const definition = loadSync(ECHO_PROTO, { defaults: true, longs: String });
  const root = loadPackageDefinition(definition);
  const pkg = (root.transport as GrpcObject).test as GrpcObject;
  return (pkg.EchoService as ServiceClientConstructor).service;
}

/** Metadata keys starting with x-echo- come back in the response headers and trailers. */
function echoedMetadata(request: Metadata): Metadata {
  const out = new Metadata();
  for (const [key, values] of Object.entries(request.toJSON())) {
    if (!key.startsWith('x-echo-')) continue;
    for (const value of values) out.add(key, value);
  }
  return out;
}

function afterDelay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function writeAll(call: ServerWritableStream<EchoRequest, EchoResponse>, request: EchoRequest): Promise<void> {
  for (let index = 0; index < request.repeat; index++) {
    if (call.cancelled) return;
    if (index > 0 && request.intervalMs > 0) await afterDelay(request.intervalMs);
    const more = call.write({ text: request.text, index, payload: request.payload });
    if (!more) await new Promise((resolve) => call.once('drain', resolve));
  }
}

export async function startEchoServer(options: EchoServerOptions = {}): Promise<EchoServer> {
  const server = new Server(options.serverOptions);
  const seenMetadata: Metadata[] = [];
  const responseSizes: number[] = [];
  const requestSizes: number[] = [];
  const service = echoService();
  const methods: Record<string, ServiceDefinition[string]> = {};
  for (const [name, method] of Object.entries(service)) {
    // Corrupt sends raw bytes: first something that is not an EchoResponse, then a valid one.
    const serialize = name === 'Corrupt' ? (bytes: unknown) => bytes as Buffer : method.responseSerialize;
    methods[name] = {
      ...method,
      requestDeserialize: (bytes: Buffer) => {
        requestSizes.push(bytes.length);
        return method.requestDeserialize(bytes);
      },
      responseSerialize: (value: unknown) => {
        const bytes = serialize(value);
        responseSizes.push(bytes.length);
        return bytes;
      },
    };
  }
  const definition: ServiceDefinition = methods;
  const implementation: UntypedServiceImplementation = {
    Unary: (call: ServerUnaryCall<EchoRequest, EchoResponse>, callback: sendUnaryData<EchoResponse>) => {
      seenMetadata.push(call.metadata);
      const echoed = echoedMetadata(call.metadata);
      call.sendMetadata(echoed);
      const request = call.request;
      const answer = () => {
        if (request.failCode !== 0) {
          const trailers = echoedMetadata(call.metadata);
          trailers.set('grpc-status-details-bin', Buffer.from(encodeRichStatus(request.failCode, request.failMessage, 'text', 'must not be "bad"')));
          callback({ code: request.failCode, details: request.failMessage, metadata: trailers });
          return;
        }
        callback(null, { text: request.text, index: 0, payload: request.payload }, echoedMetadata(call.metadata));
      };
      if (request.delayMs > 0) setTimeout(answer, request.delayMs);
      else answer();
    },
    ServerStream: (call: ServerWritableStream<EchoRequest, EchoResponse>) => {
      seenMetadata.push(call.metadata);
      call.sendMetadata(echoedMetadata(call.metadata));
      writeAll(call, call.request).then(
        () => call.end(echoedMetadata(call.metadata)),
        (e: Error) => call.destroy(e),
      );
    },
    ClientStream: (call: ServerReadableStream<EchoRequest, EchoResponse>, callback: sendUnaryData<EchoResponse>) => {
      seenMetadata.push(call.metadata);
      const texts: string[] = [];
      call.on('data', (request: EchoRequest) => texts.push(request.text));
      call.on('end', () => callback(null, { text: texts.join(','), index: texts.length }));
    },
    Bidi: (call: ServerDuplexStream<EchoRequest, EchoResponse>) => {
      seenMetadata.push(call.metadata);
      let index = 0;
      call.on('data', (request: EchoRequest) => call.write({ text: request.text, index: index++ }));
      call.on('end', () => call.end());
    },
    Corrupt: (call: ServerWritableStream<EchoRequest, Buffer>) => {
      // Field 1 (string) says 5 bytes follow, but only one does: a truncated message.
      call.write(Buffer.from([0x0a, 0x05, 0x41]));
      call.write(Buffer.from(encodeEchoResponse({ text: 'after', index: 1 })));
      call.end();
    },
  };
  server.addService(definition, implementation);
  const host = options.host ?? '127.0.0.1';
  const bindAddress = options.bindAddress ?? `${host}:0`;
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(bindAddress, options.credentials ?? ServerCredentials.createInsecure(), (e, bound) => (e ? reject(e) : resolve(bound))),
  );
  return {
    port,
    address: options.bindAddress ?? `${host}:${port}`,
    server,
    seenMetadata,
    responseSizes,
    requestSizes,
    close: () =>
      new Promise<void>((resolve) => {
        server.forceShutdown();
        resolve();
      }),
  };
}

export { GrpcStatus };
