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
export async function startWebHost(options: { dataDir?: string; /** More CLI options, e.g. --orphan-grace-ms. */ args?: string[] } = {}): Promise<RunningWebHost> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'gw-e2e-')));
  const command = webHostCommand();
  const child = spawn(process.execPath, [...command.args, '--port', '0', '--no-open', '--data-dir', dataDir, ...(options.args ?? [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: command.env,
  });
  const ownsDataDir = options.dataDir === undefined;
  let output = '';
  const ready = new Promise<RegExpMatchArray>((resolve, reject) => {
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
  let match: RegExpMatchArray;
  try {
    match = await ready;
  } catch (error) {
    // A host that never got ready must not leave its process or its temp data dir behind.
    await stopChild(child);
    if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
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

/**
 * The CLI to run and, with GW_E2E_BUILD_DIR set to a copy of out/, that copy's CLI and renderer:
 * a fixed build to test while `npm run build` rewrites out/ (vite empties out/renderer first, so
 * a page loaded mid-build gets "Not found."). The copy's bundles require their dependencies from
 * this checkout's node_modules (NODE_PATH), and protos are found from the working directory.
 */
function webHostCommand(): { args: string[]; env: NodeJS.ProcessEnv } {
  const buildDir = process.env.GW_E2E_BUILD_DIR;
  if (!buildDir) return { args: ['out/web-host/cli.cjs'], env: process.env };
  return {
    args: [join(buildDir, 'web-host', 'cli.cjs'), '--static-dir', join(buildDir, 'renderer')],
    env: { ...process.env, NODE_PATH: join(process.cwd(), 'node_modules') },
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
