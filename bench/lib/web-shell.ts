import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ChildProcess } from 'node:child_process';
import { startProcess, stopProcess, waitForLine } from './processes';
import { REPO_ROOT } from './workers';

export const BUILT_CLI = join(REPO_ROOT, 'out', 'web-host', 'cli.cjs');
export const BUILT_RENDERER = join(REPO_ROOT, 'out', 'renderer', 'index.html');

export interface WebShell {
  /** http://127.0.0.1:PORT/#token=TOKEN */
  url: string;
  origin: string;
  token: string;
  /** ms from spawn to the URL line on stdout. */
  readyMs: number;
  /** 'built' (out/web-host/cli.cjs) or 'source' (electron/web-host/cli.ts through tsx). */
  from: 'built' | 'source';
  stop(): Promise<void>;
}

/** Why the page-driven benchmarks cannot run, or null when the build is there. */
export function missingBuild(): string | null {
  if (!existsSync(BUILT_CLI)) return 'out/web-host/cli.cjs is missing (run `npm run build`)';
  if (!existsSync(BUILT_RENDERER)) return 'out/renderer/index.html is missing (run `npm run build`)';
  return null;
}

/**
 * Starts the browser shell's host (the built one when it exists, else from source for
 * socket-only benchmarks) on 127.0.0.1 with a free port and a fresh data folder.
 */
export async function startWebShell(tmpDir: string, options: { requireBuilt: boolean }): Promise<WebShell> {
  const dataDir = await mkdtemp(join(tmpDir, 'web-data-'));
  const built = existsSync(BUILT_CLI);
  if (!built && options.requireBuilt) throw new Error('out/web-host/cli.cjs is missing (run `npm run build`)');
  const args = built ? [BUILT_CLI] : ['--import', 'tsx', join(REPO_ROOT, 'electron/web-host/cli.ts')];
  const startedAt = performance.now();
  const child: ChildProcess = startProcess(process.execPath, [...args, '--port', '0', '--no-open', '--host', '127.0.0.1', '--data-dir', dataDir], { cwd: REPO_ROOT });
  try {
    const match = await waitForLine(child, /running at (http:\/\/127\.0\.0\.1:\d+)\/#token=([\w-]+)/, 30_000);
    const origin = match[1] as string;
    const token = match[2] as string;
    return { url: `${origin}/#token=${token}`, origin, token, readyMs: performance.now() - startedAt, from: built ? 'built' : 'source', stop: () => stopProcess(child) };
  } catch (error) {
    await stopProcess(child);
    throw new Error(`the web host did not start: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** Starts the web shell for sections whose shell rows are optional: a failure becomes the row's reason. */
export async function tryStartWebShell(tmpDir: string): Promise<{ shell: WebShell | null; shellFailure: string | null }> {
  try {
    return { shell: await startWebShell(tmpDir, { requireBuilt: false }), shellFailure: null };
  } catch (error) {
    return { shell: null, shellFailure: error instanceof Error ? error.message : String(error) };
  }
}
