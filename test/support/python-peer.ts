import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { grpcProtoRoot } from './grpc-proto';

/** Debian's python3 has python3-grpcio; the first python3 on PATH may be another build without it. */
export const PYTHON = '/usr/bin/python3';

/** test/fixtures/python: where a bare script name is looked up. */
export const PYTHON_FIXTURES_DIR = fileURLToPath(new URL('../fixtures/python/', import.meta.url));

export interface PythonPeer {
  port: number;
  /** "127.0.0.1:PORT" */
  address: string;
  /** SIGTERM, then SIGKILL if it has not exited within a few seconds. Safe to call twice. */
  stop(): Promise<void>;
}

export interface PythonPeerOptions {
  /** How long the script may take to print its PORT line. Default 20 s. */
  startTimeoutMs?: number;
  env?: Record<string, string>;
}

const STOP_TIMEOUT_MS = 5000;
const STDERR_KEPT_CHARS = 8000;

/**
 * Starts a Python gRPC fixture and waits for its first stdout line, "PORT <n>".
 * The fixture contract (see test/fixtures/python/fixture_runtime.py): bind 127.0.0.1:0,
 * announce the port, exit on SIGTERM or when stdin closes, so a crashed test run
 * leaves no server behind. Rejects with the script's stderr when it fails to start.
 */
export async function startPythonPeer(script: string, args: string[] = [], options: PythonPeerOptions = {}): Promise<PythonPeer> {
  const scriptPath = isAbsolute(script) ? script : join(PYTHON_FIXTURES_DIR, script);
  if (!existsSync(PYTHON)) throw new Error(`${PYTHON} not found: the Python fixtures need Debian's python3 with python3-grpcio.`);
  if (!existsSync(scriptPath)) throw new Error(`Python fixture ${scriptPath} not found.`);

  const child = spawn(PYTHON, ['-u', scriptPath, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, GRPC_PROTO_ROOT: grpcProtoRoot(), PYTHONDONTWRITEBYTECODE: '1', ...options.env },
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_KEPT_CHARS);
  });
  // 'close' rather than 'exit': by then stderr has been read to the end.
  const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => {
    child.once('close', (code, signal) => resolve([code, signal]));
  });
  const describeFailure = (what: string): Error => new Error(`Python fixture ${script} ${what}.${stderr ? `\nIts stderr:\n${stderr}` : ''}`);

  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(describeFailure(`did not print "PORT <n>" within ${options.startTimeoutMs ?? 20_000} ms`));
    }, options.startTimeoutMs ?? 20_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      const match = /^PORT (\d+)$/.exec(line.trim());
      if (match) {
        resolve(Number(match[1]));
      } else {
        child.kill('SIGKILL');
        reject(describeFailure(`printed "${line}" instead of "PORT <n>" first`));
      }
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(describeFailure(`could not be started (${error.message})`));
    });
    void exited.then(([code, signal]) => {
      clearTimeout(timer);
      reject(describeFailure(`exited (${signal ?? `code ${code}`}) before announcing its port`));
    });
  });
  // Keep draining stdout so a chatty fixture never blocks on a full pipe.
  child.stdout.resume();

  let stopping: Promise<void> | null = null;
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(killer);
  };
  return { port, address: `127.0.0.1:${port}`, stop: () => (stopping ??= stop()) };
}
