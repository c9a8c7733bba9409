// demo.v1.DemoService's Echo and CountUp served by @connectrpc/connect-node, for specs that call
// the demo's methods over gRPC-Web and Connect. Descriptors come from the real protoc over
// protos/demo.proto. One h2c port on 127.0.0.1 answers gRPC, gRPC-Web and Connect.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createFileRegistry, fromBinary } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema, timestampNow } from '@bufbuild/protobuf/wkt';
import { connectNodeAdapter } from '@connectrpc/connect-node';

const ROOT = resolve(__dirname, '../..');
const PROTOC = join(ROOT, 'node_modules/protoc/bin/protoc-linux-x86_64');

export interface RunningConnectDemoServer {
  /** "127.0.0.1:PORT" */
  address: string;
  stop(): Promise<void>;
}

function demoService() {
  const dir = mkdtempSync(join(tmpdir(), 'connect-demo-'));
  try {
    const out = join(dir, 'demo.binpb');
    execFileSync(PROTOC, [`-I${join(ROOT, 'protos')}`, `-I${join(ROOT, 'protos/include')}`, `-I${join(ROOT, 'node_modules/protoc/include')}`, '--include_imports', `--descriptor_set_out=${out}`, 'demo.proto']);
    const service = createFileRegistry(fromBinary(FileDescriptorSetSchema, readFileSync(out))).getService('demo.v1.DemoService');
    if (service === undefined) throw new Error('demo.v1.DemoService is not in protos/demo.proto');
    return service;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function startConnectDemoServer(): Promise<RunningConnectDemoServer> {
  const implementation = {
    echo(request: { message: string }) {
      return { message: `${request.message} (via connect-node)`, receivedAt: timestampNow() };
    },
    async *countUp(request: { count: number; intervalMs: number }) {
      for (let index = 0; index < request.count; index++) {
        if (index > 0 && request.intervalMs > 0) await new Promise((r) => setTimeout(r, request.intervalMs));
        yield { index, sentAt: timestampNow() };
      }
    },
  };
  // Typed by hand: the descriptors are read at run time, not generated.
  const server = createServer(connectNodeAdapter({ routes: (router) => router.service(demoService(), implementation as never) }));
  const port = await new Promise<number>((resolvePort, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolvePort((server.address() as AddressInfo).port));
  });
  return { address: `127.0.0.1:${port}`, stop: () => new Promise((r) => server.close(() => r())) };
}
