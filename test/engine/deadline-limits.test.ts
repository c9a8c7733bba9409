import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallEvent } from '../../shared/call-events';
import { defaultConnectionSettings } from '../../shared/connection';
import type { DemoServerInfo, MethodRef, StartCallRequest } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { validateRequest } from '../../shared/validation';
import type { WorkbenchEngine } from '../../electron/engine/engine-api';
import { createWorkbenchEngine } from '../../electron/engine/workbench-engine';

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

/**
 * The largest deadline the contract accepts must work against a grpc-js server. grpc-js sends
 * a deadline of 10^8 ms or more as whole seconds rounded up ("2147484S" for 2^31-1 ms), and a
 * grpc-js server reads grpc-timeout into a 32-bit int of milliseconds: above 2^31-1 it wraps
 * negative and the server's deadline timer fires at once (DEADLINE_EXCEEDED after ~1 ms).
 */
describe('the largest deadline the contract accepts, against a grpc-js server on 127.0.0.1', () => {
  let dataDir: string;
  let engine: WorkbenchEngine;
  let demo: DemoServerInfo;
  const statuses = new Map<string, string>();
  const waiters = new Map<string, (status: string) => void>();

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gw-deadline-'));
    engine = createWorkbenchEngine({ dataDir, shell: 'browser' });
    engine.onEvents((batch) => {
      for (const e of batch.events) {
        if (e.kind !== 'call') continue;
        const event: CallEvent = e.event;
        if (event.type === 'status') statuses.set(e.callId, event.status.codeName);
        if (event.type === 'ended') waiters.get(e.callId)?.(statuses.get(e.callId) ?? '');
      }
    });
    demo = unwrap(await engine.invoke('demo:start', { port: null }));
    expect(demo.address).toMatch(/^127\.0\.0\.1:\d+$/);
  });
  afterAll(async () => {
    await engine.dispose();
    await rm(dataDir, { recursive: true, force: true });
  });

  const slowCall = (deadlineMs: number): StartCallRequest => ({
    method: { protoSetId: demo.protoSet.id, service: 'demo.v1.DemoService', method: 'Slow' } satisfies MethodRef,
    connection: defaultConnectionSettings(demo.address),
    metadata: [],
    deadlineMs,
    requestJson: '{"delayMs":300}',
    options: { emitDefaults: false },
  });
  const accepted = (deadlineMs: number) => validateRequest('calls:start', slowCall(deadlineMs)).ok;

  async function statusOf(deadlineMs: number): Promise<string> {
    const { callId } = unwrap(await engine.invoke('calls:start', slowCall(deadlineMs)));
    return new Promise((resolve) => {
      const known = statuses.get(callId);
      if (known !== undefined) resolve(known);
      else waiters.set(callId, resolve);
    });
  }

  it('finds the limit where the contract stops accepting deadlines, and the call with it finishes', async () => {
    // Search for the largest accepted deadline rather than trusting a constant.
    let low = 1;
    let high = 2 ** 40;
    expect(accepted(low)).toBe(true);
    expect(accepted(high)).toBe(false);
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (accepted(middle)) low = middle;
      else high = middle;
    }
    expect(low).toBeGreaterThanOrEqual(20 * 86_400_000); // still weeks: long-running streams keep working
    expect(await statusOf(low)).toBe('OK'); // the server waited 300 ms and answered; it did not expire at once
    const refused = validateRequest('calls:start', slowCall(low + 1));
    expect(refused.ok).toBe(false);
  });

  it('works for deadlines just below the limit and for the ones grpc-js sends in seconds', async () => {
    expect(await Promise.all([99_999_999, 100_000_000, 1_000_000_000, 2_147_482_999].map(statusOf))).toEqual(['OK', 'OK', 'OK', 'OK']);
  });

  it('the engine itself refuses a deadline over the limit, naming it, instead of a call that expires at once', async () => {
    const result = await engine.invoke('calls:start', slowCall(2_147_483_647));
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', message: expect.stringMatching(/at most 2147483000 \(about 24\.8 days; longer ones overflow gRPC's timers/) } });
  });
});
