import http2, { type IncomingHttpHeaders, type ServerHttp2Session, type ServerHttp2Stream } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { status } from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import { sleep } from './call-cancellation';
import { DEMO_SERVICE_NAME, loadDemoPackage } from './demo-package';
import { timestampNow, type CountUpRequest, type CountUpResponse, type EchoRequest, type EchoResponse } from './demo-messages';
import { MAX_COUNT_UP_PAYLOAD_BYTES } from './streaming-handlers';
import { filler } from './unary-handlers';

/**
 * A demo listener that answers with gzip-compressed messages, which grpc-js's server never does
 * ("response compression is currently not supported" in its source). It speaks gRPC over
 * node:http2 itself: demo.v1.DemoService Echo and CountUp, each response message a frame with
 * the compressed flag set and zlib gzip inside, `grpc-encoding: gzip` on the response headers,
 * grpc-status and grpc-message in the trailers. Every other method answers UNIMPLEMENTED. The
 * messages are encoded and decoded by the demo's own proto-loader definitions (the codec the
 * grpc-js demo server uses), so the shapes are the same as on the main demo address.
 */
export interface RunningGzipDemoServer {
  /** "127.0.0.1:PORT" */
  address: string;
  stop(): Promise<void>;
}

/** The methods this listener serves, by gRPC path. */
const SERVED = ['Echo', 'CountUp'] as const;
type ServedMethod = (typeof SERVED)[number];

const gzip = promisify(zlib.gzip);
const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);

/** What the client may compress its requests with; grpc-js offers these too. */
const ACCEPTED_REQUEST_ENCODINGS = 'identity,deflate,gzip';

class GrpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export async function startGzipDemoServer(): Promise<RunningGzipDemoServer> {
  const { demoService } = loadDemoPackage();
  const methods = new Map<string, { name: ServedMethod; definition: MethodDefinition<object, object> }>();
  for (const name of SERVED) {
    const definition = demoService[name];
    if (definition === undefined) throw new Error(`demo.proto has no ${DEMO_SERVICE_NAME}.${name} for the gzip demo to serve.`);
    methods.set(`/${DEMO_SERVICE_NAME}/${name}`, { name, definition });
  }

  const server = http2.createServer();
  const sessions = new Set<ServerHttp2Session>();
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
    // A client that goes away mid-call must not take the app's process down with an unhandled 'error'.
    session.on('error', () => session.destroy());
  });
  server.on('stream', (stream, headers) => {
    stream.on('error', () => stream.destroy());
    const path = String(headers[':path'] ?? '');
    const method = methods.get(path);
    readRequest(stream, headers).then(
      (request) => {
        if (method === undefined) throw new GrpcError(status.UNIMPLEMENTED, `The gzip demo serves only ${SERVED.map((m) => `${DEMO_SERVICE_NAME}/${m}`).join(' and ')}; ${path} is on the main Demo server address.`);
        const decoded = method.definition.requestDeserialize(request);
        return method.name === 'Echo' ? answerEcho(stream, method.definition, decoded as EchoRequest) : answerCountUp(stream, method.definition, decoded as CountUpRequest);
      },
    ).catch((error: unknown) => endWithError(stream, error));
  });

  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', (error) => reject(new Error(`The gzip demo could not listen on 127.0.0.1: ${error.message}`)));
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
  let stopped: Promise<void> | null = null;
  return {
    address: `127.0.0.1:${port}`,
    stop: () =>
      (stopped ??= new Promise<void>((resolve) => {
        for (const session of sessions) session.destroy();
        server.close(() => resolve());
      })),
  };
}

/** The one request message of a unary or server-streaming call, decompressed as its grpc-encoding says. */
async function readRequest(stream: ServerHttp2Stream, headers: IncomingHttpHeaders): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  if (body.length < 5) throw new GrpcError(status.INTERNAL, 'The request carried no complete gRPC message.');
  const compressed = body[0] === 1;
  const length = body.readUInt32BE(1);
  const payload = body.subarray(5, 5 + length);
  if (payload.length < length) throw new GrpcError(status.INTERNAL, `The request message says ${length} bytes follow; only ${payload.length} came.`);
  if (!compressed) return payload;
  const encoding = String(headers['grpc-encoding'] ?? 'identity');
  if (encoding === 'gzip') return gunzip(payload);
  if (encoding === 'deflate') return inflate(payload);
  throw new GrpcError(status.UNIMPLEMENTED, `The gzip demo cannot read requests compressed with "${encoding}"; it reads ${ACCEPTED_REQUEST_ENCODINGS}.`);
}

