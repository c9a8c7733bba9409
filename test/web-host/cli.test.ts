// The browser shell's CLI as a user runs it: one line on stdout, a working host behind it,
// and a clean exit 0 on SIGTERM (sockets closed, engine disposed).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { httpGet, openAuthenticatedPage } from './host-test-kit';

const repoRoot = resolve(__dirname, '..', '..');
const LINE = /^gRPC Workbench is running at http:\/\/127\.0\.0\.1:(\d+)\/#token=([A-Za-z0-9_-]{43})\n$/;

let child: ChildProcessWithoutNullStreams | null = null;
let dataDir: string | null = null;
let fakeBin: string | null = null;

afterEach(() => {
  if (child !== null && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = null;
  if (dataDir !== null) rmSync(dataDir, { recursive: true, force: true });
  dataDir = null;
  if (fakeBin !== null) rmSync(fakeBin, { recursive: true, force: true });
  fakeBin = null;
});

function runCli(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const started = spawn(join(repoRoot, 'node_modules', '.bin', 'tsx'), [join(repoRoot, 'electron', 'web-host', 'cli.ts'), ...args], { cwd: repoRoot, stdio: 'pipe', env });
  child = started;
  let stdout = '';
  let stderr = '';
  started.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  started.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => started.on('exit', (code, signal) => done({ code, signal })));
  const firstLine = new Promise<string>((done, fail) => {
    const check = () => {
      if (stdout.includes('\n')) done(stdout);
    };
    started.stdout.on('data', check);
    void exited.then(({ code }) => fail(new Error(`the CLI exited (${code}) before printing its URL: ${stderr}`)));
  });
  firstLine.catch(() => undefined); // awaited only by tests that expect the CLI to start
  return { firstLine, exited, output: () => ({ stdout, stderr }) };
}

describe('npm run web (electron/web-host/cli.ts)', () => {
  it('prints exactly one line with the URL, serves the contract, and exits 0 on SIGTERM', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'web-cli-'));
    const run = runCli(['--port', '0', '--no-open', '--data-dir', dataDir]);
    const line = await run.firstLine;
    const match = LINE.exec(line);
    expect(match, line).not.toBeNull();
    const port = Number(match![1]);
    const token = match![2]!;

    const page = await openAuthenticatedPage(port, token);
    await expect(page.invoke(1, 'shell:info', {})).resolves.toMatchObject({ ok: true, value: { shell: 'browser' } });

    child!.kill('SIGTERM');
    await expect(page.closed).resolves.toMatchObject({ code: 1001 });
    await expect(run.exited).resolves.toEqual({ code: 0, signal: null });
    expect(run.output().stdout).toBe(line); // nothing else on stdout
  }, 60_000);

  it.skipIf(process.platform !== 'linux')('opens the browser on a one-time launch URL: no token on any command line', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'web-cli-'));
    // A stand-in xdg-open that writes down the command line it was given.
    fakeBin = mkdtempSync(join(tmpdir(), 'web-cli-bin-'));
    const argvFile = join(fakeBin, 'argv.txt');
    writeFileSync(join(fakeBin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$0" "$@" > '${argvFile}.tmp' && mv '${argvFile}.tmp' '${argvFile}'\n`);
    chmodSync(join(fakeBin, 'xdg-open'), 0o755);
    const run = runCli(['--port', '0', '--data-dir', dataDir], { ...process.env, PATH: `${fakeBin}${delimiter}${process.env.PATH ?? ''}` });
    const match = LINE.exec(await run.firstLine);
    expect(match).not.toBeNull();
    const port = Number(match![1]);
    const token = match![2]!;
    await expect.poll(() => existsSync(argvFile), { timeout: 10_000 }).toBe(true);
    const argv = readFileSync(argvFile, 'utf8');
    expect(argv).not.toContain(token);
    const code = new RegExp(`^http://127\\.0\\.0\\.1:${port}/#launch=([A-Za-z0-9_-]{43})$`, 'm').exec(argv)?.[1];
    expect(code, argv).toBeDefined();
    // The page trades the code for the token once; a second try (someone who read argv) fails.
    const trade = () => httpGet(port, '/launch', { Origin: `http://127.0.0.1:${port}`, 'X-Launch-Code': code! }, 'POST');
    const first = await trade();
    expect(JSON.parse(first.body)).toEqual({ token });
    expect((await trade()).status).toBe(403);
    child!.kill('SIGTERM');
    await expect(run.exited).resolves.toEqual({ code: 0, signal: null });
  }, 60_000);

  it('refuses a non-loopback --host without --expose-to-network, naming the flag and the risk', async () => {
    const run = runCli(['--host', '0.0.0.0', '--port', '0', '--no-open']);
    await expect(run.exited).resolves.toEqual({ code: 2, signal: null });
    const { stderr, stdout } = run.output();
    expect(stderr).toContain('Refusing --host 0.0.0.0: 0.0.0.0 is not a loopback address, so other machines could connect');
    expect(stderr).toContain('anyone on the network who gets the token could make gRPC calls from this machine');
    expect(stderr).toContain('add --expose-to-network');
    expect(stdout).toBe('');
  }, 60_000);

  it('binds a non-loopback --host with --expose-to-network, and says what that means', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'web-cli-'));
    const run = runCli(['--host', '0.0.0.0', '--expose-to-network', '--port', '0', '--no-open', '--data-dir', dataDir]);
    const match = LINE.exec(await run.firstLine);
    expect(match).not.toBeNull();
    const page = await openAuthenticatedPage(Number(match![1]), match![2]!);
    await expect(page.invoke(1, 'shell:info', {})).resolves.toMatchObject({ ok: true });
    expect(run.output().stderr).toContain('which other machines can reach');
    child!.kill('SIGTERM');
    await expect(run.exited).resolves.toEqual({ code: 0, signal: null });
  }, 60_000);

  it('refuses a bad --port with exit code 2 and the usage', async () => {
    const run = runCli(['--port', '70000', '--no-open']);
    await expect(run.exited).resolves.toEqual({ code: 2, signal: null });
    expect(run.output().stderr).toContain('--port must be a whole number from 0 to 65535');
    expect(run.output().stdout).toBe('');
  }, 60_000);
});
