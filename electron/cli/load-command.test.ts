import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BEARER_TOKEN } from '../engine/demo/demo-auth';
import { startDemoServer, type RunningDemoServer } from '../engine/demo/demo-server';
import { protosDir } from '../engine/resources';
import { runLoadCommand } from './load-command';

describe('grpc-workbench load', () => {
  let folder: string;
  let demo: RunningDemoServer;
  let requestFile: string;
  beforeAll(async () => {
    demo = await startDemoServer({ port: 0 });
    folder = await mkdtemp(join(tmpdir(), 'gw-load-cli-'));
    await writeFile(join(folder, 'grpc-collection.yaml'), `name: cli\nschema:\n  protoFiles: [${join(protosDir(), 'demo.proto')}]\n  importPaths: [${protosDir()}]\n`);
    requestFile = join(folder, 'echo.yaml');
    await writeFile(requestFile, `method: demo.v1.DemoService/Echo\ntarget: ${demo.address}\nbody: '{"message":"hi"}'\n`);
  });
  afterAll(async () => {
    await demo.stop();
    await rm(folder, { recursive: true, force: true });
  });

  const run = async (args: string[]) => {
    let out = '';
    let err = '';
    const code = await runLoadCommand(args, (t) => (out += t), (t) => (err += t));
    return { code, out, err };
  };

  it('--help prints the usage and exits 0', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    expect(out).toMatch(/Usage: grpc-workbench load <saved request file>/);
    expect(out).toMatch(/--connections N/);
  });

  it('runs the saved request: summary on stdout, exit 0 when every call is OK', async () => {
    const { code, out } = await run([requestFile, '--concurrency', '4', '--total', '50']);
    expect(code).toBe(0);
    expect(out).toMatch(/Requests: +50\n/);
    expect(out).toMatch(/OK: 50/);
  });

  it('--format json --output writes the ghz report; csv has one line per call', async () => {
    const output = join(folder, 'report.json');
    expect((await run([requestFile, '--total', '20', '--format', 'json', '--output', output])).code).toBe(0);
    const report = JSON.parse(await readFile(output, 'utf8')) as Record<string, unknown>;
    expect(report).toMatchObject({ count: 20, endReason: 'normal', statusCodeDistribution: { OK: 20 } });
    const csv = await run([requestFile, '--total', '20', '--format', 'csv']);
    expect(csv.out.trim().split('\n')).toHaveLength(21);
  });

  it('sends the request\'s auth as the app does: Whoami with a bearer token is OK every time', async () => {
    const whoami = join(folder, 'whoami.yaml');
    await writeFile(whoami, `method: demo.v1.DemoService/Whoami\ntarget: ${demo.address}\nauth:\n  kind: bearer\n  token: ${DEMO_BEARER_TOKEN}\n`);
    const { code, out } = await run([whoami, '--total', '10']);
    expect(out).toMatch(/OK: 10/);
    expect(code).toBe(0);
  });

  it('reads the deadline as the app does, and names a bad one', async () => {
    const bad = join(folder, 'bad-deadline.yaml');
    await writeFile(bad, `method: demo.v1.DemoService/Echo\ntarget: ${demo.address}\ndeadline: soon\n`);
    const { code, err } = await run([bad, '--total', '1']);
    expect(code).toBe(2);
    expect(err).toMatch(/Deadline: enter whole milliseconds .*\(got "soon"\)/);
  });

  it('exits 1 when calls fail and 2 on bad arguments, naming the problem', async () => {
    const failing = join(folder, 'fail.yaml');
    await writeFile(failing, `method: demo.v1.DemoService/Echo\ntarget: 127.0.0.1:1\ndeadline: 2s\n`);
    const failed = await run([failing, '--total', '3', '--concurrency', '1']);
    expect(failed.code).toBe(1);
    expect(failed.out).toMatch(/UNAVAILABLE: 3/);
    expect((await run([requestFile, '--concurrency', '0'])).err).toMatch(/--concurrency must be a whole number above 0 \(got "0"\)/);
    expect((await run([requestFile, '--format', 'xml'])).code).toBe(2);
    const missing = await run([join(folder, 'nope.yaml')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/Cannot read .*nope\.yaml/);
    expect((await run([])).err).toMatch(/exactly one saved request file/);
    const outside = join(tmpdir(), `gw-no-collection-${process.pid}.yaml`);
    await writeFile(outside, `method: demo.v1.DemoService/Echo\ntarget: ${demo.address}\n`);
    const lost = await run([outside]);
    await rm(outside, { force: true });
    expect(lost.code).toBe(2);
    expect(lost.err).toMatch(/is not inside a collection: no grpc-collection\.yaml in its folder or any folder above it/);
  });
});
