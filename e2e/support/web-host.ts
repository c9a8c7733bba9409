import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningWebHost {
  /** The full URL the host printed, token included. */
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

const READY_LINE = /^gRPC Workbench is running at (http:\/\/127\.0\.0\.1:(\d+)\/#token=[A-Za-z0-9_-]+)$/m;

/**
 * Starts the built browser shell (out/web-host/cli.cjs, made by `npm run build`) exactly as a
 * user does with `npm run web`, on a free port with a fresh data dir, and waits for its line.
 */
export async function startWebHost(options: { dataDir?: string } = {}): Promise<RunningWebHost> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'gw-e2e-')));
  const child = spawn(process.execPath, ['out/web-host/cli.cjs', '--port', '0', '--no-open', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const match = await new Promise<RegExpMatchArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The web host did not print its URL within 20 s. Output:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = output.match(READY_LINE);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The web host exited with code ${code} before it was ready. Output:\n${output}`));
    });
  });
  const ownsDataDir = options.dataDir === undefined;
  return {
    url: match[1] ?? '',
    port: Number(match[2]),
    dataDir,
    stop: async () => {
      await stopChild(child);
      if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
