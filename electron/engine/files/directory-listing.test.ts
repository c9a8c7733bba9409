import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listDirectory } from './directory-listing';

describe('listDirectory', () => {
  it('lists folders first, then files, with real absolute paths and the parent', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gw-ls-'));
    await mkdir(join(dir, 'zeta'));
    await writeFile(join(dir, 'a.proto'), 'syntax = "proto3";');
    await writeFile(join(dir, '.hidden'), '');
    const result = await listDirectory(dir);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.path).toBe(dir);
    expect(result.value.parent).toBe(join(dir, '..'));
    expect(result.value.entries.map((e) => [e.name, e.kind, e.path])).toEqual([
      ['zeta', 'directory', join(dir, 'zeta')],
      ['a.proto', 'file', join(dir, 'a.proto')],
      ['.hidden', 'file', join(dir, '.hidden')],
    ]);
  });

  it('says clearly when a folder does not exist', async () => {
    const result = await listDirectory('/definitely/not/here');
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
