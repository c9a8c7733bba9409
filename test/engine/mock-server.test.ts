// The mock server through the validated dispatch of the real engine, called by a raw grpc-js
// generic client (identity serializers, requests encoded and responses decoded by proto-loader's
// protobufjs, an implementation independent of ours) and by python3-grpcio generic calls.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client, credentials, Metadata, status, type ServiceError, type StatusObject } from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConnectionSettings } from '../../shared/connection';
import type { ChannelName, ChannelRequest, ChannelResponse, WorkbenchEvent } from '../../shared/contract';
import type { ProtoSetId } from '../../shared/ids';
import { MOCK_RULES_FILE_NAME, type MockMethodRule, type MockRequestRecord, type MockRules } from '../../shared/mock';
import type { Result } from '../../shared/result';
import { createStatusDetailsDecoder } from '../../electron/engine/codec/status-details-decoder';
import { loadDemoPackage } from '../../electron/engine/demo/demo-package';
import { createValidatedDispatch, type ValidatedDispatch } from '../../electron/engine/dispatch/validated-dispatch';
import type { WorkbenchEngine } from '../../electron/engine/engine-api';
import { protosDir } from '../../electron/engine/resources';
import { createWorkbenchEngine } from '../../electron/engine/workbench-engine';
import { PYTHON, PYTHON_FIXTURES_DIR } from '../support/python-peer';

