// One real engine for fault tests, with the protos of both peers: protos/demo.proto (grpc-js
// peer) and grpc/testing/test.proto (python peer), and the calls each peer streams with.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallEvent } from '../../../shared/call-events';
import { defaultConnectionSettings } from '../../../shared/connection';
import type { StartCallRequest } from '../../../shared/contract';
import type { CallId, ProtoSetId } from '../../../shared/ids';
import type { Result } from '../../../shared/result';
import type { WorkbenchEngine } from '../../../electron/engine/engine-api';
import { protosDir } from '../../../electron/engine/resources';
import { createWorkbenchEngine } from '../../../electron/engine/workbench-engine';
import { grpcProtoRoot } from '../../support/grpc-proto';
import type { PeerKind } from './fault-peers';

export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface FaultEngine {
  engine: WorkbenchEngine;
  /** A server stream of `count` messages, one every `intervalMs`. */
  serverStream(kind: PeerKind, address: string, count: number, intervalMs: number): StartCallRequest;
  /** A bidi stream (requests written with bidiMessage). */
  bidi(kind: PeerKind, address: string): StartCallRequest;
  bidiMessage(kind: PeerKind, text: string): string;
  unary(kind: PeerKind, address: string, deadlineMs?: number): StartCallRequest;
  events(callId: CallId): CallEvent[];
  received(callId: CallId): number;
  waitFor(what: string, predicate: () => boolean, timeoutMs?: number): Promise<void>;
  ended(callId: CallId, timeoutMs?: number): Promise<CallEvent[]>;
  /** Starts a unary call and answers its final status (code name and details). */
  unaryStatus(kind: PeerKind, address: string, deadlineMs?: number): Promise<{ code: string; details: string }>;
  dispose(): Promise<void>;
}

export async function createFaultEngine(): Promise<FaultEngine> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gw-faults-'));
  const engine = createWorkbenchEngine({ dataDir, shell: 'browser' });
  const byCall = new Map<string, CallEvent[]>();
  engine.onEvents((batch) => {
    for (const e of batch.events) if (e.kind === 'call') byCall.set(e.callId, [...(byCall.get(e.callId) ?? []), e.event]);
  });
  const demoSet: ProtoSetId = unwrap(await engine.invoke('protos:compile', { protoFiles: [join(protosDir(), 'demo.proto')], importPaths: [protosDir()] })).id;
  const root = grpcProtoRoot();
  const testSet: ProtoSetId = unwrap(await engine.invoke('protos:compile', { protoFiles: [join(root, 'grpc/testing/test.proto')], importPaths: [root] })).id;

  const request = (kind: PeerKind, address: string, method: string, requestJson: string | null, deadlineMs: number | null): StartCallRequest => ({
    method: kind === 'grpc-js' ? { protoSetId: demoSet, service: 'demo.v1.DemoService', method } : { protoSetId: testSet, service: 'grpc.testing.TestService', method },
    connection: defaultConnectionSettings(address),
    metadata: [],
    deadlineMs,
    requestJson,
    options: { emitDefaults: false },
  });
  const events = (callId: CallId) => byCall.get(callId) ?? [];
  const received = (callId: CallId) => events(callId).filter((e) => e.type === 'message' && e.direction === 'received').length;
  async function waitFor(what: string, predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await sleep(10);
    }
  }
  const ended = async (callId: CallId, timeoutMs = 15_000) => {
    await waitFor(`call ${callId} to end`, () => events(callId).some((e) => e.type === 'ended'), timeoutMs);
    return events(callId);
  };
  const unary = (kind: PeerKind, address: string, deadlineMs = 5_000) =>
    kind === 'grpc-js' ? request(kind, address, 'Echo', '{"message":"after"}', deadlineMs) : request(kind, address, 'UnaryCall', '{"responseSize":4}', deadlineMs);

  return {
    engine,
    serverStream: (kind, address, count, intervalMs) =>
      kind === 'grpc-js'
        ? request(kind, address, 'CountUp', JSON.stringify({ count, intervalMs }), null)
        : request(kind, address, 'StreamingOutputCall', JSON.stringify({ responseParameters: Array.from({ length: count }, () => ({ size: 8, intervalUs: intervalMs * 1000 })) }), null),
    bidi: (kind, address) => request(kind, address, kind === 'grpc-js' ? 'Chat' : 'FullDuplexCall', null, null),
    bidiMessage: (kind, text) => (kind === 'grpc-js' ? JSON.stringify({ user: 'soak', text }) : JSON.stringify({ responseParameters: [{ size: 4 }], payload: { body: Buffer.from(text).toString('base64') } })),
    unary,
    events,
    received,
    waitFor,
    ended,
    async unaryStatus(kind, address, deadlineMs) {
      const { callId } = unwrap(await engine.invoke('calls:start', unary(kind, address, deadlineMs)));
      const status = (await ended(callId)).find((e) => e.type === 'status');
      return status?.type === 'status' ? { code: status.status.codeName, details: status.status.details } : { code: 'NO_STATUS', details: '' };
    },
    async dispose() {
      await engine.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
