// HTTP/JSON transcoding against a real grpc-gateway: Debian's etcd, whose client port serves its
// google.api.http routes (/v3/kv/put, /v3/kv/range, ...). The calls go through the CallRegistry
// with the codecs and catalog of the proto set store, as the engine makes them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallEvent } from '../../shared/call-events';
import { defaultConnectionSettings, type ConnectionSettings } from '../../shared/connection';
import type { MethodRef } from '../../shared/contract';
import type { ProtoSetId } from '../../shared/ids';
import { CallRegistry } from '../../electron/engine/calls/call-registry';
import { createProtoSetStore, type ProtoSetStore } from '../../electron/engine/protos/proto-set-store';
import { ChannelPool } from '../../electron/engine/transport/channel-pool';
import { collectEvents, expectWellFormed, messagesOf, statusOf, timingOf } from '../support/transport-calls';
import { startEtcd, type EtcdServer } from '../support/etcd-server';

const FIXTURES = join(__dirname, '..', 'fixtures', 'etcd');

let etcd: EtcdServer;
let store: ProtoSetStore;
let protoSetId: ProtoSetId;
let pool: ChannelPool;
let registry: CallRegistry;
let cacheDir: string;

beforeAll(async () => {
  cacheDir = mkdtempSync(join(tmpdir(), 'etcd-protos-'));
  store = createProtoSetStore({ cacheDir });
  const compiled = await store.compile({ protoFiles: [join(FIXTURES, 'etcd-kv.proto')], importPaths: [FIXTURES] });
  if (!compiled.ok) throw new Error(compiled.error.message);
  protoSetId = compiled.value.id;
  pool = new ChannelPool();
  registry = new CallRegistry({ pool });
  etcd = await startEtcd();
}, 30_000);

afterAll(async () => {
  await registry?.dispose();
  pool?.closeAll();
  await etcd?.stop();
  rmSync(cacheDir, { recursive: true, force: true });
});

function httpJson(overrides: Partial<ConnectionSettings> = {}): ConnectionSettings {
  // The Protocol setting another part of the app adds; the registry reads it as the call's switch.
  return { ...defaultConnectionSettings(etcd.address), ...overrides, protocol: 'http-json' } as ConnectionSettings;
}

function call(service: string, method: string, requestJson: string | null, options: { connection?: ConnectionSettings; httpRuleIndex?: number } = {}) {
  const ref: MethodRef = { protoSetId, service: `etcdserverpb.${service}`, method };
  const found = store.codecFor(ref);
  if (!found.ok) throw new Error(found.error.message);
  const events = collectEvents();
  const started = registry.start({
    method: found.value.method,
    codec: found.value.codec,
    statusDecoder: store.statusDetailsDecoderFor(protoSetId),
    connection: options.connection ?? httpJson(),
    metadata: [],
    deadlineMs: 10_000,
    requestJson,
    options: { emitDefaults: false, ...(options.httpRuleIndex !== undefined ? { httpRuleIndex: options.httpRuleIndex } : {}) },
    sink: events.sink,
  });
  return { started, ended: events.ended };
}

async function run(service: string, method: string, requestJson: string, options: Parameters<typeof call>[3] = {}): Promise<CallEvent[]> {
  const { started, ended } = call(service, method, requestJson, options);
  if (!started.ok) throw new Error(`${started.error.code}: ${started.error.message}`);
  const events = await ended;
  expectWellFormed(events);
  return events;
}

const b64 = (text: string): string => Buffer.from(text).toString('base64');

