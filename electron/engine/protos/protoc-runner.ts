import { spawn } from 'node:child_process';
import { protocInstallation } from './protoc-binary';

export interface ProtocRun {
  /** null when protoc could not be started or was killed by a signal. */
  exitCode: number | null;
  stderr: string;
  /** Set when the process could not be spawned at all (e.g. the binary is not executable). */
  spawnError?: string;
  /** Set when protoc ran longer than the runner's timeout and was killed. */
  timedOutMs?: number;
}

/**
 * Runs protoc with the given arguments. Injectable so tests can count invocations (with the
 * real protoc underneath) and so the store never depends on how the process is started.
 */
export type ProtocRunner = (args: string[]) => Promise<ProtocRun>;

/**
 * How long one protoc run may take. Compiling all of googleapis takes a few seconds; a run
 * that lasts minutes is stuck, e.g. reading an import that is a named pipe (FIFO) or a device,
 * which protoc opens and waits on for ever.
 */
export const PROTOC_TIMEOUT_MS = 120_000;

export interface ProtocRunnerOptions {
  binary?: string;
  /** Kill protoc after this long (default PROTOC_TIMEOUT_MS). */
  timeoutMs?: number;
}

/** The real protoc as a child process: compiling never blocks the event loop. */
export function createProtocRunner(options: ProtocRunnerOptions = {}): ProtocRunner {
  const timeoutMs = options.timeoutMs ?? PROTOC_TIMEOUT_MS;
  return (args) =>
    new Promise((resolve) => {
      let executable: string;
      try {
        executable = options.binary ?? protocInstallation().binary;
      } catch (error) {
        resolve({ exitCode: null, stderr: '', spawnError: (error as Error).message });
        return;
      }
      const child = spawn(executable, args, { stdio: ['ignore', 'ignore', 'pipe'], windowsHide: true });
      const chunks: Buffer[] = [];
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, timeoutMs);
      child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
      child.on('error', (error) => {
        clearTimeout(timer);
        resolve({ exitCode: null, stderr: '', spawnError: error.message });
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        const stderr = Buffer.concat(chunks).toString('utf8');
        resolve(timedOut ? { exitCode: null, stderr, timedOutMs: timeoutMs } : { exitCode: code, stderr });
      });
    });
}