async function until<T>(what: string, probe: () => T | null | undefined | false, timeoutMs = 5_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const value = probe();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${what} within ${timeoutMs} ms`);
}

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

const identity = (bytes: Buffer) => bytes;
const demo = loadDemoPackage().demoService;
type DemoMethod = MethodDefinition<Record<string, unknown>, Record<string, unknown>>;
const method = (name: string) => demo[name] as DemoMethod;
const encode = (name: string, value: Record<string, unknown>) => method(name).requestSerialize(value);
const decode = (name: string, bytes: Buffer) => method(name).responseDeserialize(bytes);

function rule(name: string, change: Partial<MockMethodRule>): MockMethodRule {
  return { method: `demo.v1.DemoService/${name}`, status: null, latencyMs: 0, messageCount: 3, intervalMs: 0, responseJson: null, ...change };
}

const ERROR_INFO = '[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"OUT_OF_STOCK","domain":"shop.example"}]';
const RULES: MockRules = {
  methods: [
    rule('Echo', { responseJson: '{"message":"from the rule"}' }),
    rule('CountUp', { messageCount: 4, intervalMs: 5, responseJson: '{"index":7}' }),
    rule('Fail', { status: { code: status.NOT_FOUND, message: 'no such order', detailsJson: ERROR_INFO } }),
    rule('Slow', { latencyMs: 150 }),
  ],
};

describe('mock server', () => {
  let dataDir: string;
  let engine: WorkbenchEngine;
  let dispatch: ValidatedDispatch;
  let protoSetId: ProtoSetId;
  let address: string;
  let client: Client;
  const events: WorkbenchEvent[] = [];
  const invoke = async <C extends ChannelName>(channel: C, request: ChannelRequest<C>): Promise<Result<ChannelResponse<C>>> =>
    (await dispatch(channel, request)) as Result<ChannelResponse<C>>;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gw-mock-'));
    engine = createWorkbenchEngine({ dataDir, shell: 'browser' });
    dispatch = createValidatedDispatch(engine);
    engine.onEvents((batch) => events.push(...batch.events));
    protoSetId = unwrap(await invoke('protos:compile', { protoFiles: [join(protosDir(), 'demo.proto')], importPaths: [protosDir()] })).id;
    address = unwrap(await invoke('mock:start', { protoSetId, port: null, rules: RULES })).address;
    client = new Client(address, credentials.createInsecure());
  });

  afterAll(async () => {
    client?.close();
    await engine?.dispose();
    await rm(dataDir, { recursive: true, force: true });
  });

  const unary = (name: string, request: Record<string, unknown>, metadata = new Metadata()) =>
    new Promise<{ error: ServiceError | null; response: Record<string, unknown> | null }>((resolve) => {
      client.makeUnaryRequest(`/demo.v1.DemoService/${name}`, identity, identity, encode(name, request), metadata, (error, bytes) =>
        resolve({ error: error ?? null, response: bytes ? decode(name, bytes) : null }),
      );
    });

  it('starts on 127.0.0.1 and says so in a mock event', async () => {
    expect(address).toMatch(/^127\.0\.0\.1:\d+$/);
    const state = await until('a mock event', () => events.find((e) => e.kind === 'mock'));
    expect(state).toMatchObject({ kind: 'mock', state: { running: true, address, protoSetId, services: ['demo.v1.DemoService'] } });
  });

  it('answers a unary call with the rule example, and a method without a rule with a generated example', async () => {
    const echo = await unary('Echo', { message: 'hello mock' });
    expect(echo.error).toBeNull();
    expect(echo.response).toMatchObject({ message: 'from the rule' });
    // No rule: an example of WhoamiResponse made from its descriptor (every field filled in).
    const whoami = await unary('Whoami', {});
    expect(whoami.error).toBeNull();
    expect(Object.keys(whoami.response ?? {}).length).toBeGreaterThan(0);
  });

  it('streams the rule message count for server streaming', async () => {
    const call = client.makeServerStreamRequest('/demo.v1.DemoService/CountUp', identity, identity, encode('CountUp', { count: 1 }), new Metadata());
    const received: Record<string, unknown>[] = [];
    call.on('data', (bytes: Buffer) => received.push(decode('CountUp', bytes)));
    const ended = await new Promise<StatusObject>((resolve) => call.on('status', resolve));
    expect(ended.code).toBe(status.OK);
    expect(received).toHaveLength(4);
    expect(received[0]).toMatchObject({ index: 7 });
  });

  it('answers client streaming after the half-close, and bidi once per message', async () => {
    const sum = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const call = client.makeClientStreamRequest('/demo.v1.DemoService/Sum', identity, identity, new Metadata(), (error, bytes) =>
        error ? reject(error) : resolve(decode('Sum', bytes as Buffer)),
      );
      for (const value of ['1', '2', '3']) call.write(encode('Sum', { value }));
      call.end();
    });
    expect(sum).toHaveProperty('total');

    const chat = client.makeBidiStreamRequest('/demo.v1.DemoService/Chat', identity, identity, new Metadata());
    const replies: Record<string, unknown>[] = [];
    chat.on('data', (bytes: Buffer) => replies.push(decode('Chat', bytes)));
    chat.write(encode('Chat', { user: 'ann', text: 'one' }));
    chat.write(encode('Chat', { user: 'ann', text: 'two' }));
    chat.end();
    const ended = await new Promise<StatusObject>((resolve) => chat.on('status', resolve));
    expect(ended.code).toBe(status.OK);
    expect(replies).toHaveLength(2);
  });

  it('answers the rule status with google.rpc.Status details in grpc-status-details-bin', async () => {
    const failed = await unary('Fail', { code: 3 });
    expect(failed.error?.code).toBe(status.NOT_FOUND);
    expect(failed.error?.details).toBe('no such order');
    const bin = failed.error?.metadata.get('grpc-status-details-bin')[0];
    expect(bin).toBeInstanceOf(Buffer);
    const reading = createStatusDetailsDecoder()(bin as Buffer);
    expect(reading?.details).toEqual([expect.objectContaining({ type: 'google.rpc.ErrorInfo', json: expect.objectContaining({ reason: 'OUT_OF_STOCK', domain: 'shop.example' }) })]);
  });

  it('waits the rule latency before answering', async () => {
    const started = performance.now();
    const slow = await unary('Slow', {});
    expect(slow.error).toBeNull();
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('applies new rules to the next call (mock:setRules)', async () => {
    unwrap(await invoke('mock:setRules', { rules: { methods: [rule('Echo', { status: { code: status.UNAVAILABLE, message: 'down for the test', detailsJson: '' } })] } }));
    const echo = await unary('Echo', { message: 'again' });
    expect(echo.error?.code).toBe(status.UNAVAILABLE);
    expect(echo.error?.metadata.get('grpc-status-details-bin')).toEqual([]);
    unwrap(await invoke('mock:setRules', { rules: RULES }));
    expect((await unary('Echo', { message: 'back' })).response).toMatchObject({ message: 'from the rule' });
  });

  it('refuses a rule whose example is not the output type, naming the method and the field', async () => {
    const bad = await invoke('mock:setRules', { rules: { methods: [rule('Echo', { responseJson: '{"mesage":"typo"}' })] } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('BAD_JSON');
      expect(bad.error.message).toContain('Mock rule for demo.v1.DemoService/Echo');
      expect(bad.error.message).toContain('mesage');
    }
    const details = await invoke('mock:setRules', { rules: { methods: [rule('Fail', { status: { code: 5, message: 'x', detailsJson: '{"reason":"no array"}' } })] } });
    expect(!details.ok && details.error.message).toContain('must be a JSON array');
    // The rules before stay in force.
    expect((await unary('Echo', { message: 'still' })).response).toMatchObject({ message: 'from the rule' });
  });

  it('offers server reflection and health', async () => {
    const connection = defaultConnectionSettings(address);
    const reflected = unwrap(await invoke('protos:reflect', { connection, metadata: [] }));
    const services = reflected.packages.flatMap((p) => p.services.map((s) => s.fullName));
    expect(services).toContain('demo.v1.DemoService');
    expect(unwrap(await invoke('health:check', { connection, metadata: [], service: '' })).status).toBe('SERVING');
    expect(unwrap(await invoke('health:check', { connection, metadata: [], service: 'demo.v1.DemoService' })).status).toBe('SERVING');
  });

  it('answers reflection v1 and v1alpha list_services to a raw client', async () => {
    // ServerReflectionRequest { list_services: "" } is field 7, an empty string: 0x3a 0x00.
    for (const version of ['v1', 'v1alpha']) {
      const call = client.makeBidiStreamRequest(`/grpc.reflection.${version}.ServerReflection/ServerReflectionInfo`, identity, identity, new Metadata());
      const answer = new Promise<Buffer>((resolve, reject) => {
        call.once('data', resolve);
        call.once('error', reject);
      });
      call.write(Buffer.from([0x3a, 0x00]));
      const bytes = await answer;
      call.end();
      const text = bytes.toString('latin1');
      expect(text, version).toContain('demo.v1.DemoService');
      expect(text, version).toContain('grpc.health.v1.Health');
    }
  });

  it('ends a bidi call with the rule status after its latency', async () => {
    unwrap(await invoke('mock:setRules', { rules: { methods: [...RULES.methods, rule('Chat', { latencyMs: 20, status: { code: status.PERMISSION_DENIED, message: 'chat is closed', detailsJson: ERROR_INFO } })] } }));
    const chat = client.makeBidiStreamRequest('/demo.v1.DemoService/Chat', identity, identity, new Metadata());
    const replies: Buffer[] = [];
    chat.on('data', (bytes: Buffer) => replies.push(bytes));
    chat.on('error', () => undefined);
    chat.write(encode('Chat', { text: 'hi' }));
    const ended = await new Promise<StatusObject>((resolve) => chat.on('status', resolve));
    expect(ended).toMatchObject({ code: status.PERMISSION_DENIED, details: 'chat is closed' });
    expect(ended.metadata.get('grpc-status-details-bin')).toHaveLength(1);
    expect(replies).toHaveLength(0);
    unwrap(await invoke('mock:setRules', { rules: RULES }));
  });

  it('lists every request it received: time, method, metadata, body', async () => {
    const metadata = new Metadata();
    metadata.set('x-tenant', 'acme');
    await unary('Echo', { message: 'listed please' }, metadata);
    const { requests } = unwrap(await invoke('mock:requests', {}));
    const echo = requests.filter((r) => r.path === '/demo.v1.DemoService/Echo').at(-1) as MockRequestRecord;
    expect(echo.metadata).toContainEqual({ key: 'x-tenant', value: 'acme' });
    expect(JSON.parse(echo.messages[0] as string)).toEqual({ message: 'listed please' });
    expect(echo.status).toEqual({ code: 0, message: '' });
    expect(Math.abs(echo.at - Date.now())).toBeLessThan(60_000);
    const sum = requests.find((r) => r.path === '/demo.v1.DemoService/Sum') as MockRequestRecord;
    expect(sum.messages.map((m) => JSON.parse(m))).toEqual([{ value: '1' }, { value: '2' }, { value: '3' }]);
    await until('the ended Echo as a mock_request event', () => events.some((e) => e.kind === 'mock_request' && e.request.id === echo.id && e.request.status !== null));
  });

  it('is called by python3-grpcio generic calls of all four kinds', async () => {
    const hex = (name: string, value: Record<string, unknown>) => encode(name, value).toString('hex');
    const plan = [
      { kind: 'unary', path: '/demo.v1.DemoService/Echo', requests: [hex('Echo', { message: 'from python' })], metadata: [['x-client', 'python']] },
      { kind: 'server_streaming', path: '/demo.v1.DemoService/CountUp', requests: [hex('CountUp', {})] },
      { kind: 'client_streaming', path: '/demo.v1.DemoService/Sum', requests: [hex('Sum', { value: '4' }), hex('Sum', { value: '5' })] },
      { kind: 'bidi_streaming', path: '/demo.v1.DemoService/Chat', requests: [hex('Chat', { text: 'a' }), hex('Chat', { text: 'b' }), hex('Chat', { text: 'c' })] },
      { kind: 'unary', path: '/demo.v1.DemoService/Fail', requests: [hex('Fail', {})] },
    ];
    const { stdout } = await promisify(execFile)(PYTHON, [join(PYTHON_FIXTURES_DIR, 'mock_client.py'), address, JSON.stringify(plan)], { timeout: 30_000 });
    const { results } = JSON.parse(stdout) as { results: { code: string; details: string; responses: string[]; trailers: [string, string][] }[] };
    const [echo, countUp, sum, chat, fail] = results;
    expect(echo?.code).toBe('OK');
    expect(decode('Echo', Buffer.from(echo?.responses[0] ?? '', 'hex'))).toMatchObject({ message: 'from the rule' });
    expect(countUp?.responses).toHaveLength(4);
    expect(sum?.code).toBe('OK');
    expect(chat?.responses).toHaveLength(3);
    expect(fail).toMatchObject({ code: 'NOT_FOUND', details: 'no such order' });
    const bin = fail?.trailers.find(([key]) => key === 'grpc-status-details-bin')?.[1] ?? '';
    expect(createStatusDetailsDecoder()(Buffer.from(bin, 'hex'))?.details[0]?.type).toBe('google.rpc.ErrorInfo');
    const { requests } = unwrap(await invoke('mock:requests', {}));
    expect(requests.some((r) => r.metadata.some((m) => m.key === 'x-client' && m.value === 'python'))).toBe(true);
  }, 40_000);

  it('names a port that is taken', async () => {
    const other = createServer();
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const port = (other.address() as AddressInfo).port;
    try {
      const taken = await invoke('mock:start', { protoSetId, port, rules: RULES });
      expect(taken.ok).toBe(false);
      if (!taken.ok) expect(taken.error.message).toContain(`could not listen on 127.0.0.1:${port}`);
    } finally {
      other.close();
    }
  });

  it('keeps rules in the collection as grpc-mock.json, sorted, and never rewrites a file it cannot read', async () => {
    const folder = join(dataDir, 'shop-collection');
    unwrap(await invoke('collections:create', { folder, name: 'Shop' }));
    expect(unwrap(await invoke('mock:readRules', { folder }))).toEqual({ methods: [] });
    const reversed = { methods: [...RULES.methods].reverse() };
    unwrap(await invoke('mock:writeRules', { folder, rules: reversed }));
    const text = await readFile(join(folder, MOCK_RULES_FILE_NAME), 'utf8');
    expect(JSON.parse(text).methods.map((r: MockMethodRule) => r.method)).toEqual(RULES.methods.map((r) => r.method).sort());
    expect(unwrap(await invoke('mock:readRules', { folder })).methods).toHaveLength(4);

    await writeFile(join(folder, MOCK_RULES_FILE_NAME), '{"methods": [ broken');
    const read = await invoke('mock:readRules', { folder });
    expect(!read.ok && read.error.message).toContain(`${MOCK_RULES_FILE_NAME} is not valid JSON`);
    const write = await invoke('mock:writeRules', { folder, rules: RULES });
    expect(!write.ok && write.error.message).toContain('it is not rewritten while it cannot be read');
    expect(await readFile(join(folder, MOCK_RULES_FILE_NAME), 'utf8')).toBe('{"methods": [ broken');

    const notACollection = join(dataDir, 'plain-folder');
    await mkdir(notACollection);
    const refused = await invoke('mock:writeRules', { folder: notACollection, rules: RULES });
    expect(!refused.ok && refused.error.message).toContain('is not a collection');
  });

  it('stops on mock:stop, and the engine stops it on dispose', async () => {
    unwrap(await invoke('mock:stop', {}));
    expect(unwrap(await invoke('mock:requests', {})).state.running).toBe(false);
    const again = unwrap(await invoke('mock:start', { protoSetId, port: null, rules: RULES }));
    await engine.dispose();
    const after = new Client(again.address, credentials.createInsecure());
    const error = await new Promise<ServiceError | null>((resolve) =>
      after.makeUnaryRequest('/demo.v1.DemoService/Echo', identity, identity, encode('Echo', {}), new Metadata(), { deadline: Date.now() + 2000 }, (e) => resolve(e ?? null)),
    );
    after.close();
    expect(error?.code).toBe(status.UNAVAILABLE);
  });
});
