import { mkdir, mkdtemp, open, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { writeFileAtomic } from './atomic-file';
import { createWorkspaceStore } from './workspace-store';

const NOW = new Date('2030-01-02T03:04:05.678Z');

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'gw-ws-'));
}

function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('workspace store', () => {
  it('returns nothing before anything was saved, then what was saved last', async () => {
    const dir = await tempDir();
    const store = createWorkspaceStore(dir);
    expect(await store.load()).toEqual({ ok: true, value: { state: null, revision: null, setAside: null } });
    // Sent back to back: saves run in order, so the second one is what stays.
    const first = store.save({ version: 1, data: { tabs: [1] }, pageId: 'p', baseRevision: null });
    const second = store.save({ version: 1, data: { tabs: [1, 2] }, pageId: 'p', baseRevision: null });
    expect((await first).ok).toBe(true);
    expect((await second).ok).toBe(true);
    const loaded = unwrap(await store.load());
    expect(loaded.state).toEqual({ version: 1, data: { tabs: [1, 2] } });
    expect(loaded.revision).toMatch(/^[0-9a-f]{16}$/);
    // No temporary files are left behind by the atomic writes.
    expect(await readdir(dir)).toEqual(['workspace.json']);
    expect(JSON.parse(await readFile(join(dir, 'workspace.json'), 'utf8'))).toMatchObject({ version: 1, data: { tabs: [1, 2] } });
  });

  it('reads a file written before revisions existed', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'workspace.json'), JSON.stringify({ version: 1, data: { tabs: ['old'] } }));
    const store = createWorkspaceStore(dir);
    expect(unwrap(await store.load())).toEqual({ state: { version: 1, data: { tabs: ['old'] } }, revision: null, setAside: null });
    expect((await store.save({ version: 1, data: { tabs: ['new'] }, pageId: 'a', baseRevision: null })).ok).toBe(true);
  });

  for (const [name, bytes, reason, suffix] of [
    ['garbage', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x00, 0x0a, 0x6e, 0x6f, 0x74, 0x20, 0x6a, 0x73, 0x6f, 0x6e]), 'unreadable', 'unreadable'],
    ['a newer version', Buffer.from('{"version": 7, "data": {"tabs": ["from the future"]}, "extra": true}\n'), 'newer_version', 'newer'],
    ['JSON that is not a workspace', Buffer.from('[1, 2, 3]'), 'unreadable', 'unreadable'],
  ] as const) {
    it(`sets ${name} aside byte for byte, names it, and starts fresh`, async () => {
      const dir = await tempDir();
      const file = join(dir, 'workspace.json');
      await writeFile(file, bytes);
      const logged: string[] = [];
      const store = createWorkspaceStore(dir, { log: (m) => logged.push(m), now: () => NOW });

      const loaded = unwrap(await store.load());
      const expected = join(dir, `workspace.json.${suffix}-2030-01-02T03-04-05-678Z`);
      expect(loaded).toEqual({ state: null, revision: null, setAside: { path: expected, reason } });
      expect(await readFile(expected)).toEqual(bytes);
      expect(logged).toHaveLength(1);
      expect(logged[0]).toContain(expected);

      // A fresh state saves, and the set-aside file is still there, unchanged.
      expect((await store.save({ version: 1, data: { tabs: ['fresh'] }, pageId: 'a', baseRevision: loaded.revision })).ok).toBe(true);
      expect(unwrap(await store.load()).state).toEqual({ version: 1, data: { tabs: ['fresh'] } });
      expect(await readFile(expected)).toEqual(bytes);
      expect((await readdir(dir)).sort()).toEqual([`workspace.json`, `workspace.json.${suffix}-2030-01-02T03-04-05-678Z`]);
    });
  }

  it('never renames over an earlier set-aside file', async () => {
    const dir = await tempDir();
    const file = join(dir, 'workspace.json');
    const store = createWorkspaceStore(dir, { log: () => undefined, now: () => NOW });
    await writeFile(file, 'first');
    const one = unwrap(await store.load()).setAside?.path;
    await writeFile(file, 'second');
    const two = unwrap(await store.load()).setAside?.path;
    expect(one).not.toBe(two);
    expect(await readFile(one as string, 'utf8')).toBe('first');
    expect(await readFile(two as string, 'utf8')).toBe('second');
  });

  it('does not save over a workspace file it could not read', async () => {
    const dir = await tempDir();
    // A directory where the file should be: reading it fails (EISDIR), as permissions would.
    await mkdir(join(dir, 'workspace.json'));
    await writeFile(join(dir, 'workspace.json', 'inside'), 'keep me');
    const store = createWorkspaceStore(dir, { log: () => undefined });
    const loaded = await store.load();
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.error.message).toContain('will not be saved over');
    expect((await store.save({ version: 1, data: {}, pageId: 'a', baseRevision: null })).ok).toBe(false);
    expect(await readFile(join(dir, 'workspace.json', 'inside'), 'utf8')).toBe('keep me');
  });

  it('refuses a save from a page whose loaded revision is stale', async () => {
    const dir = await tempDir();
    const store = createWorkspaceStore(dir);
    unwrap(await store.save({ version: 1, data: { tabs: ['start'] } }));
    // Two tabs load the same revision.
    const base = unwrap(await store.load()).revision;
    expect(base).not.toBeNull();

    // Tab A saves twice (its second save is based on the same load: it wrote what is there).
    unwrap(await store.save({ version: 1, data: { tabs: ['a1'] }, pageId: 'tab-a', baseRevision: base }));
    unwrap(await store.save({ version: 1, data: { tabs: ['a2'] }, pageId: 'tab-a', baseRevision: base }));

    // Tab B's save is refused: tab A saved after B loaded.
    const refused = await store.save({ version: 1, data: { tabs: ['b'] }, pageId: 'tab-b', baseRevision: base });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('IO');
      expect(refused.error.details).toEqual({ conflict: true });
      expect(refused.error.message).toBe(
        'The workspace was changed in another tab or window since this one loaded it, so this tab no longer saves its layout. Reload to continue with the newer one.',
      );
    }
    expect(unwrap(await store.load()).state).toEqual({ version: 1, data: { tabs: ['a2'] } });

    // B reloads: it now holds the newest revision and saves; A is the stale one now.
    const reloaded = unwrap(await store.load()).revision;
    unwrap(await store.save({ version: 1, data: { tabs: ['b'] }, pageId: 'tab-b2', baseRevision: reloaded }));
    const late = await store.save({ version: 1, data: { tabs: ['a3'] }, pageId: 'tab-a', baseRevision: base });
    expect(late.ok).toBe(false);
    expect(JSON.parse(await readFile(join(dir, 'workspace.json'), 'utf8')).data).toEqual({ tabs: ['b'] });
  });

  it('refuses the second of two pages that both started with no saved workspace', async () => {
    const dir = await tempDir();
    const store = createWorkspaceStore(dir);
    const loadedA = unwrap(await store.load());
    const loadedB = unwrap(await store.load());
    unwrap(await store.save({ version: 1, data: { tabs: ['a'] }, pageId: 'tab-a', baseRevision: loadedA.revision }));
    const refused = await store.save({ version: 1, data: { tabs: ['b'] }, pageId: 'tab-b', baseRevision: loadedB.revision });
    expect(refused).toMatchObject({ ok: false, error: { code: 'IO', details: { conflict: true } } });
    expect(JSON.parse(await readFile(join(dir, 'workspace.json'), 'utf8')).data).toEqual({ tabs: ['a'] });
  });
});

describe('atomic write', () => {
  it('flushes the file and its directory to disk', async () => {
    const dir = await tempDir();
    const probe = await open(join(dir, 'probe'), 'w');
    const fileHandle = Object.getPrototypeOf(probe) as { sync(): Promise<void> };
    await probe.close();
    const sync = vi.spyOn(fileHandle, 'sync');

    await writeFileAtomic(join(dir, 'sub', 'file.json'), '{"a":1}');
    expect(await readFile(join(dir, 'sub', 'file.json'), 'utf8')).toBe('{"a":1}');
    // The temporary file before the rename, then the directory (not on Windows).
    expect(sync).toHaveBeenCalledTimes(process.platform === 'win32' ? 1 : 2);
    expect(await readdir(join(dir, 'sub'))).toEqual(['file.json']);
  });
});
