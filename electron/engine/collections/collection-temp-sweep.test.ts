// Opening a collection removes the temporary files killed atomic writes left in it, by the
// same rule as the data folder's sweep: real files, real mtimes, a real symbolic link.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCollectionStore } from './collection-store';

describe('opening a collection sweeps its leftover temporary files', () => {
  let base: string;
  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'gw-collection-temps-'));
  });
  afterEach(async () => {
    await rm(base, { recursive: true, force: true });
  });

  /** A file last changed `ageMs` before now. */
  async function file(path: string, ageMs: number, content = 'x'): Promise<string> {
    await writeFile(path, content);
    const at = new Date(Date.now() - ageMs);
    await utimes(path, at, at);
    return path;
  }

  it('removes old temps of killed writes (root, subfolders, environments) and nothing else', async () => {
    const folder = join(base, 'collection');
    const startedAt = Date.now() - 60_000; // "this process" started a minute ago
    const store = createCollectionStore({ processStartMs: startedAt });
    const created = await store.create({ folder, name: 'Temps' });
    expect(created.ok).toBe(true);
    await mkdir(join(folder, 'echo'));
    await mkdir(join(folder, 'environments'));
    const killed = [
      await file(join(folder, 'b.grpc.yaml.31d78fbac858.tmp'), 3_600_000),
      await file(join(folder, 'echo', 'Say hello.grpc.yaml.0123456789ab.tmp'), 3_600_000),
      await file(join(folder, 'environments', 'dev.yaml.abcdefabcdef.tmp'), 3_600_000),
      await file(join(folder, 'workbench-collection.yaml.aaaaaaaaaaaa.tmp'), 120_000),
    ];
    const kept = [
      await file(join(folder, 'fresh.grpc.yaml.bbbbbbbbbbbb.tmp'), 0), // a write of this (or a later) process, in flight
      await file(join(folder, 'notes.tmp'), 3_600_000), // not the naming rule
      await file(join(folder, 'b.grpc.yaml.31d78fbac85.tmp'), 3_600_000), // 11 hex digits
    ];
    const outside = await file(join(base, 'outside.grpc.yaml.cccccccccccc.tmp'), 3_600_000);
    await symlink(outside, join(folder, 'link.grpc.yaml.dddddddddddd.tmp')); // a link named like a temp: not followed, not removed
    await mkdir(join(folder, '.git'));
    const hidden = await file(join(folder, '.git', 'x.grpc.yaml.eeeeeeeeeeee.tmp'), 3_600_000); // not the collection's

    const opened = await store.open({ folder });
    expect(opened.ok).toBe(true);
    expect(killed.filter((path) => existsSync(path))).toEqual([]);
    expect(kept.filter((path) => !existsSync(path))).toEqual([]);
    expect(existsSync(outside)).toBe(true);
    expect(existsSync(join(folder, 'link.grpc.yaml.dddddddddddd.tmp'))).toBe(true);
    expect(existsSync(hidden)).toBe(true);
  });

  it('touches nothing in a folder that is not a collection', async () => {
    const folder = join(base, 'plain');
    await mkdir(folder);
    const temp = await file(join(folder, 'b.grpc.yaml.31d78fbac858.tmp'), 3_600_000);
    const opened = await createCollectionStore({ processStartMs: Date.now() }).open({ folder });
    expect(opened.ok).toBe(false);
    expect(existsSync(temp)).toBe(true);
  });
});
