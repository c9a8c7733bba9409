// The runner compares each request that has a snapshot file with what its call received, against
// the demo server: CountUp's messages carry a timestamp (sentAt), so a re-run differs until the
// snapshot ignores $.sentAt; a message edited in the file is named with its path in the report
// and in JUnit; --update-snapshots records the stream again and keeps the ignore paths.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @xmldom/xmldom comes with electron-builder (plist); its types bring the DOM's Element.
import { DOMParser } from '@xmldom/xmldom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type RunningDemoServer } from '../../electron/engine/demo/demo-server';
import { writeCollection } from './collection-fixture';
import { runCli } from './run-cli';

interface SnapshotJson {
  version: 1;
  ignore: string[];
  messages: { index: number; json: Record<string, unknown> }[];
}

describe('grpc-workbench run with stream snapshots', () => {
  let demo: RunningDemoServer;
  let scratch: string;
  let collection: string;
  let snapshotFile: string;
  const readSnapshot = async () => JSON.parse(await readFile(snapshotFile, 'utf8')) as SnapshotJson;
  const writeSnapshot = (snapshot: SnapshotJson) => writeFile(snapshotFile, JSON.stringify(snapshot, null, 2));

  beforeAll(async () => {
    demo = await startDemoServer();
    scratch = await mkdtemp(join(tmpdir(), 'cli-snapshots-'));
    collection = join(scratch, 'collection');
    snapshotFile = join(collection, 'streams', 'CountUp.snapshot.json');
    await writeCollection(collection, join(scratch, 'data'), {
      name: 'Snapshots',
      requests: [
        { path: 'Echo.grpc.yaml', service: 'demo.v1.DemoService', method: 'Echo', target: demo.address, body: '{"message": "no snapshot here"}' },
        { path: 'streams/CountUp.grpc.yaml', service: 'demo.v1.DemoService', method: 'CountUp', target: demo.address, body: '{"count": 5}' },
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await demo?.stop();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('records a server stream as its snapshot, fails a re-run on the volatile timestamp, and passes once $.sentAt is ignored', async () => {
    const recorded = await runCli(['run', collection, '--folder', 'streams', '--update-snapshots']);
    expect(recorded.code, recorded.stdout + recorded.stderr).toBe(0);
    expect(recorded.stdout).toContain('Snapshot saved: streams/CountUp.snapshot.json (5 messages)');
    const snapshot = await readSnapshot();
    expect(snapshot.messages.map((m) => m.json['index'] ?? 0)).toEqual([0, 1, 2, 3, 4]);

    const drifted = await runCli(['run', collection, '--reporter', 'json']);
    expect(drifted.code).toBe(1);
    const report = JSON.parse(drifted.stdout) as { results: { path: string; verdict: { passed: boolean; failures: string[] } }[] };
    expect(report.results.find((r) => r.path === 'Echo.grpc.yaml')?.verdict.passed).toBe(true);
    expect(report.results.find((r) => r.path === 'streams/CountUp.grpc.yaml')?.verdict.failures).toEqual([
      expect.stringMatching(/^Snapshot streams\/CountUp\.snapshot\.json differs: message 0: \$\.sentAt expected "[^"]+Z" got "[^"]+Z"$/),
    ]);

    await writeSnapshot({ ...snapshot, ignore: ['$.sentAt'] });
    const ignored = await runCli(['run', collection]);
    expect(ignored.code, ignored.stdout).toBe(0);
    expect(ignored.stdout).toMatch(/✓ streams\/CountUp {2}OK/);
  }, 60_000);

  it('exits 1 when message 2 of the snapshot differs and names message 2 and the path in the report and in JUnit', async () => {
    const snapshot = await readSnapshot();
    const edited = { ...snapshot, messages: snapshot.messages.map((m) => (m.index === 2 ? { ...m, json: { ...m.json, index: 7 } } : m)) };
    await writeSnapshot(edited);
    const output = join(scratch, 'junit.xml');
    const run = await runCli(['run', collection, '--reporter', 'junit', '--output', output]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✗ streams/CountUp  OK');
    expect(run.stdout).toContain('Snapshot streams/CountUp.snapshot.json differs: message 2: $.index expected 7 got 2');
    const doc = new DOMParser().parseFromString(await readFile(output, 'utf8'), 'text/xml');
    const failures = Array.from(doc.getElementsByTagName('failure'));
    expect(failures.map((f) => f.getAttribute('message'))).toEqual(['Snapshot streams/CountUp.snapshot.json differs: message 2: $.index expected 7 got 2']);
  }, 60_000);

  it('--update-snapshots records the stream again and keeps the ignore paths; a snapshot file that is not a snapshot fails its request and says how to fix it', async () => {
    const updated = await runCli(['run', collection, '--folder', 'streams', '--update-snapshots']);
    expect(updated.code, updated.stdout).toBe(0);
    const snapshot = await readSnapshot();
    expect(snapshot.ignore).toEqual(['$.sentAt']);
    expect(snapshot.messages[2]?.json['index']).toBe(2);
    expect((await runCli(['run', collection])).code).toBe(0);

    await writeFile(snapshotFile, '{"version": 1, "ignore": ["sentAt"], "messages": []}');
    const broken = await runCli(['run', collection, '--folder', 'streams']);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('Snapshot: streams/CountUp.snapshot.json is not a usable snapshot: Ignore path: JSON path "sentAt" must start with "$"');
    expect(broken.stdout).toContain('Fix it in an editor or record the snapshot again.');
  }, 60_000);
});
