import { spawn } from 'node:child_process';
import { protocInstallation } from './protoc-binary';

export interface ProtocRun {
  /** null when protoc could not be started or was killed by a signal. */
  exitCode: number | null;
  stderr: string;
  /** Set when the process could not be spawned at all (e.g. the binary is not executable). */
  spawnError?: string;
}

/**
 * Runs protoc with the given arguments. Injectable so tests can count invocations (with the
 * real protoc underneath) and so the store never depends on how the process is started.
 */
export type ProtocRunner = (args: string[]) => Promise<ProtocRun>;

/** The real protoc as a child process: compiling never blocks the event loop. */
export function createProtocRunner(binary?: string): ProtocRunner {
  return (args) =>
    new Promise((resolve) => {
      let executable: string;
      try {
        executable = binary ?? protocInstallation().binary;
      } catch (error) {
        resolve({ exitCode: null, stderr: '', spawnError: (error as Error).message });
        return;
      }
      const child = spawn(executable, args, { stdio: ['ignore', 'ignore', 'pipe'], windowsHide: true });
      const chunks: Buffer[] = [];
      child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
      child.on('error', (error) => resolve({ exitCode: null, stderr: '', spawnError: error.message }));
      child.on('close', (code) => resolve({ exitCode: code, stderr: Buffer.concat(chunks).toString('utf8') }));
    });
}
