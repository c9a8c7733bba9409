// Service config retries through the real engine against the demo server on 127.0.0.1: Flaky fails
// its first fail_attempts calls per key with UNAVAILABLE; a retryPolicy turns that into OK, and the
// wire tap's attempts show every HTTP/2 stream with its status.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusCodeName, type CallEvent } from '../../shared/call-events';
import { defaultConnectionSettings, type ConnectionSettings } from '../../shared/connection';
import type { MethodRef, StartCallRequest } from '../../shared/contract';
import type { Result } from '../../shared/result';
import type { WorkbenchEngine } from '../../electron/engine/engine-api';
import { createWorkbenchEngine } from '../../electron/engine/workbench-engine';

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const RETRY_CONFIG = '{"methodConfig":[{"name":[{"service":"demo.v1.DemoService"}],"retryPolicy":{"maxAttempts":4,"initialBackoff":"0.01s","maxBackoff":"0.05s","backoffMultiplier":2,"retryableStatusCodes":["UNAVAILABLE"]}}]}';

describe('service config retries through the engine', () => {
  let dataDir: string;
  let engine: WorkbenchEngine;
  let demoSetId: string;
  let address: string;
  const byCall = new Map<string, CallEvent[]>();

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gw-retries-'));
    engine = createWorkbenchEngine({ dataDir, shell: 'browser' });
    engine.onEvents((batch) => {
      for (const e of batch.events) if (e.kind === 'call') byCall.set(e.callId, [...(byCall.get(e.callId) ?? []), e.event]);
    });
    const demo = unwrap(await engine.invoke('demo:start', { port: null }));
    demoSetId = demo.protoSet.id;
    address = demo.address;
  });
  afterAll(async () => {
    await engine?.dispose();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const flaky = (key: string, connection: Partial<ConnectionSettings>): StartCallRequest => ({
    method: { protoSetId: demoSetId, service: 'demo.v1.DemoService', method: 'Flaky' } as MethodRef,
    connection: { ...defaultConnectionSettings(address), ...connection },
    metadata: [],
    deadlineMs: 20_000,
    requestJson: JSON.stringify({ key, failAttempts: 2 }),
    options: { emitDefaults: false },
  });

  async function ended(callId: string): Promise<CallEvent[]> {
    const until = Date.now() + 15_000;
    while (Date.now() < until) {
      const events = byCall.get(callId) ?? [];
      if (events.some((e) => e.type === 'ended')) return events;
      await sleep(10);
    }
    throw new Error(`call ${callId} did not end`);
  }
  const find = <T extends CallEvent['type']>(events: CallEvent[], type: T) => events.find((e): e is Extract<CallEvent, { type: T }> => e.type === type);

  it('with a retryPolicy, Flaky succeeds on the third attempt and all three attempts are recorded', async () => {
    const { callId } = unwrap(await engine.invoke('calls:start', flaky(`retry-${Date.now()}`, { serviceConfig: RETRY_CONFIG })));
    const events = await ended(callId);
    expect(find(events, 'status')?.status.codeName).toBe('OK');
    const attempts = find(events, 'ended')?.timing?.attempts ?? [];
    expect(attempts.map((a) => (a.code === null ? null : statusCodeName(a.code)))).toEqual(['UNAVAILABLE', 'UNAVAILABLE', 'OK']);
  });

  it('gzip requests over three attempts: the one sent message reports its frame once, also in a snapshot', async () => {
    const { callId } = unwrap(await engine.invoke('calls:start', flaky(`gzip-${Date.now()}`, { serviceConfig: RETRY_CONFIG, compression: 'gzip' })));
    const events = await ended(callId);
    expect(find(events, 'status')?.status.codeName).toBe('OK');
    const timing = find(events, 'ended')?.timing;
    expect(timing?.attempts?.length).toBe(3);
    // Each attempt wrote the request again; the message is one message, compressed once.
    expect(timing).toMatchObject({ messagesSent: 1, sentCompressed: 1 });
    const wires = events.filter((e): e is Extract<CallEvent, { type: 'sent_wire' }> => e.type === 'sent_wire');
    expect(wires.map((w) => [w.index, w.wire.compression])).toEqual([[0, 'gzip']]);
    const snapshot = unwrap(await engine.invoke('calls:snapshot', { callIds: [callId], lastMessages: 10 }));
    const rebuilt = snapshot.calls[0];
    const sent = rebuilt?.known ? rebuilt.events.find((e) => e.type === 'message' && e.direction === 'sent') : undefined;
    expect(sent).toMatchObject({ wire: wires[0]?.wire });
  });

  it('without a service config the same call fails UNAVAILABLE after one attempt', async () => {
    const { callId } = unwrap(await engine.invoke('calls:start', flaky(`plain-${Date.now()}`, {})));
    const events = await ended(callId);
    expect(find(events, 'status')?.status.codeName).toBe('UNAVAILABLE');
    expect(find(events, 'ended')?.timing?.attempts?.length).toBe(1);
  });
});
