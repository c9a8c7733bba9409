import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Server, ServerCredentials, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type RunningDemoServer } from '../../electron/engine/demo/demo-server';
import { writeCollection } from './collection-fixture';

const CLI = fileURLToPath(new URL('../../electron/cli/cli.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
const LOCUST = '/usr/bin/locust';

function run(command: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A server that answers demo.v1.DemoService/Echo with raw bytes and counts what it was sent. */
async function startCountingServer() {
  const seen = { calls: 0, bodies: new Set<string>(), tokens: new Set<string>() };
  const server = new Server();
  const identity = (b: Buffer) => b;
  server.register(
    '/demo.v1.DemoService/Echo',
    (call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>) => {
      seen.calls += 1;
      seen.bodies.add(call.request.toString('hex'));
      for (const token of call.metadata.get('x-token')) seen.tokens.add(String(token));
      callback(null, Buffer.alloc(0));
    },
    identity,
    identity,
    'unary',
  );
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
  return { address: `127.0.0.1:${port}`, seen, stop: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())) };
}

describe('grpc-workbench export-locust', () => {
  let demo: RunningDemoServer;
  let scratch: string;
  let requestFile: string;

  beforeAll(async () => {
    demo = await startDemoServer();
    scratch = await mkdtemp(join(tmpdir(), 'cli-locust-'));
    await writeCollection(join(scratch, 'load'), join(scratch, 'data'), {
      name: 'Load',
      variables: [{ name: 'token', value: '', secret: true }],
      requests: [
        { path: 'Echo.grpc.yaml', service: 'demo.v1.DemoService', method: 'Echo', target: demo.address, body: '{"message": "load"}', metadata: [{ key: 'x-token', value: '{{token}}' }], deadline: '5000' },
        { path: 'Sum.grpc.yaml', service: 'demo.v1.DemoService', method: 'Sum', target: demo.address, messages: ['{"value": "1"}'] },
      ],
    });
    requestFile = join(scratch, 'load', 'Echo.grpc.yaml');
  }, 60_000);

  afterAll(async () => {
    await demo?.stop();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('refuses a streaming request with a clear message', async () => {
    const result = await run(TSX, [CLI, 'export-locust', join(scratch, 'load', 'Sum.grpc.yaml')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('demo.v1.DemoService/Sum is a client streaming method; a Locust file can only repeat unary calls.');
  }, 60_000);

  it('runs on a Locust master with two workers, and the server counts exactly the requests Locust reports', async () => {
    const locustFile = join(scratch, 'locustfile.py');
    const exported = await run(TSX, [CLI, 'export-locust', requestFile, '--output', locustFile], { GRPC_WORKBENCH_SECRET_TOKEN: 'tok-123' });
    expect(exported.code, exported.stderr).toBe(0);
    const python = await readFile(locustFile, 'utf8');
    expect(python).toContain('channel.unary_unary(METHOD_PATH, request_serializer=None, response_deserializer=None)');
    expect(python).toContain('TIMEOUT_SECONDS = 5');

    const counter = await startCountingServer();
    try {
      const port = await freePort();
      const env = { GRPC_TARGET: counter.address, PYTHONDONTWRITEBYTECODE: '1' };
      const csv = join(scratch, 'stats');
      const master = run(LOCUST, ['-f', locustFile, '--headless', '--master', '--master-bind-host', '127.0.0.1', '--master-bind-port', String(port), '--expect-workers', '2', '--expect-workers-max-wait', '20', '-u', '4', '-r', '4', '-t', '3s', '--stop-timeout', '5', '--csv', csv], env);
      const workers = [0, 1].map(() => run(LOCUST, ['-f', locustFile, '--worker', '--master-host', '127.0.0.1', '--master-port', String(port)], env));
      const finished = await master;
      await Promise.all(workers);
      expect(finished.code, finished.stderr.slice(-3000)).toBe(0);
      expect(finished.stderr).toContain('2 workers connected');

      const [header, ...rows] = (await readFile(`${csv}_stats.csv`, 'utf8')).trim().split('\n').map((line) => line.split(','));
      const column = (name: string) => (header ?? []).indexOf(name);
      const echo = rows.find((r) => r[column('Name')] === 'demo.v1.DemoService/Echo');
      expect(echo, rows.join('\n')).toBeDefined();
      const requests = Number(echo![column('Request Count')]);
      expect(Number(echo![column('Failure Count')])).toBe(0);
      expect(requests).toBeGreaterThan(0);
      expect(counter.seen.calls).toBe(requests);
      // The bytes our codec produced for {"message": "load"}: field 1, length 4, "load".
      expect([...counter.seen.bodies]).toEqual(['0a046c6f6164']);
      expect([...counter.seen.tokens]).toEqual(['tok-123']);
    } finally {
      await counter.stop();
    }
  }, 90_000);
});
