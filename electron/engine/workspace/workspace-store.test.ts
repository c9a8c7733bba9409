import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWorkspaceStore } from './workspace-store';

describe('workspace store', () => {
  it('returns null before anything was saved, then what was saved last', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gw-ws-'));
    const store = createWorkspaceStore(dir);
    expect(await store.load()).toEqual({ ok: true, value: null });
    const first = store.save({ version: 1, data: { tabs: [1] } });
    const second = store.save({ version: 1, data: { tabs: [1, 2] } });
    expect((await first).ok).toBe(true);
    expect((await second).ok).toBe(true);
    expect(await store.load()).toEqual({ ok: true, value: { version: 1, data: { tabs: [1, 2] } } });
    // No temporary files are left behind by the atomic writes.
    expect(await readdir(dir)).toEqual(['workspace.json']);
    expect(JSON.parse(await readFile(join(dir, 'workspace.json'), 'utf8'))).toEqual({ version: 1, data: { tabs: [1, 2] } });
  });

  it('reports a corrupt file as a clear IO error instead of throwing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gw-ws-'));
    await writeFile(join(dir, 'workspace.json'), '{"version": 7}');
    const result = await createWorkspaceStore(dir).load();
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('IO');
      expect(result.error.message).toContain('not in a format');
    }
  });
});
