import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { startProcess, stopProcess, waitForLine } from './processes';
import { REPO_ROOT } from './workers';

export interface DemoProcess {
  /** 127.0.0.1:PORT */
  address: string;
  stop(): Promise<void>;
}

export const DEMO_PROTO = join(REPO_ROOT, 'protos', 'demo.proto');
export const PROTOS_DIR = join(REPO_ROOT, 'protos');

/** The demo server (grpc-js) in a process of its own, on 127.0.0.1 and a free port. */
export async function startDemoProcess(): Promise<DemoProcess> {
  const child: ChildProcess = startProcess(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'electron/engine/demo/cli.ts'), '--port', '0'], { cwd: REPO_ROOT });
  try {
    const match = await waitForLine(child, /listening on (127\.0\.0\.1:\d+)/, 30_000);
    return { address: match[1] as string, stop: () => stopProcess(child) };
  } catch (error) {
    await stopProcess(child);
    throw new Error(`the demo server did not start: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
