// The real browser shell in a child process, as `npm run web` runs it: the built CLI
// (out/web-host/cli.cjs, from `npm run build`) when it exists, else the same CLI from source
// through tsx. Tests kill it (SIGKILL), restart it on the same data folder, and read its pid
// for /proc/<pid>/status.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const REPO_ROOT = resolve(__dirname, '..', '..');
const BUILT_CLI = join(REPO_ROOT, 'out', 'web-host', 'cli.cjs');
const READY_LINE = /gRPC Workbench is running at http:\/\/127\.0\.0\.1:(\d+)\/#token=([A-Za-z0-9_-]+)/;

export interface WebHostProcess {
  pid: number;
  port: number;
  token: string;
  /** Which CLI runs: the built bundle or the source. */
  cli: 'built' | 'source';
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL: no shutdown handler runs, writes in progress are cut off. */
  kill(): Promise<void>;
}

export async function startWebHostProcess(dataDir: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<WebHostProcess> {
  const cli = existsSync(BUILT_CLI) ? 'built' : 'source';
  // One process either way (node --import tsx, not the tsx wrapper, which would leave the
  // host running when only the wrapper is killed), so SIGKILL and /proc/<pid> reach the host.
  const script = cli === 'built' ? [BUILT_CLI] : ['--import', 'tsx', join(REPO_ROOT, 'electron', 'web-host', 'cli.ts')];
  const child: ChildProcess = spawn(process.execPath, [...script, '--port', '0', '--no-open', '--data-dir', dataDir], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...extraEnv },
  });
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.once('exit', (code, signal) => done({ code, signal })));
  const match = await new Promise<RegExpExecArray>((resolveMatch, reject) => {
    const timer = setTimeout(() => reject(new Error(`the web host did not print its URL within 30 s: ${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = READY_LINE.exec(output);
      if (m) {
        clearTimeout(timer);
        resolveMatch(m);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the web host exited (${signal ?? code}) before it was ready: ${output}`));
    });
  });
  if (child.pid === undefined) throw new Error('the web host has no pid');
  return {
    pid: child.pid,
    port: Number(match[1]),
    token: match[2] ?? '',
    cli,
    output: () => output,
    exited,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
