import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
// @xmldom/xmldom comes with electron-builder (plist); its types bring the DOM's Element.
import { DOMParser } from '@xmldom/xmldom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type RunningDemoServer } from '../../electron/engine/demo/demo-server';
import { startPythonPeer, type PythonPeer } from '../support/python-peer';
import { writeCollection } from './collection-fixture';

const CLI = fileURLToPath(new URL('../../electron/cli/cli.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(TSX, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The JUnit XML schema's required shape: testsuites > testsuite(name, tests, failures, errors, time) > testcase(name, classname, time) [> failure(message, type)]. */
function checkJunitShape(xml: string): Element[] {
  const errors: string[] = [];
  const doc = new DOMParser({ errorHandler: { error: (message: string) => errors.push(message), fatalError: (message: string) => errors.push(message) } }).parseFromString(xml, 'text/xml');
  expect(errors).toEqual([]);
  const root = doc.documentElement as Element;
  expect(root.tagName).toBe('testsuites');
  const suites = Array.from(root.getElementsByTagName('testsuite'));
  expect(suites.length).toBeGreaterThan(0);
  const cases: Element[] = [];
  for (const suite of suites) {
    for (const attribute of ['name', 'tests', 'failures', 'errors', 'time', 'timestamp', 'hostname', 'id', 'package']) expect(suite.hasAttribute(attribute), `testsuite@${attribute}`).toBe(true);
    const own = Array.from(suite.getElementsByTagName('testcase'));
    expect(Number(suite.getAttribute('tests'))).toBe(own.length);
    for (const testcase of own) {
      for (const attribute of ['name', 'classname', 'time']) expect(testcase.hasAttribute(attribute), `testcase@${attribute}`).toBe(true);
      for (const failure of Array.from(testcase.getElementsByTagName('failure'))) expect(failure.hasAttribute('message') && failure.hasAttribute('type')).toBe(true);
      cases.push(testcase);
    }
    expect(Number(suite.getAttribute('failures'))).toBe(own.filter((c) => c.getElementsByTagName('failure').length > 0).length);
  }
  return cases;
}

describe('grpc-workbench run', () => {
  let demo: RunningDemoServer;
  let python: PythonPeer;
  let scratch: string;
  let passing: string;
  let failing: string;
  let checked: string;
  let chained: string;
  let unchained: string;

  beforeAll(async () => {
    demo = await startDemoServer();
    python = await startPythonPeer('interop_server.py');
    scratch = await mkdtemp(join(tmpdir(), 'cli-runner-'));
    passing = join(scratch, 'passing');
    failing = join(scratch, 'failing');
    await writeCollection(passing, join(scratch, 'data'), {
      name: 'Smoke',
      variables: [{ name: 'token', value: '', secret: true }, { name: 'greeting', value: 'hello', secret: false }],
      environments: [{ name: 'ci', variables: [{ name: 'greeting', value: 'hello from ci', secret: false }] }],
      requests: [
        { path: 'demo/Echo.grpc.yaml', service: 'demo.v1.DemoService', method: 'Echo', target: demo.address, body: '{"message": "{{greeting}}"}', metadata: [{ key: 'x-token', value: '{{token}}' }] },
        { path: 'demo/Sum.grpc.yaml', service: 'demo.v1.DemoService', method: 'Sum', target: demo.address, messages: ['{"value": "2"}', '{"value": "3"}', '{"value": "4"}'] },
        { path: 'python/UnaryCall.grpc.yaml', service: 'grpc.testing.TestService', method: 'UnaryCall', target: python.address, body: '{"responseSize": 3}' },
        { path: 'python/StreamingInputCall.grpc.yaml', service: 'grpc.testing.TestService', method: 'StreamingInputCall', target: python.address, messages: ['{"payload": {"body": "AAAA"}}', '{"payload": {"body": "AAAAAA=="}}'] },
      ],
    });
    await writeCollection(failing, join(scratch, 'data2'), {
      name: 'Broken <things> & "quotes"',
      requests: [
        { path: 'Echo.grpc.yaml', service: 'demo.v1.DemoService', method: 'Echo', target: demo.address, body: '{"message": "ok"}' },
        { path: 'Fail.grpc.yaml', service: 'demo.v1.DemoService', method: 'Fail', target: demo.address, body: '{"code": 5, "message": "no <such> & thing"}' },
        { path: 'Later.grpc.yaml', service: 'demo.v1.DemoService', method: 'Echo', target: demo.address, body: '{"message": "after"}' },
      ],
    });
    checked = join(scratch, 'checked');
    await writeCollection(checked, join(scratch, 'data3'), {
      name: 'Checked',
      requests: [
        {
          path: 'CountUp.grpc.yaml', service: 'demo.v1.DemoService', method: 'CountUp', target: demo.address, body: '{"count": 3}',
          checks: [
            { kind: 'status', code: 'OK' },
            { kind: 'messageCount', op: 'equals', count: 3 },
            { kind: 'message', message: { kind: 'every' }, path: '$.sentAt', op: 'exists' },
            { kind: 'message', message: { kind: 'nth', index: -1 }, path: '$.index', op: 'equals', value: 2 },
            { kind: 'duration', underMs: 30_000 },
          ],
        },
        // 200 kB messages cross the engine's boundary as 64 Ki-character previews: checks must see them whole.
        {
          path: 'CountUpBig.grpc.yaml', service: 'demo.v1.DemoService', method: 'CountUp', target: demo.address, body: '{"count": 2, "payloadBytes": 200000}',
          checks: [
            { kind: 'message', message: { kind: 'nth', index: -1 }, path: '$.index', op: 'equals', value: 1 },
            { kind: 'message', message: { kind: 'every' }, path: '$.payload', op: 'exists' },
          ],
        },
        // Expected to fail with NOT_FOUND: a status check replaces the default "must be OK".
        { path: 'FailExpected.grpc.yaml', service: 'demo.v1.DemoService', method: 'Fail', target: demo.address, body: '{"code": 5, "message": "gone"}', checks: [{ kind: 'status', code: 'NOT_FOUND' }] },
        {
          path: 'EchoWrong.grpc.yaml', service: 'demo.v1.DemoService', method: 'Echo', target: demo.address, body: '{"message": "hello"}',
          checks: [{ kind: 'message', message: { kind: 'nth', index: 0 }, path: '$.message', op: 'equals', value: 'goodbye' }, { kind: 'messageCount', op: 'atLeast', count: 2 }],
        },
      ],
    });
    // Request 1 captures the demo's token from its echo and a session id from a response header
    // (into a secret variable); request 2 sends the token to Whoami, request 3 the session.
    const chain = (captures: boolean) => ({
      name: 'Chained',
      variables: [{ name: 'token', value: 'not-captured-yet', secret: false }, { name: 'session', value: '', secret: true }],
      requests: [
        {
          path: '1-Login.grpc.yaml', service: 'demo.v1.DemoService', method: 'Echo', target: demo.address, body: '{"message": "workbench-demo-token"}', metadata: [{ key: 'x-session', value: 's-42' }],
          ...(captures ? { captures: [{ variable: 'token', from: 'message' as const, path: '$.message' }, { variable: 'session', from: 'header' as const, name: 'echo-x-session' }] } : {}),
        },
        {
          path: '2-Whoami.grpc.yaml', service: 'demo.v1.DemoService', method: 'Whoami', target: demo.address, metadata: [{ key: 'authorization', value: 'Bearer {{token}}' }],
          checks: [{ kind: 'status' as const, code: 'OK' }, { kind: 'message' as const, message: { kind: 'nth' as const, index: 0 }, path: '$.subject', op: 'equals' as const, value: 'demo-user' }],
        },
        {
          path: '3-Session.grpc.yaml', service: 'demo.v1.DemoService', method: 'Echo', target: demo.address, body: '{"message": "{{session}}"}',
          checks: [{ kind: 'message' as const, message: { kind: 'nth' as const, index: 0 }, path: '$.message', op: 'equals' as const, value: 's-42' }],
        },
      ],
    });
    chained = join(scratch, 'chained');
    await writeCollection(chained, join(scratch, 'data4'), chain(true));
    unchained = join(scratch, 'unchained');
    await writeCollection(unchained, join(scratch, 'data5'), chain(false));
  }, 60_000);

  afterAll(async () => {
    await demo?.stop();
    await python?.stop();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('runs every request against the demo server and python3-grpcio, streams with their saved messages, and exits 0', async () => {
    const secret = 's3cr3t-value-never-printed';
    const run = await runCli(['run', passing, '--env', 'ci', '--reporter', 'json'], { GRPC_WORKBENCH_SECRET_TOKEN: secret });
    expect(run.stderr).toContain('✓ demo/Echo  OK');
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { results: { path: string; status: string; received: string[]; verdict: { passed: boolean } }[] };
    expect(report.results.map((r) => [r.path, r.status, r.verdict.passed])).toEqual([
      ['demo/Echo.grpc.yaml', 'OK', true],
      ['demo/Sum.grpc.yaml', 'OK', true],
      ['python/StreamingInputCall.grpc.yaml', 'OK', true],
      ['python/UnaryCall.grpc.yaml', 'OK', true],
    ]);
    expect(JSON.parse(report.results[0]!.received[0]!)).toMatchObject({ message: 'hello from ci' });
    expect(JSON.parse(report.results[1]!.received[0]!)).toMatchObject({ total: '9', count: 3 });
    // 3 + 4 bytes of payload, summed by the Python server.
    expect(JSON.parse(report.results[2]!.received[0]!)).toMatchObject({ aggregatedPayloadSize: 7 });
    expect(run.stdout + run.stderr).not.toContain(secret);
  }, 60_000);

  it('fails a request whose secret is not in the environment and names the variable to set', async () => {
    const run = await runCli(['run', passing, '--folder', 'demo']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✗ demo/Echo');
    expect(run.stdout).toContain('GRPC_WORKBENCH_SECRET_TOKEN');
    expect(run.stdout).toContain('✓ demo/Sum  OK');
  }, 60_000);

  it('exits 1 on a failing call and writes JUnit XML with its failure, escaped', async () => {
    const output = join(scratch, 'junit.xml');
    const run = await runCli(['run', failing, '--reporter', 'junit', '--output', output]);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toMatch(/✓ Echo {2}OK {2}\d+ ms/);
    expect(run.stdout).toMatch(/✗ Fail {2}NOT_FOUND {2}\d+ ms/);
    const cases = checkJunitShape(await readFile(output, 'utf8'));
    expect(cases.map((c) => [c.getAttribute('name'), c.getElementsByTagName('failure').length])).toEqual([['Echo', 0], ['Fail', 1], ['Later', 0]]);
    const failure = cases[1]!.getElementsByTagName('failure')[0]!;
    expect(failure.getAttribute('type')).toBe('NOT_FOUND');
    expect(failure.getAttribute('message')).toContain('no <such> & thing');
    expect(cases[1]!.getAttribute('classname')).toBe('Broken <things> & "quotes"');
  }, 60_000);

  it('judges each request by the checks saved in its file: passing checks pass, a status check accepts an expected error, a failing check fails the run', async () => {
    const run = await runCli(['run', checked, '--reporter', 'json']);
    expect(run.code, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout) as { results: { path: string; verdict: { passed: boolean; failures: string[] } }[] };
    const verdicts = Object.fromEntries(report.results.map((r) => [r.path, r.verdict]));
    expect(verdicts['CountUp.grpc.yaml']).toEqual({ passed: true, failures: [] });
    expect(verdicts['CountUpBig.grpc.yaml']).toEqual({ passed: true, failures: [] });
    expect(verdicts['FailExpected.grpc.yaml']).toEqual({ passed: true, failures: [] });
    expect(verdicts['EchoWrong.grpc.yaml']?.failures).toEqual([
      'Check failed: message 1: $.message equals "goodbye" (message 1: $.message is "hello")',
      'Check failed: message count is at least 2 (1 message received)',
    ]);
  }, 60_000);

  it('feeds values captured from a response (a JSON path, a header into a secret variable) to the following requests', async () => {
    const run = await runCli(['run', chained, '--reporter', 'json']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { results: { path: string; status: string; verdict: { passed: boolean; failures: string[] } }[] };
    expect(report.results.map((r) => [r.path, r.status, r.verdict.passed])).toEqual([
      ['1-Login.grpc.yaml', 'OK', true],
      ['2-Whoami.grpc.yaml', 'OK', true],
      ['3-Session.grpc.yaml', 'OK', true],
    ]);
    // The same collection without the captures: Whoami gets the stale token, the session is not set.
    const without = await runCli(['run', unchained, '--reporter', 'json']);
    expect(without.code).toBe(1);
    const failed = JSON.parse(without.stdout) as typeof report;
    expect(failed.results[1]).toMatchObject({ status: 'UNAUTHENTICATED', verdict: { passed: false } });
    expect(failed.results[1]!.verdict.failures[0]).toMatch(/^Check failed: status is OK \(status was UNAUTHENTICATED/);
    expect(failed.results[2]!.verdict.failures[0]).toContain('GRPC_WORKBENCH_SECRET_SESSION');
  }, 60_000);

  it('stops at the first failure with --bail', async () => {
    const run = await runCli(['run', failing, '--bail', '--reporter', 'json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { results: unknown[]; bailed: boolean };
    expect(report.results).toHaveLength(2);
    expect(report.bailed).toBe(true);
  }, 60_000);

  it('exits 2 with a clear message on a folder that is not a collection, an unknown environment, or a bad option', async () => {
    const missing = await runCli(['run', join(scratch, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`Cannot open collection folder ${join(scratch, 'nope')}`);
    const env = await runCli(['run', passing, '--env', 'staging']);
    expect(env.code).toBe(2);
    expect(env.stderr).toContain('Collection "Smoke" has no environment "staging". Its environments: ci.');
    const reporter = await runCli(['run', passing, '--reporter', 'tap']);
    expect(reporter.code).toBe(2);
    expect(reporter.stderr).toContain('Unknown reporter "tap"; use console, json, junit.');
    const folder = await runCli(['run', passing, '--folder', 'billing']);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain('has no requests in folder "billing"');
  }, 60_000);
});
