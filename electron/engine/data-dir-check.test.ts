// The data-folder check against real places: kernel file systems, files, broken links, and
// real read-only, full and append-only file systems (tmpfs mounts; skipped without root).
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mountTmpfs, tmpfsUnavailable, type ScratchMount } from '../../test/support/scratch-mounts';
import { prepareDataDir } from './data-dir-check';
import { atomicTempPath } from './workspace/atomic-file';

const linuxOnly = process.platform !== 'linux';
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gw-data-dir-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
function mounted(options: Parameters<typeof mountTmpfs>[0]): ScratchMount {
  const mount = mountTmpfs(options);
  cleanups.push(() => mount.remove());
  return mount;
}

describe('prepareDataDir', () => {
  it('creates a missing folder (and its parents) and accepts it', async () => {
    const dir = join(scratch(), 'a', 'b', 'data');
    const check = await prepareDataDir(dir);
    expect(check).toMatchObject({ ok: true, dir, sweep: { removed: [], failed: [] } });
    expect(readdirSync(dir)).toEqual([]); // the probe file is gone again
  });

  it.skipIf(linuxOnly)('refuses /proc/x, /sys/x and /dev/x, and a link into /proc, naming the place', async () => {
    for (const dir of ['/proc/x', '/proc/self/x', '/sys/x', '/dev/x']) {
      const check = await prepareDataDir(dir);
      expect(check, dir).toMatchObject({ ok: false, kind: 'special_file_system' });
      if (!check.ok) expect(check.message).toMatch(new RegExp(`^Cannot use ${dir} as the data folder: it is inside /(proc|sys|dev)`));
    }
    const link = join(scratch(), 'to-proc');
    symlinkSync('/proc/self', link);
    await expect(prepareDataDir(join(link, 'data'))).resolves.toMatchObject({ ok: false, kind: 'special_file_system' });
  });

  it('refuses a file, and a path through a file', async () => {
    const file = join(scratch(), 'notes.txt');
    writeFileSync(file, 'x');
    await expect(prepareDataDir(file)).resolves.toMatchObject({ ok: false, kind: 'not_a_folder', message: `Cannot use ${file} as the data folder: it is a file, not a folder.` });
    const inside = join(file, 'data');
    await expect(prepareDataDir(inside)).resolves.toMatchObject({
      ok: false,
      kind: 'cannot_create',
      message: `Cannot use ${inside} as the data folder: it cannot be created: ${file} is a file, not a folder.`,
    });
  });

  it('refuses a path through a broken symbolic link instead of looping on it', async () => {
    const base = scratch();
    const link = join(base, 'gone');
    symlinkSync(join(base, 'missing'), link);
    const check = await prepareDataDir(join(link, 'data'));
    expect(check).toMatchObject({ ok: false, kind: 'cannot_create' });
    if (!check.ok) expect(check.message).toContain(`${link} is a symbolic link to ${join(base, 'missing')}, which does not exist`);
  });

  it('refuses a relative path', async () => {
    await expect(prepareDataDir('data')).resolves.toMatchObject({ ok: false, kind: 'not_absolute' });
  });

  it.skipIf(process.getuid?.() === 0 || process.platform === 'win32')('refuses a chmod 0555 folder (as a non-root user)', async () => {
    const dir = scratch();
    chmodSync(dir, 0o555);
    cleanups.push(() => chmodSync(dir, 0o755));
    await expect(prepareDataDir(dir)).resolves.toMatchObject({ ok: false, kind: 'not_writable', message: expect.stringContaining('permission denied') });
  });

  describe.skipIf(tmpfsUnavailable() !== null)(`on real mounts${tmpfsUnavailable() === null ? '' : ` (skipped: ${tmpfsUnavailable()})`}`, () => {
    it('refuses a read-only file system, and a folder to be made inside one', async () => {
      const { dir } = mounted({ readOnly: true });
      await expect(prepareDataDir(dir)).resolves.toMatchObject({
        ok: false,
        kind: 'not_writable',
        message: `Cannot use ${dir} as the data folder: it is on a read-only file system, so nothing could be saved.`,
      });
      await expect(prepareDataDir(join(dir, 'data'))).resolves.toMatchObject({ ok: false, kind: 'cannot_create', message: expect.stringContaining('read-only file system') });
    });

    it('refuses a full disk', async () => {
      const { dir } = mounted({ sizeKiB: 256 });
      try {
        writeFileSync(join(dir, 'fill'), Buffer.alloc(1024 * 1024));
      } catch {
        // ENOSPC: full, as wanted
      }
      await expect(prepareDataDir(dir)).resolves.toMatchObject({ ok: false, kind: 'disk_full', message: expect.stringContaining('its disk is full') });
    });

    it('refuses a disk with less than 1 MiB free, though a small file still fits', async () => {
      const { dir } = mounted({ sizeKiB: 512 });
      await expect(prepareDataDir(dir)).resolves.toMatchObject({
        ok: false,
        kind: 'disk_full',
        message: `Cannot use ${dir} as the data folder: its disk is full (512 KiB free); free some space.`,
      });
    });

    it('refuses a folder where files can be created but not removed (append-only)', async () => {
      const { dir } = mounted({ appendOnly: true });
      const check = await prepareDataDir(dir);
      expect(check).toMatchObject({ ok: false, kind: 'not_writable', message: expect.stringContaining('files can be created in it but not removed') });
    });
  });

  it('removes our temporary files older than the process, and nothing else', async () => {
    const dir = scratch();
    mkdirSync(join(dir, 'descriptor-cache'));
    const oldTemp = atomicTempPath(join(dir, 'workspace.json'));
    const oldNested = atomicTempPath(join(dir, 'descriptor-cache', 'abc.binpb'));
    const freshTemp = atomicTempPath(join(dir, 'workspace.json'));
    const notOurs = join(dir, 'notes.tmp');
    const nearMiss = join(dir, 'workspace.json.12345.tmp');
    for (const path of [oldTemp, oldNested, freshTemp, notOurs, nearMiss]) writeFileSync(path, 'x');
    const longAgo = new Date(Date.now() - 3_600_000);
    for (const path of [oldTemp, oldNested, notOurs, nearMiss]) utimesSync(path, longAgo, longAgo);
    const processStart = Date.now() - 60_000; // freshTemp is newer: another process may be writing it

    const check = await prepareDataDir(dir, processStart);
    expect(check.ok && [...check.sweep.removed].sort()).toEqual([oldNested, oldTemp].sort());
    expect([oldTemp, oldNested].map(existsSync)).toEqual([false, false]);
    expect([freshTemp, notOurs, nearMiss].map(existsSync)).toEqual([true, true, true]);
  });
});
