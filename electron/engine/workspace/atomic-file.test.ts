// writeFileAtomic in a folder that lets files be created but neither renamed nor removed
// (a real append-only tmpfs): one temporary file is left and named, never one per save.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mountTmpfs, tmpfsUnavailable, type ScratchMount } from '../../../test/support/scratch-mounts';
import { isAtomicTempName, TempFileLeftError, writeFileAtomic } from './atomic-file';

let mount: ScratchMount | null = null;
afterEach(() => {
  mount?.remove();
  mount = null;
});

describe('writeFileAtomic', () => {
  it('writes and replaces a file, leaving no temporary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-atomic-'));
    try {
      const file = join(dir, 'sub', 'workspace.json');
      await writeFileAtomic(file, 'one');
      await writeFileAtomic(file, 'two');
      expect(readFileSync(file, 'utf8')).toBe('two');
      expect(readdirSync(join(dir, 'sub'))).toEqual(['workspace.json']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names our temporary files and nothing else', () => {
    expect(isAtomicTempName('/d/workspace.json.0123456789ab.tmp')).toBe(true);
    expect(isAtomicTempName('workspace.json.0123456789ab.tmp')).toBe(true);
    expect(isAtomicTempName('notes.tmp')).toBe(false);
    expect(isAtomicTempName('workspace.json.0123456789AB.tmp')).toBe(false);
    expect(isAtomicTempName('.0123456789ab.tmp')).toBe(false);
  });

  it.skipIf(tmpfsUnavailable() !== null)(`says once that its temporary file is stuck, and makes no more of them${tmpfsUnavailable() === null ? '' : ` (skipped: ${tmpfsUnavailable()})`}`, async () => {
    mount = mountTmpfs({ appendOnly: true });
    const file = join(mount.dir, 'workspace.json');

    const first = await writeFileAtomic(file, 'one').then(() => null, (e: unknown) => e);
    expect(first).toBeInstanceOf(TempFileLeftError);
    const left = readdirSync(mount.dir);
    expect(left).toHaveLength(1);
    const temp = join(mount.dir, left[0]!);
    expect((first as TempFileLeftError).code).toBe('EPERM'); // the rename's own error, for callers that map codes
    expect((first as Error).message).toContain(`its temporary file ${temp} could not be removed either`);

    for (let save = 0; save < 5; save += 1) {
      await expect(writeFileAtomic(file, 'again')).rejects.toThrow(`not written: the temporary file ${temp} of an earlier failed write still cannot be removed`);
    }
    expect(readdirSync(mount.dir)).toHaveLength(1); // not one per save

    execFileSync('chattr', ['-a', mount.dir]); // the user fixes the folder
    await writeFileAtomic(file, 'fixed');
    expect(readdirSync(mount.dir)).toEqual(['workspace.json']);
    expect(readFileSync(file, 'utf8')).toBe('fixed');
  });
});
