import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { fromBinary } from '@bufbuild/protobuf';
import { anyIs, anyUnpack } from '@bufbuild/protobuf/wkt';
import { service as healthService } from 'grpc-health-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { protosDir } from '../resources';
import { startDemoServer, type RunningDemoServer } from './demo-server';
import { StatusSchema } from './gen/google/rpc/status_pb';
import { BadRequestSchema, ErrorInfoSchema } from './gen/google/rpc/error_details_pb';

// A plain grpc-js client built from demo.proto by proto-loader, as any Node user would.
const demoDefinition = protoLoader.loadSync('demo.proto', {
  includeDirs: [protosDir()], keepCase: true, longs: String, enums: String, defaults: false, oneofs: true,
})['demo.v1.DemoService'] as protoLoader.ServiceDefinition;

function method(name: string): protoLoader.MethodDefinition<object, object> {
  const found = demoDefinition[name];
  if (!found) throw new Error(`no method ${name}`);
  return found;
}

type Obj = Record<string, unknown>;

function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
}

interface UnaryOutcome {
  response: Obj | null;
  error: grpc.ServiceError | null;
  headers: grpc.Metadata | null;
  trailers: grpc.Metadata | null;
}

function unary(client: grpc.Client, name: string, request: Obj, metadata = new grpc.Metadata(), options: grpc.CallOptions = {}): Promise<UnaryOutcome> {
  const m = method(name);
  return new Promise((resolve) => {
    let headers: grpc.Metadata | null = null;
    let trailers: grpc.Metadata | null = null;
    let response: Obj | null = null;
    let error: grpc.ServiceError | null = null;
    let pending = 2;
    const done = (): void => { if (--pending === 0) resolve({ response, error, headers, trailers }); };
    const call = client.makeUnaryRequest(m.path, m.requestSerialize, m.responseDeserialize, request, metadata, options, (e, value) => {
      error = e;
      response = (value as Obj | undefined) ?? null;
      done();
    });
    call.on('metadata', (md: grpc.Metadata) => { headers = md; });
    call.on('status', (s: grpc.StatusObject) => { trailers = s.metadata; done(); });
  });
}

