// Non-grpc-js peers for the connection monitor tests: a python3-grpcio (C-core) server with a
// strict ping policy, and a TCP proxy that can stop passing the server's bytes (so pings go
// unanswered and time out).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { TRANSPORT_FIXTURES } from './transport-codec';

/** Debian's python3 with python3-grpcio (the first python3 on PATH may lack grpc). */
const SYSTEM_PYTHON = '/usr/bin/python3';

export interface PythonServer {
  port: number;
  close(): Promise<void>;
}

/** Start test/fixtures/transport/strict_ping_server.py and read its port from stdout. */
export function startStrictPingServer(): Promise<PythonServer> {
  const child: ChildProcessWithoutNullStreams = spawn(SYSTEM_PYTHON, [join(TRANSPORT_FIXTURES, 'strict_ping_server.py')], { stdio: 'pipe' });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const close = async () => {
    child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = /^(\d+)\s*$/m.exec(out);
      if (line) resolve({ port: Number(line[1]), close });
    });
    child.once('exit', (code) => reject(new Error(`strict_ping_server.py exited with ${code}: ${stderr}`)));
    child.once('error', reject);
  });
}

export interface StallableProxy {
  port: number;
  /** From now on, drop everything the server sends to the client (the client's pings go unanswered). */
  stall(): void;
  close(): Promise<void>;
}

/** A TCP proxy on 127.0.0.1 in front of 127.0.0.1:targetPort. */
export function startStallableProxy(targetPort: number): Promise<StallableProxy> {
  let stalled = false;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.on('data', (data) => upstream.write(data));
    upstream.on('data', (data) => {
      if (!stalled) client.write(data);
    });
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', closeBoth).on('error', closeBoth);
    upstream.on('close', closeBoth).on('error', closeBoth);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        port,
        stall: () => {
          stalled = true;
        },
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
