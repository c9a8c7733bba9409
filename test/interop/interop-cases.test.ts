// The gRPC interop test cases (grpc/grpc doc/interop-test-descriptions.md), run by our engine
// as the client against a server that is not grpc-js: Debian's python3-grpcio (C-core).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallEvent, CallStatus } from '../../shared/call-events';
import { defaultConnectionSettings } from '../../shared/connection';
import type { MethodRef, StartCallRequest } from '../../shared/contract';
import type { CallId, ProtoSetId } from '../../shared/ids';
import type { Result } from '../../shared/result';
import type { WorkbenchEngine } from '../../electron/engine/engine-api';
import { createWorkbenchEngine } from '../../electron/engine/workbench-engine';
import { grpcProtoRoot } from '../support/grpc-proto';
import { startPythonPeer, type PythonPeer } from '../support/python-peer';

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

const zeros = (n: number) => Buffer.alloc(n).toString('base64');

describe('interop test cases against python3-grpcio', () => {
  let peer: PythonPeer;
  let dataDir: string;
  let engine: WorkbenchEngine;
  let protoSetId: ProtoSetId;
  const byCall = new Map<string, CallEvent[]>();
  const waiters = new Map<string, () => void>();

  beforeAll(async () => {
    peer = await startPythonPeer('interop_server.py');
    dataDir = await mkdtemp(join(tmpdir(), 'gw-interop-'));
    engine = createWorkbenchEngine({ dataDir, shell: 'browser' });
    engine.onEvents((batch) => {
      for (const e of batch.events) {
        if (e.kind !== 'call') continue;
        const list = byCall.get(e.callId) ?? [];
        list.push(e.event);
        byCall.set(e.callId, list);
        if (e.event.type === 'ended') waiters.get(e.callId)?.();
        if (e.event.type === 'message') waiters.get(`${e.callId}:message`)?.();
      }
    });
    const root = grpcProtoRoot();
    protoSetId = unwrap(await engine.invoke('protos:compile', { protoFiles: [join(root, 'grpc/testing/test.proto')], importPaths: [root] })).id;
  });
  afterAll(async () => {
    await engine?.dispose();
    await peer?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const ref = (method: string, service = 'grpc.testing.TestService'): MethodRef => ({ protoSetId, service, method });

  async function start(method: MethodRef, requestJson: string | null, extra: Partial<StartCallRequest> = {}): Promise<CallId> {
    const request: StartCallRequest = {
      method,
      connection: defaultConnectionSettings(peer.address),
      metadata: [],
      deadlineMs: 10_000,
      requestJson,
      options: { emitDefaults: false },
      ...extra,
    };
    return unwrap(await engine.invoke('calls:start', request)).callId;
  }
  // A message over the preview budget crosses cut short; the whole one comes from calls:messages.
  const wholeJson = async (id: CallId, position: number): Promise<string> => {
    const range = unwrap(await engine.invoke('calls:messages', { callId: id, from: position, count: 1 }));
    const message = range.messages[0];
    if (message === undefined) throw new Error(`message ${position} of ${id} is not kept`);
    return message.json;
  };
  const ended = async (id: CallId): Promise<CallEvent[]> => {
    const events = await new Promise<CallEvent[]>((resolve) => {
      const done = () => resolve(byCall.get(id) ?? []);
      if (byCall.get(id)?.some((e) => e.type === 'ended')) done();
      else waiters.set(id, done);
    });
    return Promise.all(events.map(async (e) => (e.type === 'message' && e.preview !== undefined ? { ...e, json: await wholeJson(id, e.preview.position) } : e)));
  };
  const receivedCount = (id: CallId) => (byCall.get(id) ?? []).filter((e) => e.type === 'message' && e.direction === 'received').length;
  const nextReceived = async (id: CallId, count: number) => {
    while (receivedCount(id) < count) await new Promise<void>((resolve) => waiters.set(`${id}:message`, resolve));
  };
  const received = (events: CallEvent[]) =>
    events.flatMap((e) => (e.type === 'message' && e.direction === 'received' ? [JSON.parse(e.json) as Record<string, unknown>] : []));
  const statusOf = (events: CallEvent[]): CallStatus => {
    const s = events.find((e) => e.type === 'status');
    if (s?.type !== 'status') throw new Error('no status');
    return s.status;
  };
  const bodyLength = (m: Record<string, unknown>) => Buffer.from(((m.payload as { body?: string } | undefined)?.body ?? ''), 'base64').length;

  it('empty_unary', async () => {
    const events = await ended(await start(ref('EmptyCall'), '{}'));
    expect(statusOf(events).codeName).toBe('OK');
    expect(received(events)).toEqual([{}]);
  });

  it('large_unary', async () => {
    const events = await ended(await start(ref('UnaryCall'), JSON.stringify({ responseSize: 314159, payload: { body: zeros(271828) } })));
    expect(statusOf(events).codeName).toBe('OK');
    const [response] = received(events);
    expect(response && bodyLength(response)).toBe(314159);
    const sent = events.find((e) => e.type === 'message' && e.direction === 'sent');
    // The wire size counts the 271,828-byte payload plus its field framing.
    expect(sent?.type === 'message' && sent.bytes).toBeGreaterThan(271828);
  });

  it('client_streaming', async () => {
    const id = await start(ref('StreamingInputCall'), null);
    for (const size of [27182, 8, 1828, 45904]) unwrap(await engine.invoke('calls:write', { callId: id, json: JSON.stringify({ payload: { body: zeros(size) } }) }));
    unwrap(await engine.invoke('calls:halfClose', { callId: id }));
    const events = await ended(id);
    expect(statusOf(events).codeName).toBe('OK');
    expect(received(events)).toEqual([{ aggregatedPayloadSize: 74922 }]);
  });

  it('server_streaming', async () => {
    const sizes = [31415, 9, 2653, 58979];
    const events = await ended(await start(ref('StreamingOutputCall'), JSON.stringify({ responseParameters: sizes.map((size) => ({ size })) })));
    expect(statusOf(events).codeName).toBe('OK');
    expect(received(events).map(bodyLength)).toEqual(sizes);
  });

  it('ping_pong', async () => {
    const id = await start(ref('FullDuplexCall'), null);
    const pairs = [[31415, 27182], [9, 8], [2653, 1828], [58979, 45904]] as const;
    for (const [i, [responseSize, payloadSize]] of pairs.entries()) {
      unwrap(await engine.invoke('calls:write', { callId: id, json: JSON.stringify({ responseParameters: [{ size: responseSize }], payload: { body: zeros(payloadSize) } }) }));
      await nextReceived(id, i + 1);
    }
    unwrap(await engine.invoke('calls:halfClose', { callId: id }));
    const events = await ended(id);
    expect(statusOf(events).codeName).toBe('OK');
    expect(received(events).map(bodyLength)).toEqual(pairs.map(([size]) => size));
  });

  it('empty_stream', async () => {
    const id = await start(ref('FullDuplexCall'), null);
    unwrap(await engine.invoke('calls:halfClose', { callId: id }));
    const events = await ended(id);
    expect(statusOf(events).codeName).toBe('OK');
    expect(received(events)).toEqual([]);
  });

  it('custom_metadata (unary and full duplex)', async () => {
    const metadata = [
      { key: 'x-grpc-test-echo-initial', value: 'test_initial_metadata_value' },
      { key: 'x-grpc-test-echo-trailing-bin', value: Buffer.from([0xab, 0xab, 0xab]).toString('base64') },
    ];
    const check = (events: CallEvent[]) => {
      const headers = events.find((e) => e.type === 'headers');
      expect(headers?.type === 'headers' && headers.metadata).toContainEqual({ key: 'x-grpc-test-echo-initial', value: 'test_initial_metadata_value' });
      expect(statusOf(events).trailers).toContainEqual({ key: 'x-grpc-test-echo-trailing-bin', value: 'q6ur' });
    };
    check(await ended(await start(ref('UnaryCall'), JSON.stringify({ responseSize: 314159, payload: { body: zeros(271828) } }), { metadata })));
    const id = await start(ref('FullDuplexCall'), null, { metadata });
    unwrap(await engine.invoke('calls:write', { callId: id, json: JSON.stringify({ responseParameters: [{ size: 314159 }], payload: { body: zeros(271828) } }) }));
    unwrap(await engine.invoke('calls:halfClose', { callId: id }));
    check(await ended(id));
  });

  it('status_code_and_message (unary and full duplex)', async () => {
    const responseStatus = { code: 2, message: 'test status message' };
    const unary = statusOf(await ended(await start(ref('UnaryCall'), JSON.stringify({ responseStatus }))));
    expect([unary.codeName, unary.details]).toEqual(['UNKNOWN', 'test status message']);
    const id = await start(ref('FullDuplexCall'), null);
    unwrap(await engine.invoke('calls:write', { callId: id, json: JSON.stringify({ responseStatus }) }));
    unwrap(await engine.invoke('calls:halfClose', { callId: id }));
    const duplex = statusOf(await ended(id));
    expect([duplex.codeName, duplex.details]).toEqual(['UNKNOWN', 'test status message']);
  });

  it('special_status_message', async () => {
    const message = '\t\ntest with whitespace\r\nand Unicode BMP ☺ and non-BMP 😈\t\n';
    const status = statusOf(await ended(await start(ref('UnaryCall'), JSON.stringify({ responseStatus: { code: 2, message } }))));
    expect(status.codeName).toBe('UNKNOWN');
    expect(status.details).toBe(message);
  });

  it('unimplemented_method', async () => {
    expect(statusOf(await ended(await start(ref('UnimplementedCall'), '{}'))).codeName).toBe('UNIMPLEMENTED');
  });

  it('unimplemented_service', async () => {
    const events = await ended(await start(ref('UnimplementedCall', 'grpc.testing.UnimplementedService'), '{}'));
    expect(statusOf(events).codeName).toBe('UNIMPLEMENTED');
  });

  it('timeout_on_sleeping_server', async () => {
    const id = await start(ref('FullDuplexCall'), null, { deadlineMs: 1 });
    // The write may race the deadline; either way the call must end DEADLINE_EXCEEDED.
    await engine.invoke('calls:write', { callId: id, json: JSON.stringify({ payload: { body: zeros(27182) } }) });
    expect(statusOf(await ended(id)).codeName).toBe('DEADLINE_EXCEEDED');
  });

  it('cancel_after_begin', async () => {
    const id = await start(ref('StreamingInputCall'), null);
    unwrap(await engine.invoke('calls:cancel', { callId: id }));
    expect(statusOf(await ended(id)).codeName).toBe('CANCELLED');
  });

  it('cancel_after_first_response', async () => {
    const id = await start(ref('FullDuplexCall'), null);
    unwrap(await engine.invoke('calls:write', { callId: id, json: JSON.stringify({ responseParameters: [{ size: 31415 }], payload: { body: zeros(27182) } }) }));
    await nextReceived(id, 1);
    unwrap(await engine.invoke('calls:cancel', { callId: id }));
    const events = await ended(id);
    expect(statusOf(events).codeName).toBe('CANCELLED');
    expect(received(events)).toHaveLength(1);
  });

  it('reflection falls back to v1alpha on a server that offers only v1alpha', async () => {
    const set = unwrap(await engine.invoke('protos:reflect', { connection: defaultConnectionSettings(peer.address), metadata: [] }));
    const services = set.packages.flatMap((p) => p.services.map((s) => s.fullName));
    expect(services).toContain('grpc.testing.TestService');
  });
});
