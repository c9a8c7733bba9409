import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readUserFile, readUserFileSync, type UserFileOptions } from './read-user-file';

const OPTIONS: UserFileOptions = { maxBytes: 1024 * 1024, kind: 'test files' };

let dir: string;
let good: string;
let fifo: string;
let folder: string;
let sparse: string;
let socketPath: string;
let server: Server;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wb-user-file-'));
  good = join(dir, 'good.txt');
  writeFileSync(good, 'hello');
  fifo = join(dir, 'pipe');
  execFileSync('mkfifo', [fifo]);
  folder = join(dir, 'folder.pb');
  mkdirSync(folder);
  sparse = join(dir, 'huge.bin');
  writeFileSync(sparse, '');
  truncateSync(sparse, 1024 * 1024 * 1024); // 1 GiB, sparse: instant, no disk used
  socketPath = join(dir, 'sock');
  server = createServer();
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

/** Both forms, so the sync one (TLS) and the async one (protos) are held to the same rules. */
const readers = [
  ['readUserFile', (path: string, options = OPTIONS) => readUserFile(path, options)],
  ['readUserFileSync', (path: string, options = OPTIONS) => Promise.resolve(readUserFileSync(path, options))],
] as const;

async function problemOf(read: Promise<Awaited<ReturnType<typeof readUserFile>>>): Promise<string> {
  const result = await read;
  if (result.ok) throw new Error('expected the file to be refused');
  return result.problem.message;
}

describe.each(readers)('%s', (_name, read) => {
  it('refuses a FIFO at once instead of waiting for a writer', { timeout: 3000 }, async () => {
    expect(await problemOf(read(fifo))).toBe(`"${fifo}" is a named pipe (FIFO), not a regular file; only regular files are read.`);
    const after = await read(good);
    expect(after.ok && after.bytes.toString()).toBe('hello');
  });

  it('refuses /dev/zero (a device) without reading it', { timeout: 3000 }, async () => {
    expect(await problemOf(read('/dev/zero'))).toBe('"/dev/zero" is a character device, not a regular file; only regular files are read.');
    expect((await read(good)).ok).toBe(true);
  });

  it('refuses a socket', async () => {
    expect(await problemOf(read(socketPath))).toBe(`"${socketPath}" is a socket, not a regular file; only regular files are read.`);
  });

  it('says a folder is a folder', async () => {
    expect(await problemOf(read(folder))).toBe(`"${folder}" is a folder, not a file.`);
    expect((await read(good)).ok).toBe(true);
  });

  it('refuses a file over the limit, stating the limit, without reading it', { timeout: 3000 }, async () => {
    expect(await problemOf(read(sparse))).toBe(`"${sparse}" is 1 GiB, more than the 1 MiB limit for test files; it was not read.`);
    expect((await read(good)).ok).toBe(true);
  });

  it('reads a file exactly at the limit and refuses one byte more', async () => {
    const exact = join(dir, 'exact.bin');
    writeFileSync(exact, Buffer.alloc(100, 7));
    const atLimit = await read(exact, { maxBytes: 100, kind: 'test files' });
    expect(atLimit.ok && atLimit.bytes.length).toBe(100);
    expect(await problemOf(read(exact, { maxBytes: 99, kind: 'test files' }))).toBe(`"${exact}" is 100 bytes, more than the 99 bytes limit for test files; it was not read.`);
  });

  it('says a missing file does not exist', async () => {
    const missing = join(dir, 'missing.pb');
    const result = await read(missing);
    expect(result.ok ? null : result.problem).toEqual({ kind: 'not_found', message: `"${missing}" does not exist.` });
  });

  it('reads a file whose size stat does not know (e.g. /proc), up to the limit', async () => {
    const result = await read('/proc/self/status');
    expect(result.ok && result.bytes.toString().startsWith('Name:')).toBe(true);
  });
});
