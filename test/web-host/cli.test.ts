// The browser shell's CLI as a user runs it: one line on stdout, a working host behind it,
// and a clean exit 0 on SIGTERM (sockets closed, engine disposed).
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mountTmpfs, tmpfsUnavailable } from '../support/scratch-mounts';
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

/** `wrapper`: a command that runs the CLI, e.g. setpriv to run it as another user. */
function runCli(args: string[], env: NodeJS.ProcessEnv = process.env, wrapper: string[] = []) {
  const command = [...wrapper, join(repoRoot, 'node_modules', '.bin', 'tsx'), join(repoRoot, 'electron', 'web-host', 'cli.ts'), ...args];
  const started = spawn(command[0]!, command.slice(1), { cwd: repoRoot, stdio: 'pipe', env });
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

  describe('refuses a data folder it cannot use, with exit code 2 and the folder and problem named', () => {
    /** Exit code and stderr, or 'still running' after 20 s (the CLI used to spin on /proc/x). */
    async function refusal(args: string[], wrapper: string[] = []): Promise<{ code: number | null | 'still running'; stderr: string; stdout: string }> {
      const run = runCli([...args, '--no-open', '--port', '0'], { ...process.env, HOME: tmpdir() }, wrapper);
      let timer: NodeJS.Timeout | undefined;
      const hung = new Promise<'still running'>((done) => (timer = setTimeout(() => done('still running'), 20_000)));
      const ended = await Promise.race([run.exited.then(({ code }) => code), hung]);
      clearTimeout(timer);
      if (ended === 'still running' && child?.pid !== undefined) {
        // tsx runs the CLI in a child node process; a spinning one ignores SIGTERM, so kill it by its parent's pid.
        spawnSync('pkill', ['-KILL', '-P', String(child.pid)]);
      }
      return { code: ended, ...run.output() };
    }

    it.skipIf(process.platform !== 'linux')('/proc/x: refused at once instead of spinning', async () => {
      const result = await refusal(['--data-dir', '/proc/x']);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('Cannot use /proc/x as the data folder: it is inside /proc, which holds the kernel’s process information');
      expect(result.stderr).toContain('Choose another with --data-dir.');
      expect(result.stdout).toBe('');
    }, 60_000);

    it('a file', async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'web-cli-'));
      const file = join(dataDir, 'file');
      writeFileSync(file, '');
      const result = await refusal(['--data-dir', file]);
      expect(result).toMatchObject({ code: 2, stderr: `Cannot use ${file} as the data folder: it is a file, not a folder. Choose another with --data-dir.\n` });
    }, 60_000);

    it.skipIf(process.platform === 'win32')('a chmod 0555 folder (as root: run as user nobody, since root may write anywhere)', async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'web-cli-'));
      chmodSync(dataDir, 0o755);
      const readOnly = join(dataDir, 'read-only');
      mkdirSync(readOnly);
      const asRoot = process.getuid?.() === 0;
      if (asRoot) chownSync(readOnly, 65_534, 65_534);
      chmodSync(readOnly, 0o555);
      const result = await refusal(['--data-dir', readOnly], asRoot ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : []);
      chmodSync(readOnly, 0o755);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain(`Cannot use ${readOnly} as the data folder: it is not writable (permission denied)`);
    }, 60_000);

    it.skipIf(tmpfsUnavailable() !== null)(`a read-only file system${tmpfsUnavailable() === null ? '' : ` (skipped: ${tmpfsUnavailable()})`}`, async () => {
      const mount = mountTmpfs({ readOnly: true });
      try {
        const result = await refusal(['--data-dir', mount.dir]);
        expect(result).toMatchObject({ code: 2, stderr: expect.stringContaining(`Cannot use ${mount.dir} as the data folder: it is on a read-only file system`) });
      } finally {
        mount.remove();
      }
    }, 60_000);
  });
});
