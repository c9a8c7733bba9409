import type { Client, ClientDuplexStream, Deadline, Metadata, ServiceError } from '@grpc/grpc-js';
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import {
  ServerReflectionRequestSchema,
  ServerReflectionResponseSchema,
  type ServerReflectionRequest,
  type ServerReflectionResponse,
} from './reflection-gen/grpc/reflection/v1/reflection_pb';

export type ReflectionProtocol = 'v1' | 'v1alpha';

/**
 * v1 and v1alpha are wire-identical (only the package differs), so one set of generated
 * messages serves both; the protocol only picks the method path.
 */
const METHOD_PATHS: Record<ReflectionProtocol, string> = {
  v1: '/grpc.reflection.v1.ServerReflection/ServerReflectionInfo',
  v1alpha: '/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo',
};

/** How long a finished stream may take to close on its own before we cancel it. */
const CLOSE_GRACE_MS = 1000;

/** The stream ended without a gRPC error but before every request had its answer. */
export class ReflectionStreamEnded extends Error {}

interface Waiter {
  resolve(response: ServerReflectionResponse): void;
  reject(error: ServiceError | ReflectionStreamEnded): void;
}

/**
 * One ServerReflectionInfo bidi stream. The server answers requests in order, so a batch
 * of requests is written at once (one round trip, not one per request) and its answers
 * are matched by position.
 */
export class ReflectionStream {
  private readonly call: ClientDuplexStream<ServerReflectionRequest, ServerReflectionResponse>;
  private readonly waiters: Waiter[] = [];
  private failure: ServiceError | ReflectionStreamEnded | null = null;
  private statusReceived = false;
  /** The response headers, if the server sent any (call-failure.ts reads them to spot a non-gRPC server). */
  responseHeaders: Metadata | null = null;
  /** When the stream started (epoch ms). */
  readonly startedAt = Date.now();

  constructor(client: Client, protocol: ReflectionProtocol, metadata: Metadata, deadline: Deadline) {
    this.call = client.makeBidiStreamRequest(
      METHOD_PATHS[protocol],
      (request: ServerReflectionRequest) => Buffer.from(toBinary(ServerReflectionRequestSchema, request)),
      // A throw here makes grpc-js end the call with INTERNAL, which surfaces as an error below.
      (bytes: Buffer) => fromBinary(ServerReflectionResponseSchema, bytes),
      metadata,
      { deadline },
    );
    this.call.on('metadata', (headers: Metadata) => {
      this.responseHeaders = headers;
    });
    this.call.on('data', (response: ServerReflectionResponse) => {
      const waiter = this.waiters.shift();
      if (waiter) waiter.resolve(response);
    });
    this.call.on('error', (error: ServiceError) => this.fail(error));
    this.call.on('status', () => {
      this.statusReceived = true;
      this.fail(new ReflectionStreamEnded('The server closed the reflection stream before answering every request.'));
    });
  }

  /** Sends the requests and resolves with their answers, in the same order. */
  exchange(requests: ServerReflectionRequest[]): Promise<ServerReflectionResponse[]> {
    const answers = requests.map(() => new Promise<ServerReflectionResponse>((resolve, reject) => {
      if (this.failure) reject(this.failure);
      else this.waiters.push({ resolve, reject });
    }));
    if (!this.failure) for (const request of requests) this.call.write(request);
    return Promise.all(answers);
  }

  /** Half-closes; cancels if the server does not finish the call soon after. */
  close(): void {
    if (this.statusReceived) return;
    this.call.end();
    setTimeout(() => {
      if (!this.statusReceived) this.call.cancel();
    }, CLOSE_GRACE_MS).unref();
  }

  private fail(error: ServiceError | ReflectionStreamEnded): void {
    this.failure ??= error;
    for (const waiter of this.waiters.splice(0)) waiter.reject(this.failure);
  }
}