async function answerEcho(stream: ServerHttp2Stream, definition: MethodDefinition<object, object>, request: EchoRequest): Promise<void> {
  const response: EchoResponse = { message: request.message ?? '', received_at: timestampNow() };
  respondHeaders(stream);
  await writeMessage(stream, definition.responseSerialize(response));
  endOk(stream);
}

async function answerCountUp(stream: ServerHttp2Stream, definition: MethodDefinition<object, object>, request: CountUpRequest): Promise<void> {
  const { count = 0, interval_ms: intervalMs = 0, payload_bytes: payloadBytes = 0 } = request;
  // The same limits, in the same words, as the main demo's CountUp.
  if (count < 0) throw new GrpcError(status.INVALID_ARGUMENT, `count must not be negative; got ${count}.`);
  if (intervalMs < 0) throw new GrpcError(status.INVALID_ARGUMENT, `interval_ms must not be negative; got ${intervalMs}.`);
  if (payloadBytes < 0 || payloadBytes > MAX_COUNT_UP_PAYLOAD_BYTES) throw new GrpcError(status.INVALID_ARGUMENT, `payload_bytes must be from 0 to ${MAX_COUNT_UP_PAYLOAD_BYTES} (4 MiB); got ${payloadBytes}.`);
  const closed = new AbortController();
  stream.once('close', () => closed.abort());
  const payload = filler(payloadBytes);
  respondHeaders(stream);
  for (let index = 0; index < count; index++) {
    if (index > 0 && intervalMs > 0 && !(await sleep(intervalMs, closed.signal))) return;
    if (closed.signal.aborted) return;
    const response: CountUpResponse = { index, sent_at: timestampNow(), payload };
    await writeMessage(stream, definition.responseSerialize(response));
  }
  endOk(stream);
}

function respondHeaders(stream: ServerHttp2Stream): void {
  stream.respond(
    { ':status': 200, 'content-type': 'application/grpc', 'grpc-encoding': 'gzip', 'grpc-accept-encoding': ACCEPTED_REQUEST_ENCODINGS },
    { waitForTrailers: true },
  );
}

/** One response message: compressed flag 1, gzip of the encoded message; waits while the client reads slower. */
async function writeMessage(stream: ServerHttp2Stream, message: Buffer): Promise<void> {
  const payload = await gzip(message);
  const prefix = Buffer.alloc(5);
  prefix.writeUInt8(1, 0);
  prefix.writeUInt32BE(payload.length, 1);
  if (stream.destroyed) return;
  if (!stream.write(Buffer.concat([prefix, payload]))) await new Promise<void>((resolve) => {
    stream.once('drain', resolve);
    stream.once('close', resolve);
  });
}

function endOk(stream: ServerHttp2Stream): void {
  if (stream.destroyed) return;
  stream.once('wantTrailers', () => stream.sendTrailers({ 'grpc-status': String(status.OK), 'grpc-message': '' }));
  stream.end();
}

/** A failure before any message: a trailers-only response; after headers: the status in trailers. */
function endWithError(stream: ServerHttp2Stream, error: unknown): void {
  if (stream.destroyed) return;
  const code = error instanceof GrpcError ? error.code : status.INTERNAL;
  const message = error instanceof Error ? error.message : String(error);
  const trailers = { 'grpc-status': String(code), 'grpc-message': percentEncodeGrpcMessage(message) };
  if (!stream.headersSent) {
    stream.respond({ ':status': 200, 'content-type': 'application/grpc', ...trailers }, { endStream: true });
    return;
  }
  stream.once('wantTrailers', () => stream.sendTrailers(trailers));
  stream.end();
}

/** grpc-message as the gRPC spec writes it: UTF-8 bytes outside printable ASCII, and '%', as %XX. */
function percentEncodeGrpcMessage(message: string): string {
  let out = '';
  for (const byte of Buffer.from(message, 'utf8')) {
    out += byte >= 0x20 && byte <= 0x7e && byte !== 0x25 ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
