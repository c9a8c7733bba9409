// A gRPC server written straight on node:http2 (no gRPC library), for what libraries do not
// let a test do: send a session-level GOAWAY, with an error code and debug data, in the
// middle of a stream. Serves demo.v1.DemoService/CountUp (one message every 20 ms, until
// goawayAfter messages, then GOAWAY and the session is destroyed) and Echo (unary), with
// the wire bytes written by hand.
import { createServer, type Http2Server, type ServerHttp2Session, type ServerHttp2Stream } from 'node:http2';
import type { AddressInfo } from 'node:net';

export interface Http2GoawayPeer {
  address: string;
  /** Sessions the server has seen (one per client connection). */
  sessions: number;
  close(): Promise<void>;
}

function varint(value: number): number[] {
  const bytes: number[] = [];
  let v = value;
  while (v > 0x7f) {
    bytes.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  bytes.push(v);
  return bytes;
}
/** A gRPC length-prefixed message frame (uncompressed). */
function frame(message: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.writeUInt32BE(message.length, 1);
  return Buffer.concat([header, message]);
}
const countUpResponse = (index: number) => frame(Buffer.from(index === 0 ? [] : [0x08, ...varint(index)]));
const echoResponse = (text: string) => {
  const bytes = Buffer.from(text);
  return frame(Buffer.from([0x0a, ...varint(bytes.length), ...bytes]));
};

export async function startHttp2GoawayPeer(options: { goawayAfter: number; errorCode: number; debugData: string }): Promise<Http2GoawayPeer> {
  const server: Http2Server = createServer();
  const sessions = new Set<ServerHttp2Session>();
  const peer: Http2GoawayPeer = { address: '', sessions: 0, close: async () => undefined };
  server.on('session', (session) => {
    sessions.add(session);
    peer.sessions += 1;
    session.on('close', () => sessions.delete(session));
    session.on('error', () => undefined);
  });
  server.on('stream', (stream: ServerHttp2Stream, headers) => {
    stream.on('error', () => undefined);
    const path = headers[':path'];
    const respond = () => stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
    stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
    if (path === '/demo.v1.DemoService/Echo') {
      stream.resume();
      stream.on('end', () => {
        respond();
        stream.end(echoResponse('from the http2 peer'));
      });
      return;
    }
    if (path === '/demo.v1.DemoService/CountUp') {
      stream.resume();
      respond();
      let index = 0;
      const timer = setInterval(() => {
        if (stream.destroyed) return clearInterval(timer);
        if (index === options.goawayAfter) {
          clearInterval(timer);
          // GOAWAY naming no stream as processed, then the connection goes: the stream is cut off.
          stream.session?.goaway(options.errorCode, 0, Buffer.from(options.debugData));
          setTimeout(() => stream.session?.destroy(), 50);
          return;
        }
        stream.write(countUpResponse(index));
        index += 1;
      }, 20);
      return;
    }
    stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': '12', 'grpc-message': 'unimplemented' }, { endStream: true });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  peer.address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  peer.close = () =>
    new Promise<void>((resolve) => {
      for (const session of sessions) session.destroy();
      server.close(() => resolve());
    });
  return peer;
}