describe('demo server', () => {
  let server: RunningDemoServer;
  let client: grpc.Client;

  beforeAll(async () => {
    server = await startDemoServer({ port: 0 });
    client = new grpc.Client(server.address, grpc.credentials.createInsecure(), { 'grpc.max_receive_message_length': -1 });
  });
  afterAll(async () => {
    client.close();
    await server.stop();
  });

  it('Echo and OldEcho return the message and mirror metadata into headers and trailers', async () => {
    for (const name of ['Echo', 'OldEcho']) {
      const metadata = new grpc.Metadata();
      metadata.add('x-user', 'alice');
      metadata.add('x-user', 'bob');
      metadata.set('trace-bin', Buffer.from([0, 1, 254, 255]));
      const { response, error, headers, trailers } = await unary(client, name, { message: 'hello' }, metadata);
      expect(error).toBeNull();
      expect(response?.message).toBe('hello');
      expect(Number((response?.received_at as Obj).seconds)).toBeGreaterThan(1_600_000_000);
      // HTTP/2 joins repeated plain headers with ", " on the way in; the echo mirrors what arrived.
      expect(headers?.get('echo-x-user').join(', ')).toBe('alice, bob');
      expect(headers?.get('echo-trace-bin')).toEqual([Buffer.from([0, 1, 254, 255])]);
      expect(trailers?.get('trailer-echo-x-user').join(', ')).toBe('alice, bob');
      expect(trailers?.get('trailer-echo-trace-bin')).toEqual([Buffer.from([0, 1, 254, 255])]);
    }
  });

  it('CountUp streams count messages interval_ms apart with the requested payload', async () => {
    const m = method('CountUp');
    const call = client.makeServerStreamRequest(m.path, m.requestSerialize, m.responseDeserialize, { count: 4, interval_ms: 80, payload_bytes: 10 });
    const received: Obj[] = [];
    for await (const message of call) received.push(message as Obj);
    expect(received.map((r) => r.index ?? 0)).toEqual([0, 1, 2, 3]);
    expect(received.every((r) => (r.payload as Buffer).length === 10)).toBe(true);
    const sentAtMs = received.map((r) => {
      const t = r.sent_at as { seconds: string; nanos: number };
      return Number(t.seconds) * 1000 + t.nanos / 1e6;
    });
    for (let i = 1; i < sentAtMs.length; i++) expect(sentAtMs[i]! - sentAtMs[i - 1]!).toBeGreaterThanOrEqual(79);
  });

  it('CountUp with no interval delivers every message through backpressure', async () => {
    const m = method('CountUp');
    const call = client.makeServerStreamRequest(m.path, m.requestSerialize, m.responseDeserialize, { count: 500, payload_bytes: 4000 });
    let count = 0;
    let bytes = 0;
    for await (const message of call) {
      count += 1;
      bytes += ((message as Obj).payload as Buffer).length;
    }
    expect(count).toBe(500);
    expect(bytes).toBe(500 * 4000);
  });

  it('CountUp rejects a negative count', async () => {
    const m = method('CountUp');
    const call = client.makeServerStreamRequest(m.path, m.requestSerialize, m.responseDeserialize, { count: -1 });
    const [error] = (await once(call, 'error')) as [grpc.ServiceError];
    expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error.details).toContain('count must not be negative');
  });

  it('Sum adds int64 values exactly beyond 2^53 and refuses to overflow', async () => {
    const m = method('Sum');
    const sumOf = (values: string[]): Promise<{ error: grpc.ServiceError | null; value: Obj | undefined }> =>
      new Promise((resolve) => {
        const call = client.makeClientStreamRequest(m.path, m.requestSerialize, m.responseDeserialize, (error, value) => resolve({ error, value: value as Obj | undefined }));
        for (const value of values) call.write({ value });
        call.end();
      });
    const exact = await sumOf(['9007199254740993', '9007199254740993', '-1']);
    expect(exact.error).toBeNull();
    expect(exact.value).toEqual({ total: '18014398509481985', count: 3 });
    const overflow = await sumOf(['9223372036854775807', '1']);
    expect(overflow.error?.code).toBe(grpc.status.OUT_OF_RANGE);
  });

  it('Chat echoes each message with `at` set and ends when the client half-closes', async () => {
    const m = method('Chat');
    const call = client.makeBidiStreamRequest(m.path, m.requestSerialize, m.responseDeserialize);
    const received: Obj[] = [];
    call.on('data', (message: Obj) => received.push(message));
    const status = once(call, 'status');
    for (const text of ['one', 'two', 'three']) call.write({ user: 'ann', text });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(received.map((r) => r.text)).toEqual(['one', 'two', 'three']);
    call.end();
    const [finalStatus] = (await status) as [grpc.StatusObject];
    expect(finalStatus.code).toBe(grpc.status.OK);
    expect(received.every((r) => r.user === 'ann' && r.at !== undefined)).toBe(true);
  });

  it('Fail ends with the chosen code, message and decodable rich details', async () => {
    const { error, trailers } = await unary(client, 'Fail', { code: grpc.status.FAILED_PRECONDITION, message: 'not today', with_details: true });
    expect(error?.code).toBe(grpc.status.FAILED_PRECONDITION);
    expect(error?.details).toBe('not today');
    const [bytes] = trailers?.get('grpc-status-details-bin') ?? [];
    expect(Buffer.isBuffer(bytes)).toBe(true);
    const status = fromBinary(StatusSchema, bytes as Buffer);
    expect(status.code).toBe(grpc.status.FAILED_PRECONDITION);
    expect(status.message).toBe('not today');
    expect(status.details.map((d) => d.typeUrl)).toEqual([
      'type.googleapis.com/google.rpc.ErrorInfo',
      'type.googleapis.com/google.rpc.BadRequest',
      'type.googleapis.com/google.rpc.RetryInfo',
      'type.googleapis.com/google.rpc.Help',
      'type.googleapis.com/google.rpc.LocalizedMessage',
      'type.googleapis.com/google.rpc.DebugInfo',
    ]);
    const badRequest = status.details.find((d) => anyIs(d, BadRequestSchema));
    expect(badRequest && anyUnpack(badRequest, BadRequestSchema)?.fieldViolations.map((v) => v.field)).toEqual(['code']);
    const errorInfo = status.details.find((d) => anyIs(d, ErrorInfoSchema));
    expect(errorInfo && anyUnpack(errorInfo, ErrorInfoSchema)?.reason).toBe('DEMO_FAILURE');
  });

  it('Fail without details sends no details trailer; an invalid code is INVALID_ARGUMENT', async () => {
    const plain = await unary(client, 'Fail', { code: grpc.status.NOT_FOUND });
    expect(plain.error?.code).toBe(grpc.status.NOT_FOUND);
    expect(plain.error?.details).toBe('Failed on purpose with NOT_FOUND.');
    expect(plain.trailers?.get('grpc-status-details-bin')).toEqual([]);
    for (const code of [0, 17]) {
      const invalid = await unary(client, 'Fail', { code });
      expect(invalid.error?.code).toBe(grpc.status.INVALID_ARGUMENT);
      expect(invalid.error?.details).toContain('from 1 (CANCELLED) to 16 (UNAUTHENTICATED)');
    }
  });

  it('Slow answers after delay_ms, and a shorter deadline ends it with DEADLINE_EXCEEDED', async () => {
    const quick = await unary(client, 'Slow', { delay_ms: 120 }, new grpc.Metadata(), { deadline: Date.now() + 5000 });
    expect(quick.error).toBeNull();
    expect(quick.response?.waited_ms).toBeGreaterThanOrEqual(119);
    const timersBefore = activeTimers();
    const late = await unary(client, 'Slow', { delay_ms: 20_000 }, new grpc.Metadata(), { deadline: Date.now() + 150 });
    expect(late.error?.code).toBe(grpc.status.DEADLINE_EXCEEDED);
    // The server's 20 s timer went with the call.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(activeTimers()).toBe(timersBefore);
  });

  it('Large returns size_bytes bytes and refuses more than 64 MiB', async () => {
    const big = await unary(client, 'Large', { size_bytes: 5 * 1024 * 1024 });
    expect((big.response?.payload as Buffer).length).toBe(5 * 1024 * 1024);
    const tooBig = await unary(client, 'Large', { size_bytes: 64 * 1024 * 1024 + 1 });
    expect(tooBig.error?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(tooBig.error?.details).toContain('64 MiB');
  });

  it('Describe returns exactly the bytes it received', async () => {
    const m = method('Describe');
    const request = m.requestSerialize({
      name: 'x', big_number: '-9223372036854775808', unsigned_big: '18446744073709551615', color: 'COLOR_BLUE',
      counts: { a: 1 }, text_choice: 'picked', explicit_presence: 0, extra: { type_url: 'type.googleapis.com/demo.v1.EchoRequest', value: Buffer.from([10, 1, 104]) },
    });
    const identity = (b: Buffer): Buffer => b;
    const answer = await new Promise<Buffer>((resolve, reject) => {
      client.makeUnaryRequest(m.path, identity, identity, request, (e, value) => (e || !value ? reject(e) : resolve(value)));
    });
    expect(answer.equals(request)).toBe(true);
    expect((m.responseDeserialize(answer) as Obj).big_number).toBe('-9223372036854775808');
  });

  it('the health service reports SERVING for the server and for DemoService', async () => {
    const check = healthService['Check'];
    if (!check) throw new Error('grpc-health-check has no Check');
    for (const name of ['', 'demo.v1.DemoService']) {
      const response = await new Promise<Obj>((resolve, reject) => {
        client.makeUnaryRequest(check.path, check.requestSerialize, check.responseDeserialize, { service: name }, (e, value) => (e ? reject(e) : resolve(value as Obj)));
      });
      expect(response.status).toBe('SERVING');
    }
  });
});

