// A real @connectrpc/connect-node server for the protocol tests: echo.proto's EchoService
// (all four call kinds) from descriptors the real protoc made (transport-codec.ts), served by
// connectNodeAdapter. One h2c port (node:http2) answers gRPC, gRPC-Web and Connect; a second,
// node:http port answers gRPC-Web and Connect over HTTP/1.1. Both listen on 127.0.0.1 only.
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createSecureServer, createServer as createHttp2Server, type Http2SecureServer, type Http2Server } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { Code, ConnectError, type HandlerContext } from '@connectrpc/connect';
import { connectNodeAdapter } from '@connectrpc/connect-node';
import { echoRegistry, ECHO_SERVICE, messageDesc } from './transport-codec';

interface EchoRequest {
  text: string;
  repeat: number;
  intervalMs: number;
  failCode: number;
  failMessage: string;
  delayMs: number;
}
interface EchoResponse {
  text: string;
  index?: number;
}

export interface ConnectPeer {
  /** 127.0.0.1:port of the HTTP/2 (h2c) listener: gRPC, gRPC-Web and Connect. */
  http2Address: string;
  /** 127.0.0.1:port of the HTTP/1.1 listener: gRPC-Web and Connect. */
  http1Address: string;
  /** Request headers of the last call, by method name. */
  lastHeaders: Map<string, Headers>;
  close(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function answer(ctx: HandlerContext, method: string, lastHeaders: Map<string, Headers>): void {
  lastHeaders.set(method, new Headers(ctx.requestHeader));
  ctx.responseHeader.set('x-peer-method', method);
  const echo = ctx.requestHeader.get('x-echo');
  if (echo !== null) ctx.responseHeader.set('x-echo', echo);
  ctx.responseTrailer.set('x-peer-trailer', `${method} done`);
}

function failIfAsked(request: EchoRequest): void {
  if (request.failCode === 0) return;
  throw new ConnectError(request.failMessage, request.failCode as Code, undefined, [
    { desc: messageDesc('google.rpc.BadRequest'), value: { fieldViolations: [{ field: 'text', description: 'must not be "bad"' }] } },
  ]);
}

/**
 * Without tls: two plaintext ports (h2c and HTTP/1.1). With tls: one TLS port that negotiates
 * HTTP/2 (ALPN h2) or HTTP/1.1 (allowHTTP1), given as both addresses.
 */
export async function startConnectPeer(options: { tls?: { cert: Buffer; key: Buffer } } = {}): Promise<ConnectPeer> {
  const service = echoRegistry().getService(ECHO_SERVICE);
  if (service === undefined) throw new Error(`${ECHO_SERVICE} is not in the fixture registry`);
  const lastHeaders = new Map<string, Headers>();
  const implementation = {
    async unary(request: EchoRequest, ctx: HandlerContext): Promise<EchoResponse> {
      answer(ctx, 'Unary', lastHeaders);
      if (request.delayMs > 0) await sleep(request.delayMs);
      failIfAsked(request);
      return { text: request.text };
    },
    async *serverStream(request: EchoRequest, ctx: HandlerContext): AsyncGenerator<EchoResponse> {
      answer(ctx, 'ServerStream', lastHeaders);
      for (let index = 0; index < request.repeat; index++) {
        if (index > 0 && request.intervalMs > 0) await sleep(request.intervalMs);
        yield { text: request.text, index };
      }
      failIfAsked(request);
    },
    async clientStream(requests: AsyncIterable<EchoRequest>, ctx: HandlerContext): Promise<EchoResponse> {
      answer(ctx, 'ClientStream', lastHeaders);
      const texts: string[] = [];
      for await (const request of requests) texts.push(request.text);
      return { text: texts.join(','), index: texts.length };
    },
    async *bidi(requests: AsyncIterable<EchoRequest>, ctx: HandlerContext): AsyncGenerator<EchoResponse> {
      answer(ctx, 'Bidi', lastHeaders);
      let index = 0;
      for await (const request of requests) yield { text: request.text, index: index++ };
    },
  };
  const handler = connectNodeAdapter({
    // The implementation is typed by hand: the service descriptor is read at run time, not generated.
    routes: (router) => router.service(service, implementation as never),
  });
  type AnyServer = Http2Server | Http2SecureServer | HttpServer;
  const listen = (server: AnyServer): Promise<string> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve(`127.0.0.1:${(server.address() as AddressInfo).port}`));
    });
  const closing = (server: AnyServer): Promise<void> => new Promise((resolve) => server.close(() => resolve()));
  if (options.tls) {
    const secure = createSecureServer({ ...options.tls, allowHTTP1: true }, handler);
    const address = await listen(secure);
    return { http2Address: address, http1Address: address, lastHeaders, close: () => closing(secure) };
  }
  const http2 = createHttp2Server(handler);
  const http1 = createHttpServer(handler);
  const [http2Address, http1Address] = await Promise.all([listen(http2), listen(http1)]);
  return {
    http2Address,
    http1Address,
    lastHeaders,
    close: async () => {
      http1.closeAllConnections();
      await Promise.all([closing(http2), closing(http1)]);
    },
  };
}
