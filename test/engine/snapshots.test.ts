// Stream snapshots through the engine's channels against the demo server: a CountUp stream that
// outgrew the engine's ring is recorded whole beside its request file, compared again (its
// timestamps differ until ignored), and every misuse is refused with a message naming it.
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConnectionSettings } from '../../shared/connection';
import type { EventBatch, MethodRef } from '../../shared/contract';
import type { CallId } from '../../shared/ids';
import type { Result } from '../../shared/result';
import { createWorkbenchEngine } from '../../electron/engine/workbench-engine';

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

const RETAIN = 50;
const COUNT = 120;
const REQUEST = 'streams/CountUp.grpc.yaml';

describe('stream snapshots', () => {
  let dataDir: string;
  let folder: string;
  let engine: ReturnType<typeof createWorkbenchEngine>;
  let ref: (method: string) => MethodRef;
  let address: string;
  const batches: EventBatch[] = [];

  const start = async (method: string, body: string): Promise<CallId> =>
    unwrap(await engine.invoke('calls:start', { method: ref(method), connection: defaultConnectionSettings(address), metadata: [], deadlineMs: null, requestJson: body, options: { emitDefaults: false } })).callId;
  const ended = async (callId: CallId) => {
    const done = () => batches.some((b) => b.events.some((e) => e.kind === 'call' && e.callId === callId && e.event.type === 'ended'));
    for (let waited = 0; !done(); waited += 10) {
      if (waited > 20_000) throw new Error(`call ${callId} did not end`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return callId;
  };
  const run = async (method: string, body: string) => ended(await start(method, body));

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gw-snapshots-'));
    folder = join(dataDir, 'collection');
    engine = createWorkbenchEngine({ dataDir: join(dataDir, 'data'), shell: 'browser', retainMessages: RETAIN });
    engine.onEvents((batch) => batches.push(batch));
    const demo = unwrap(await engine.invoke('demo:start', { port: null }));
    address = demo.address;
    ref = (method) => ({ protoSetId: demo.protoSet.id, service: 'demo.v1.DemoService', method });
    unwrap(await engine.invoke('collections:create', { folder, name: 'Snapshots' }));
  }, 30_000);
  afterAll(async () => {
    await engine.dispose();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('records every received message of a stream longer than the ring, beside the request, with sorted keys', async () => {
    const callId = await run('CountUp', `{"count": ${COUNT}, "payloadBytes": 2}`);
    const saved = unwrap(await engine.invoke('snapshots:record', { folder, path: REQUEST, callId, ignore: null }));
    expect(saved).toEqual({ path: 'streams/CountUp.snapshot.json', messages: COUNT, ignore: [] });
    const text = await readFile(join(folder, 'streams', 'CountUp.snapshot.json'), 'utf8');
    const file = JSON.parse(text) as { version: number; ignore: string[]; messages: { index: number; json: { index?: number; sentAt: string; payload: string } }[] };
    expect(Object.keys(file)).toEqual(['ignore', 'messages', 'version']);
    expect(file.messages.map((m) => m.index)).toEqual([...Array(COUNT).keys()]);
    // Message 0 has index 0, which proto3 JSON leaves out.
    expect(file.messages[0]?.json).toEqual({ payload: expect.any(String), sentAt: expect.any(String) });
    expect(file.messages[COUNT - 1]?.json.index).toBe(COUNT - 1);
    expect(Object.keys(file.messages[5]?.json ?? {})).toEqual(['index', 'payload', 'sentAt']);
    expect(unwrap(await engine.invoke('snapshots:read', { folder, path: REQUEST }))).toEqual(saved);
  });

  it('compares a later call: the timestamp differs at message 0 until $.sentAt is ignored; the ignore paths are kept when recording again', async () => {
    const second = await run('CountUp', `{"count": ${COUNT}, "payloadBytes": 2}`);
    const differs = unwrap(await engine.invoke('snapshots:compare', { folder, path: REQUEST, callId: second }));
    expect(differs?.comparison).toMatchObject({ matches: false, kind: 'value', messageIndex: 0, path: '$.sentAt' });

    expect(unwrap(await engine.invoke('snapshots:setIgnore', { folder, path: REQUEST, ignore: ['$.sentAt', ''] }))).toMatchObject({ ignore: ['$.sentAt'], messages: COUNT });
    const matches = unwrap(await engine.invoke('snapshots:compare', { folder, path: REQUEST, callId: second }));
    expect(matches).toEqual({ snapshot: { path: 'streams/CountUp.snapshot.json', messages: COUNT, ignore: ['$.sentAt'] }, comparison: { matches: true, compared: COUNT } });

    const shorter = await run('CountUp', `{"count": 3, "payloadBytes": 2}`);
    expect(unwrap(await engine.invoke('snapshots:compare', { folder, path: REQUEST, callId: shorter }))?.comparison).toMatchObject({ kind: 'count', messageIndex: 3, expectedCount: COUNT, actualCount: 3 });

    const rerecorded = unwrap(await engine.invoke('snapshots:record', { folder, path: REQUEST, callId: shorter, ignore: null }));
    expect(rerecorded).toMatchObject({ messages: 3, ignore: ['$.sentAt'] });
  });

  it('records a message over the 64 Ki preview budget whole, not the preview that crossed to the page', async () => {
    const callId = await run('CountUp', '{"count": 2, "payloadBytes": 60000}');
    const crossed = batches.flatMap((b) => b.events).find((e) => e.kind === 'call' && e.callId === callId && e.event.type === 'message' && e.event.direction === 'received');
    expect(crossed?.kind === 'call' && crossed.event.type === 'message' && crossed.event.preview).toBeTruthy();
    unwrap(await engine.invoke('snapshots:record', { folder, path: 'Large.grpc.yaml', callId, ignore: [] }));
    const file = JSON.parse(await readFile(join(folder, 'Large.snapshot.json'), 'utf8')) as { messages: { json: { payload: string } }[] };
    expect(file.messages.map((m) => Buffer.from(m.json.payload, 'base64').length)).toEqual([60_000, 60_000]);
  });

  it('answers null for a request without a snapshot', async () => {
    const callId = await run('Echo', '{"message": "hi"}');
    expect(unwrap(await engine.invoke('snapshots:compare', { folder, path: 'Echo.grpc.yaml', callId }))).toBeNull();
    expect(unwrap(await engine.invoke('snapshots:read', { folder, path: 'Echo.grpc.yaml' }))).toBeNull();
  });

  it('refuses a running call, a bad ignore path, a broken file, a path outside the collection and a missing snapshot, naming each', async () => {
    const running = await start('CountUp', '{"count": 50, "intervalMs": 100}');
    const refused = await engine.invoke('snapshots:record', { folder, path: 'Running.grpc.yaml', callId: running, ignore: [] });
    expect(refused.ok || refused.error).toMatchObject({ code: 'CALL_STATE', message: expect.stringContaining('still running') });
    unwrap(await engine.invoke('calls:cancel', { callId: running }));
    await ended(running);

    const badIgnore = await engine.invoke('snapshots:setIgnore', { folder, path: REQUEST, ignore: ['sentAt'] });
    expect(badIgnore.ok || badIgnore.error.message).toBe('Ignore path: JSON path "sentAt" must start with "$" (e.g. "$.items[0].id"). Write paths like $.sentAt or $.items[*].id.');

    await writeFile(join(folder, 'Broken.snapshot.json'), '{"version": 1, "ignore": [], "messages": [{"index": 1, "json": {}}]}');
    const callId = await run('Echo', '{"message": "hi"}');
    const broken = await engine.invoke('snapshots:compare', { folder, path: 'Broken.grpc.yaml', callId });
    expect(broken.ok || broken.error.message).toBe(
      'Broken.snapshot.json is not a snapshot: messages[0] has index 1, but entries must be numbered 0, 1, 2 … in order (record the snapshot again, or renumber them). Fix it in an editor or record the snapshot again.',
    );

    const outside = await engine.invoke('snapshots:read', { folder, path: '../elsewhere.grpc.yaml' });
    expect(outside.ok || outside.error).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining('must not contain ".."') });
    await symlink(dataDir, join(folder, 'linked'));
    const linked = await engine.invoke('snapshots:record', { folder, path: 'linked/x.grpc.yaml', callId, ignore: [] });
    expect(linked.ok || linked.error.message).toContain('leads outside the collection folder');

    const missing = await engine.invoke('snapshots:setIgnore', { folder, path: 'Nothing.grpc.yaml', ignore: [] });
    expect(missing.ok || missing.error).toMatchObject({ code: 'NOT_FOUND', message: 'Nothing.snapshot.json does not exist: save a snapshot first (Save as snapshot after a call).' });
  }, 30_000);
});