describe('demo server lifecycle', () => {
  it('stop() completes while a stream is open, and the stream ends with an error', async () => {
    const server = await startDemoServer({ port: 0, shutdownGraceMs: 200 });
    const client = new grpc.Client(server.address, grpc.credentials.createInsecure());
    try {
      const m = method('CountUp');
      const call = client.makeServerStreamRequest(m.path, m.requestSerialize, m.responseDeserialize, { count: 1_000_000, interval_ms: 20 });
      const ended = new Promise<grpc.StatusObject>((resolve) => call.on('status', resolve));
      call.on('error', () => undefined);
      await once(call, 'data');
      await server.stop();
      const status = await ended;
      expect(status.code).not.toBe(grpc.status.OK);
    } finally {
      client.close();
      await server.stop();
    }
  });

  it('rejects a port that is already taken', async () => {
    const first = await startDemoServer({ port: 0 });
    try {
      await expect(startDemoServer({ port: first.port })).rejects.toThrow(/could not listen on 127\.0\.0\.1:/);
    } finally {
      await first.stop();
    }
  });

  it('cli.ts prints its address and exits cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'electron/engine/demo/cli.ts', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
    expect(line).toMatch(/^Demo server listening on 127\.0\.0\.1:\d+$/);
    child.kill('SIGTERM');
    const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
    expect({ code, signal }).toEqual({ code: 0, signal: null });
  });
});
