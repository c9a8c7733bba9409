// Auth metadata through the validated dispatch against python3-grpcio (auth_server.py), which
// refuses everything without "authorization: Bearer fixture-token": a unary call, server
// reflection and a health check each pass with the header and fail UNAUTHENTICATED without it,
// so the metadata a request carries reaches reflection and health as it reaches calls.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProtoSetSummary } from '../../shared/catalog';
import type { CallEvent } from '../../shared/call-events';
import { defaultConnectionSettings } from '../../shared/connection';
import type { StartCallResponse } from '../../shared/contract';
import type { MetadataEntry } from '../../shared/metadata';
import type { Result } from '../../shared/result';
import type { WorkbenchEngine } from '../../electron/engine/engine-api';
import { createValidatedDispatch, type ValidatedDispatch } from '../../electron/engine/dispatch/validated-dispatch';
import { createWorkbenchEngine } from '../../electron/engine/workbench-engine';
import { startPythonPeer, type PythonPeer } from '../support/python-peer';

const TOKEN: MetadataEntry[] = [{ key: 'authorization', value: 'Bearer fixture-token' }];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function unwrap<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

describe('auth metadata on calls, reflection and health (python3-grpcio)', () => {
  let dataDir: string;
  let engine: WorkbenchEngine;
  let dispatch: ValidatedDispatch;
  let peer: PythonPeer;
  const byCall = new Map<string, CallEvent[]>();

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gw-auth-'));
    engine = createWorkbenchEngine({ dataDir, shell: 'browser' });
    dispatch = createValidatedDispatch(engine);
    engine.onEvents((batch) => {
      for (const e of batch.events) if (e.kind === 'call') byCall.set(e.callId, [...(byCall.get(e.callId) ?? []), e.event]);
    });
    peer = await startPythonPeer('auth_server.py');
  }, 30_000);
  afterAll(async () => {
    await peer?.stop();
    await engine?.dispose();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const connection = () => defaultConnectionSettings(peer.address);

  it('server reflection: UNAUTHENTICATED explained without the token, the services with it', async () => {
    const refused = await dispatch('protos:reflect', { connection: connection(), metadata: [] });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toMatch(/UNAUTHENTICATED.*authorization/);
    const set = unwrap<ProtoSetSummary>(await dispatch('protos:reflect', { connection: connection(), metadata: TOKEN }));
    const services = set.packages.flatMap((p) => p.services.map((s) => s.fullName));
    expect(services).toContain('grpc.testing.TestService');
  });

  it('a unary call: UNAUTHENTICATED without the token, OK with it', async () => {
    const set = unwrap<ProtoSetSummary>(await dispatch('protos:reflect', { connection: connection(), metadata: TOKEN }));
    const status = async (metadata: MetadataEntry[]) => {
      const { callId } = unwrap<StartCallResponse>(await dispatch('calls:start', {
        method: { protoSetId: set.id, service: 'grpc.testing.TestService', method: 'UnaryCall' },
        connection: connection(), metadata, deadlineMs: 10_000, requestJson: '{"responseSize":3}', options: { emitDefaults: false },
      }));
      for (let i = 0; i < 500; i++) {
        const found = byCall.get(callId)?.find((e): e is Extract<CallEvent, { type: 'status' }> => e.type === 'status');
        if (found) return found.status.codeName;
        await sleep(20);
      }
      throw new Error('the call did not end');
    };
    expect(await status([])).toBe('UNAUTHENTICATED');
    expect(await status(TOKEN)).toBe('OK');
  });

  it('a health check: refused without the token, SERVING with it', async () => {
    const refused = await dispatch('health:check', { connection: connection(), metadata: [], service: '' });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toContain('UNAUTHENTICATED');
    const served = unwrap<{ status: string }>(await dispatch('health:check', { connection: connection(), metadata: TOKEN, service: '' }));
    expect(served.status).toBe('SERVING');
  });
});
