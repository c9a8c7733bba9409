import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/**
 * Every process the bench starts is registered here, so an early exit (an error, Ctrl+C, a
 * time limit) still ends each of them, by its own pid and nothing else.
 */
const running = new Set<ChildProcess>();

export function startProcess(command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  running.add(child);
  child.once('exit', () => running.delete(child));
  child.once('error', () => running.delete(child));
  return child;
}

/** SIGTERM, then SIGKILL if it has not exited after graceMs. Resolves once it is gone. */
export function stopProcess(child: ChildProcess, graceMs = 3_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function stopAllProcesses(): Promise<void> {
  await Promise.all([...running].map((child) => stopProcess(child)));
}

/** Last-resort cleanup when the bench itself is interrupted. */
export function killAllProcessesNow(): void {
  for (const child of running) child.kill('SIGKILL');
}

/** Resolves with the first stdout line matching `pattern`, or rejects on exit or after timeoutMs. */
export function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    let stderr = '';
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onErr);
      child.off('exit', onExit);
    };
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const match = buffered.match(pattern);
      if (match) {
        cleanup();
        resolve(match);
      }
    };
    const onErr = (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-2_000);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`exited (code ${code}) before printing ${pattern}: ${stderr.trim() || buffered.trim()}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`did not print ${pattern} within ${timeoutMs} ms: ${stderr.trim() || buffered.trim()}`));
    }, timeoutMs);
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onErr);
    child.once('exit', onExit);
  });
}
