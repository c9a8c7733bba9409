// Real gRPC servers in child processes that fault tests can SIGKILL, signal and restart on the
// same port: the demo service on grpc-js, and the interop TestService on python3-grpcio.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { grpcProtoRoot } from '../../support/grpc-proto';
import { PYTHON, PYTHON_FIXTURES_DIR } from '../../support/python-peer';

export type PeerKind = 'grpc-js' | 'python';

export interface FaultPeer {
  kind: PeerKind;
  port: number;
  address: string;
  /** Every stdout line so far ("PORT n", "STOPPING", "STOPPED", ...). */
  lines: string[];
  signal(signal: NodeJS.Signals): void;
  waitForLine(line: string, timeoutMs?: number): Promise<void>;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
  /** SIGKILL (no chance to say goodbye) and wait for the exit. */
  kill(): Promise<void>;
}

const GRPC_JS_SERVER = fileURLToPath(new URL('./grpc-js-fault-server.ts', import.meta.url));

/** gRPC server options both peers understand (they are the same names in grpc-js and C-core). */
export type FaultServerOptions = Record<string, number>;

function command(kind: PeerKind, port: number, graceMs: number, serverOptions: FaultServerOptions): { file: string; args: string[]; env: NodeJS.ProcessEnv } {
  const FAULT_SERVER_OPTIONS = JSON.stringify(serverOptions);
  if (kind === 'grpc-js') return { file: process.execPath, args: ['--import', 'tsx', GRPC_JS_SERVER, String(port), String(graceMs)], env: { ...process.env, FAULT_SERVER_OPTIONS } };
  return {
    file: PYTHON,
    args: ['-u', join(PYTHON_FIXTURES_DIR, 'fault_server.py'), String(port), String(graceMs / 1000)],
    env: { ...process.env, GRPC_PROTO_ROOT: grpcProtoRoot(), PYTHONDONTWRITEBYTECODE: '1', FAULT_SERVER_OPTIONS },
  };
}

/** Starts a peer on `port` (0 = any) and waits for its PORT line. */
export async function startFaultPeer(kind: PeerKind, options: { port?: number; graceMs?: number; serverOptions?: FaultServerOptions } = {}): Promise<FaultPeer> {
  const { file, args, env } = command(kind, options.port ?? 0, options.graceMs ?? 3_000, options.serverOptions ?? {});
  const child: ChildProcessWithoutNullStreams = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'], env });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString()).slice(-4000); });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line.trim());
    for (const wake of [...waiters]) wake();
  });
  const waitForLine = (wanted: string | RegExp, timeoutMs = 20_000) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const found = lines.find((l) => (typeof wanted === 'string' ? l === wanted : wanted.test(l)));
        if (found === undefined) return false;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`${kind} peer: no line ${String(wanted)} within ${timeoutMs} ms. stdout: ${lines.join(' | ')} stderr: ${stderr}`));
      }, timeoutMs);
      if (!check()) waiters.add(check);
    });
  void exited.then(() => { for (const wake of [...waiters]) wake(); });
  const portLine = await Promise.race([
    waitForLine(/^PORT \d+$/),
    exited.then(() => { throw new Error(`${kind} peer exited before its PORT line: ${stderr}`); }),
  ]);
  const port = Number(portLine.slice(5));
  return {
    kind,
    port,
    address: `127.0.0.1:${port}`,
    lines,
    signal: (signal) => child.kill(signal),
    waitForLine: async (line, timeoutMs) => { await waitForLine(line, timeoutMs); },
    exited,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
