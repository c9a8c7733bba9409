// A gRPC server written on node:http2 directly, so a test sees what grpc-js put on the wire
// (the request's grpc-encoding header and each frame's compressed flag) and chooses exactly
// what goes back: it answers every unary call with the request's message, compressed with the
// encoding the test asked for. EchoService.Unary's EchoRequest.text (field 1) reads back as
// EchoResponse.text.
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';

export type WireEncoding = 'identity' | 'gzip' | 'deflate';

export interface SeenRequest {
  /** The request's grpc-encoding header, undefined when absent. */
  encoding: string | undefined;
  /** The first frame's compressed flag and payload size on the wire. */
  compressed: boolean;
  wireBytes: number;
  /** The decompressed message size. */
  bytes: number;
}

export interface GrpcWireServer {
  /** "127.0.0.1:PORT" */
  address: string;
  requests: SeenRequest[];
  /** Payload sizes on the wire of the answers, in order. */
  answeredWireBytes: number[];
  stop(): Promise<void>;
}

/** EchoResponse {text: "hi"}: field 1, length 2. */
export const SMALL_ECHO_RESPONSE = Buffer.from([0x0a, 0x02, 0x68, 0x69]);

function compress(encoding: WireEncoding, bytes: Buffer): Buffer {
  if (encoding === 'gzip') return zlib.gzipSync(bytes);
  if (encoding === 'deflate') return zlib.deflateSync(bytes);
  return bytes;
}

function decompress(encoding: string | undefined, bytes: Buffer): Buffer {
  if (encoding === 'gzip') return zlib.gunzipSync(bytes);
  if (encoding === 'deflate') return zlib.inflateSync(bytes);
  return bytes;
}

function frame(compressed: boolean, payload: Buffer): Buffer {
  const prefix = Buffer.alloc(5);
  prefix.writeUInt8(compressed ? 1 : 0, 0);
  prefix.writeUInt32BE(payload.length, 1);
  return Buffer.concat([prefix, payload]);
}

/** `answerWith`: how the answer is compressed ('identity' sends no grpc-encoding and flag 0). */
export async function startGrpcWireServer(answerWith: WireEncoding): Promise<GrpcWireServer> {
  const requests: SeenRequest[] = [];
  const answeredWireBytes: number[] = [];
  const server = http2.createServer();
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  server.on('stream', (stream, headers) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      const body = Buffer.concat(chunks);
      const encoding = headers['grpc-encoding'] as string | undefined;
      const compressed = body.readUInt8(0) === 1;
      const payload = body.subarray(5, 5 + body.readUInt32BE(1));
      const message = compressed ? decompress(encoding, payload) : payload;
      requests.push({ encoding, compressed, wireBytes: payload.length, bytes: message.length });
      const answer = compress(answerWith, message);
      const frames = [frame(answerWith !== 'identity', answer)];
      answeredWireBytes.push(answer.length);
      if (String(headers[':path']).endsWith('/ServerStream')) {
        frames.push(frame(false, SMALL_ECHO_RESPONSE), frame(answerWith !== 'identity', answer));
        answeredWireBytes.push(SMALL_ECHO_RESPONSE.length, answer.length);
      }
      stream.respond(
        { ':status': 200, 'content-type': 'application/grpc', 'grpc-accept-encoding': 'identity,deflate,gzip', ...(answerWith !== 'identity' ? { 'grpc-encoding': answerWith } : {}) },
        { waitForTrailers: true },
      );
      stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
      stream.end(Buffer.concat(frames));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    requests,
    answeredWireBytes,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const session of sessions) session.destroy();
      }),
  };
}
