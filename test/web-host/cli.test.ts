// The browser shell's CLI as a user runs it: one line on stdout, a working host behind it,
// and a clean exit 0 on SIGTERM (sockets closed, engine disposed).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openPage } from './host-test-kit';

const repoRoot = resolve(__dirname, '..', '..');
const LINE = /^gRPC Workbench is running at http:\/\/127\.0\.0\.1:(\d+)\/#token=([A-Za-z0-9_-]{43})\n$/;

let child: ChildProcessWithoutNullStreams | null = null;
let dataDir: string | null = null;

afterEach(() => {
  if (child !== null && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = null;
  if (dataDir !== null) rmSync(dataDir, { recursive: true, force: true });
  dataDir = null;
});

function runCli(args: string[]) {
  const started = spawn(join(repoRoot, 'node_modules', '.bin', 'tsx'), [join(repoRoot, 'electron', 'web-host', 'cli.ts'), ...args], { cwd: repoRoot, stdio: 'pipe' });
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

    const page = await openPage(port);
    page.send({ type: 'hello', token });
    await page.waitFor((m) => m.type === 'ready');
    await expect(page.invoke(1, 'shell:info', {})).resolves.toMatchObject({ ok: true, value: { shell: 'browser' } });

    child!.kill('SIGTERM');
    await expect(page.closed).resolves.toMatchObject({ code: 1001 });
    await expect(run.exited).resolves.toEqual({ code: 0, signal: null });
    expect(run.output().stdout).toBe(line); // nothing else on stdout
  }, 60_000);

  it('refuses a bad --port with exit code 2 and the usage', async () => {
    const run = runCli(['--port', '70000', '--no-open']);
    await expect(run.exited).resolves.toEqual({ code: 2, signal: null });
    expect(run.output().stderr).toContain('--port must be a whole number from 0 to 65535');
    expect(run.output().stdout).toBe('');
  }, 60_000);
});
