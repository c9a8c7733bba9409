// Servers on 127.0.0.1 that are not gRPC servers, for the failure-explanation tests: a plain
// node:http2 server (a web server or REST API), an HTTP/1.1-only server, a TCP port that
// accepts and never writes, and one that answers garbage.
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';

export interface PlainServer {
  port: number;
  /** 127.0.0.1:port */
  address: string;
  close(): Promise<void>;
}

async function listen(server: net.Server, sockets: Set<net.Socket>): Promise<PlainServer> {
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    address: `127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** An HTTP/2 (h2c) server that answers every request with this status, content-type and body. */
export function startPlainHttp2Server(status: number, contentType: string, body: string): Promise<PlainServer> {
  const server = http2.createServer((_request, response) => {
    response.writeHead(status, { 'content-type': contentType });
    response.end(body);
  });
  return listen(server, new Set());
}

/** An HTTP/1.1-only server (no HTTP/2 at all). */
export function startHttp1Server(): Promise<PlainServer> {
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/plain' });
    response.end('hello');
  });
  return listen(server, new Set());
}

/** Accepts TCP connections and never writes a byte. */
export function startSilentTcpServer(): Promise<PlainServer> {
  return listen(net.createServer(() => undefined), new Set());
}

/** Accepts TCP connections and answers with bytes that are not HTTP/2. */
export function startGarbageTcpServer(): Promise<PlainServer> {
  return listen(net.createServer((socket) => socket.write('garbage that is not a protocol\r\n')), new Set());
}

/** An address nothing listens on (a port just bound and released). */
export async function unusedAddress(): Promise<string> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return `127.0.0.1:${port}`;
}