describe('HTTP/JSON transcoding against etcd (grpc-gateway)', () => {
  it('the catalog carries the google.api.http rules, additional bindings after the primary one', () => {
    const put = store.codecFor({ protoSetId, service: 'etcdserverpb.KV', method: 'Put' });
    expect(put.ok ? put.value.method.httpRules : null).toEqual([{ verb: 'POST', path: '/v3/kv/put', body: '*', responseBody: '', jsonNames: {} }]);
    const revoke = store.codecFor({ protoSetId, service: 'etcdserverpb.Lease', method: 'LeaseRevoke' });
    expect(revoke.ok ? revoke.value.method.httpRules?.map((r) => `${r.verb} ${r.path}`) : null).toEqual(['POST /v3/lease/revoke', 'POST /v3/kv/lease/revoke']);
  });

  it('Put, then Range returns the value (bytes as base64 JSON) as a RangeResponse message', async () => {
    const put = await run('KV', 'Put', JSON.stringify({ key: b64('greeting'), value: b64('hello over HTTP') }));
    expect(statusOf(put)).toMatchObject({ code: 0, codeName: 'OK' });
    const putReply = JSON.parse(messagesOf(put, 'received')[0]?.json ?? '{}') as { header?: { revision?: string } };
    expect(Number(putReply.header?.revision)).toBeGreaterThan(1);

    const range = await run('KV', 'Range', JSON.stringify({ key: b64('greeting') }));
    expect(range.map((e) => e.type)).toEqual(['started', 'message', 'half_closed', 'headers', 'message', 'status', 'ended']);
    expect(statusOf(range)).toMatchObject({ code: 0, codeName: 'OK', details: '' });
    // etcd's gateway writes proto names (create_revision); the codec shows canonical JSON names.
    const reply = JSON.parse(messagesOf(range, 'received')[0]?.json ?? '{}') as { kvs: { key: string; value: string; createRevision: string }[]; count: string };
    expect(reply.count).toBe('1');
    expect(reply.kvs[0]).toMatchObject({ key: b64('greeting'), value: b64('hello over HTTP') });
    expect(Number(reply.kvs[0]?.createRevision)).toBeGreaterThan(0);
    const started = range[0] as Extract<CallEvent, { type: 'started' }>;
    expect(started.target).toBe(`POST http://${etcd.address}/v3/kv/range`);
    const headers = range.find((e): e is Extract<CallEvent, { type: 'headers' }> => e.type === 'headers');
    expect(headers?.metadata).toContainEqual({ key: 'content-type', value: 'application/json' });
    const timing = timingOf(range);
    expect(timing).toMatchObject({ messagesSent: 1, messagesReceived: 1 });
    expect(timing.peer).toBe(etcd.address);
  });

  it("a gateway error body comes back as the gRPC status etcd's server gave", async () => {
    const events = await run('KV', 'Range', JSON.stringify({ key: b64('greeting'), revision: '999999' }));
    expect(statusOf(events)).toMatchObject({ code: 11, codeName: 'OUT_OF_RANGE', details: 'etcdserver: mvcc: required revision is a future revision' });
    expect(messagesOf(events, 'received')).toHaveLength(0);
  });

  it('an additional binding is selectable and reaches the same method (NOT_FOUND for an unknown lease)', async () => {
    const events = await run('Lease', 'LeaseRevoke', '{"ID":"12345"}', { httpRuleIndex: 1 });
    expect((events[0] as Extract<CallEvent, { type: 'started' }>).target).toBe(`POST http://${etcd.address}/v3/kv/lease/revoke`);
    expect(statusOf(events)).toMatchObject({ code: 5, codeName: 'NOT_FOUND', details: 'etcdserver: requested lease not found' });
    const missing = call('Lease', 'LeaseRevoke', '{}', { httpRuleIndex: 2 }).started;
    expect(missing.ok ? null : missing.error.message).toBe('etcdserverpb.Lease.LeaseRevoke has 2 HTTP rules (0: POST /v3/lease/revoke, 1: POST /v3/kv/lease/revoke); there is no rule 2. Choose one in HTTP binding.');
  });

  it("server streaming reads the gateway's newline-delimited {\"result\": ...} lines as messages", async () => {
    const events = await run('Maintenance', 'Snapshot', '{}');
    expect(statusOf(events)).toMatchObject({ code: 0, codeName: 'OK' });
    const received = messagesOf(events, 'received').map((m) => JSON.parse(m.json) as { remainingBytes?: string; blob?: string });
    expect(received.length).toBeGreaterThan(1);
    expect(received.map((m, i) => messagesOf(events, 'received')[i]?.index)).toEqual(received.map((_, i) => i));
    expect(received.every((m) => typeof m.blob === 'string' && m.blob.length > 0)).toBe(true);
    // Together the blobs are the whole bbolt database file: its first page carries bbolt's magic 0xED0CDAED.
    const database = Buffer.concat(received.map((m) => Buffer.from(m.blob ?? '', 'base64')));
    expect(database.readUInt32LE(16)).toBe(0xed0cdaed);
  });

  it('an HTTP status without a gateway body maps to a gRPC code (404 -> UNIMPLEMENTED) and names the route', async () => {
    const events = await run('KV', 'Range', '{}', { connection: httpJson({ target: `http://${etcd.address}/no-such-prefix` }) });
    const status = statusOf(events);
    expect(status).toMatchObject({ code: 12, codeName: 'UNIMPLEMENTED' });
    expect(status.details).toContain(`HTTP 404 Not Found from POST http://${etcd.address}/no-such-prefix/v3/kv/range.`);
  });

  it('client and bidi streams are refused before the call starts, saying why', () => {
    const bidi = call('Lease', 'LeaseKeepAlive', null).started;
    // The shared rule (shared/wire-protocol.ts) refuses it first, with the sentence the UI shows next to Invoke.
    expect(bidi.ok ? null : bidi.error).toMatchObject({ code: 'INVALID_REQUEST', details: { field: 'protocol' } });
    expect(bidi.ok ? '' : bidi.error.message).toBe(
      'Bidirectional streaming calls cannot be made with HTTP/JSON (transcoded): google.api.http maps one request message to one HTTP request, so there is no way to send a stream of them. Choose gRPC or Connect in Protocol.',
    );
  });

  it('a refused connection is UNAVAILABLE and says nothing listens there', async () => {
    const events = await run('KV', 'Range', '{}', { connection: httpJson({ target: '127.0.0.1:1' }) });
    expect(statusOf(events)).toMatchObject({ code: 14, codeName: 'UNAVAILABLE' });
    expect(statusOf(events).details).toContain('Connection refused by http://127.0.0.1:1: nothing listens there.');
  });
});
