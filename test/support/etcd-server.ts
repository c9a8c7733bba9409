// Debian's etcd (/usr/bin/etcd) on 127.0.0.1 with a temporary data folder, for tests of calls
// through its grpc-gateway: its client port serves gRPC and the REST routes /v3/... alike.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ETCD_BINARY = '/usr/bin/etcd';

export interface EtcdServer {
  /** host:port of the client URL (gRPC and HTTP/JSON). */
  address: string;
  stop(): Promise<void>;
}

export function etcdAvailable(): boolean {
  return existsSync(ETCD_BINARY);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilServing(address: string, child: ChildProcess, output: () => string): Promise<void> {
  const until = Date.now() + 20_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`etcd exited with ${child.exitCode}:\n${output()}`);
    try {
      const answer = await fetch(`http://${address}/v3/kv/range`, { method: 'POST', body: '{"key":"AA=="}' });
      if (answer.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`etcd did not serve on ${address} within 20 s:\n${output()}`);
}

export async function startEtcd(): Promise<EtcdServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'etcd-test-'));
  const [clientPort, peerPort] = [await freePort(), await freePort()];
  const address = `127.0.0.1:${clientPort}`;
  const child = spawn(
    ETCD_BINARY,
    [
      '--name', 'workbench-test',
      '--data-dir', dataDir,
      '--listen-client-urls', `http://${address}`,
      '--advertise-client-urls', `http://${address}`,
      '--listen-peer-urls', `http://127.0.0.1:${peerPort}`,
      '--initial-advertise-peer-urls', `http://127.0.0.1:${peerPort}`,
      '--initial-cluster', `workbench-test=http://127.0.0.1:${peerPort}`,
      '--log-level', 'error',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitUntilServing(address, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { address, stop };
}
