import { join, resolve } from 'node:path';
import { startProcess, stopProcess } from './processes';

export const BENCH_DIR = join(__dirname, '..');
export const REPO_ROOT = join(BENCH_DIR, '..');
const RESULT_PREFIX = 'BENCH_RESULT ';

/**
 * Runs bench/workers/<name>.ts in a fresh Node process (through tsx) with `input` as JSON, and
 * returns the JSON it printed on its BENCH_RESULT line. A fresh process per measurement keeps
 * module caches and JIT warm-up equal between ours and the baseline. --expose-gc lets a worker
 * collect garbage before it reads memory (it changes nothing else).
 */
export async function runWorker<T>(name: string, input: unknown, timeoutMs: number): Promise<T> {
  const child = startProcess(process.execPath, ['--expose-gc', '--import', 'tsx', join(BENCH_DIR, 'workers', `${name}.ts`), JSON.stringify(input)], { cwd: REPO_ROOT });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4_000);
  });
  const timer = setTimeout(() => void stopProcess(child, 1_000), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  clearTimeout(timer);
  const line = stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
  if (!line) {
    const why = code === null ? `was stopped after ${timeoutMs} ms` : `exited with code ${code}`;
    throw new Error(`worker ${name} ${why} without a result: ${stderr.trim().split('\n').slice(-3).join(' / ') || stdout.trim().slice(-300)}`);
  }
  return JSON.parse(line.slice(RESULT_PREFIX.length)) as T;
}

/** For workers: their input, from argv. */
export function workerInput<T>(): T {
  const raw = process.argv[2];
  if (raw === undefined) throw new Error('a bench worker needs its input as JSON in argv[2]');
  return JSON.parse(raw) as T;
}

/** For workers: print the result and exit (exit so that lingering handles cannot hold the process). */
export function finishWorker(result: unknown): void {
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`, () => process.exit(0));
}

/**
 * For workers: run `main` only when this file is the process's entry script (pass
 * __filename), so importing a worker by mistake can never run it inside another one.
 */
export function runWorkerMain(file: string, main: () => Promise<unknown>): void {
  if (process.argv[1] === undefined || resolve(process.argv[1]) !== resolve(file)) return;
  main().then(
    (result) => finishWorker(result),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
