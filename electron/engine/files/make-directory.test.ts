// makeDirectory against the places where Node's own recursive mkdir never returns.
import { mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeDirectory, makeDirectorySync } from './make-directory';

let base: string | null = null;
afterEach(() => {
  if (base !== null) rmSync(base, { recursive: true, force: true });
  base = null;
});
function scratch(): string {
  base = mkdtempSync(join(tmpdir(), 'gw-mkdir-'));
  return base;
}

/** The outcome, or 'still running' if it has not settled in 5 s (Node's mkdir -p spins for ever). */
async function settle(work: Promise<void>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('still running'), 5_000)));
  const outcome = work.then(
    () => 'made',
    (e: NodeJS.ErrnoException) => e.code ?? e.message,
  );
  try {
    return await Promise.race([outcome, hung]);
  } finally {
    clearTimeout(timer);
  }
}

describe('makeDirectory', () => {
  it('makes nested folders, and accepts one that exists', async () => {
    const dir = join(scratch(), 'a', 'b', 'c');
    await makeDirectory(dir);
    await makeDirectory(dir);
    makeDirectorySync(join(dir, 'd', 'e'));
    expect(statSync(join(dir, 'd', 'e')).isDirectory()).toBe(true);
  });

  it.skipIf(process.platform !== 'linux')('fails with ENOENT for /proc/x instead of spinning', async () => {
    await expect(settle(makeDirectory('/proc/x/y'))).resolves.toBe('ENOENT');
    await expect(settle(makeDirectory('/proc/x'))).resolves.toBe('ENOENT');
    expect(() => makeDirectorySync('/proc/x')).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });

  it('fails for a path through a broken symbolic link instead of spinning', async () => {
    const dir = scratch();
    symlinkSync(join(dir, 'missing'), join(dir, 'link'));
    await expect(settle(makeDirectory(join(dir, 'link', 'data')))).resolves.toBe('EEXIST'); // the link is there, but is no folder
    await expect(settle(makeDirectory(join(dir, 'link')))).resolves.toBe('EEXIST');
  });

  it('fails for a path through a file', async () => {
    const file = join(scratch(), 'file');
    writeFileSync(file, '');
    await expect(settle(makeDirectory(join(file, 'x')))).resolves.toBe('ENOTDIR');
    await expect(settle(makeDirectory(file))).resolves.toBe('EEXIST');
  });

  it('says what is in the way when the folder is a file or a broken link (not "EEXIST: file already exists")', async () => {
    const dir = scratch();
    const file = join(dir, 'file');
    writeFileSync(file, '');
    symlinkSync(join(dir, 'missing'), join(dir, 'link'));
    const saying = (path: string) => ({ name: 'NotAFolderError', code: 'EEXIST', path, message: expect.any(String) });
    await expect(makeDirectory(file)).rejects.toMatchObject({ ...saying(file), message: `${file} is a file, not a folder. Move or rename it, or choose another folder.` });
    expect(() => makeDirectorySync(join(file))).toThrow(`${file} is a file, not a folder.`);
    await expect(makeDirectory(join(dir, 'link', 'data'))).rejects.toMatchObject({ ...saying(join(dir, 'link')), message: expect.stringMatching(/link is a symbolic link to something that does not exist, not a folder\./) });
    expect(() => makeDirectorySync(join(dir, 'link', 'data'))).toThrow(/link is a symbolic link to something that does not exist, not a folder\./);
  });

  it('lets parallel calls make the same folders', async () => {
    const dir = join(scratch(), 'p', 'q', 'r');
    await Promise.all(Array.from({ length: 8 }, () => makeDirectory(dir)));
    expect(statSync(dir).isDirectory()).toBe(true);
  });
});
