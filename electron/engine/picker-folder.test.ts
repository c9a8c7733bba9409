import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkbenchEngine } from './engine-api';
import { pickerFolder } from './picker-folder';
import { createWorkbenchEngine } from './workbench-engine';

describe('pickerFolder (what the in-app file picker opens)', () => {
  const home = '/home/ada';

  it('expands a leading ~ to the host user home folder', () => {
    expect(pickerFolder('~', home)).toEqual({ ok: true, value: home });
    expect(pickerFolder('~/', home)).toEqual({ ok: true, value: home });
    expect(pickerFolder('~/api/protos', home)).toEqual({ ok: true, value: `${home}/api/protos` });
    expect(pickerFolder('  ~/my protos  ', home)).toEqual({ ok: true, value: `${home}/my protos` });
  });

  it('keeps absolute paths and null (the home folder)', () => {
    expect(pickerFolder('/etc', home)).toEqual({ ok: true, value: '/etc' });
    expect(pickerFolder('/srv/~/x', home)).toEqual({ ok: true, value: '/srv/~/x' });
    expect(pickerFolder(null, home)).toEqual({ ok: true, value: null });
    expect(pickerFolder('   ', home)).toEqual({ ok: true, value: null });
  });

  it('refuses relative paths and ~name, saying to give an absolute path', () => {
    for (const typed of ['protos', './protos', '../x', '.', 'a/~/b']) {
      const result = pickerFolder(typed, home);
      expect(result, typed).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', message: expect.stringMatching(/is a relative path.*Type an absolute folder path, e\.g\. \/home\/.*start with ~ for your home folder \(\/home\/ada\)/) } });
    }
    expect(pickerFolder('~bob/protos', home)).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', message: expect.stringMatching(/only ~ \(your home folder, \/home\/ada\) is expanded, not ~name/) } });
  });
});

describe('files:list through the engine', () => {
  let dataDir: string;
  let engine: WorkbenchEngine;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gw-picker-'));
    await mkdir(join(dataDir, 'protos'));
    engine = createWorkbenchEngine({ dataDir, shell: 'browser' });
  });
  afterAll(async () => {
    await engine.dispose();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('opens the home folder for ~, not a folder named "~" in the working folder', async () => {
    const listed = await engine.invoke('files:list', { path: '~' });
    expect(listed).toMatchObject({ ok: true, value: { path: homedir() } });
  });

  it('refuses a relative path instead of listing the host working folder', async () => {
    const cwd = process.cwd();
    try {
      process.chdir(dataDir);
      const listed = await engine.invoke('files:list', { path: 'protos' });
      expect(listed).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', message: expect.stringMatching(/"protos" is a relative path/) } });
      const dot = await engine.invoke('files:list', { path: '.' });
      expect(dot.ok).toBe(false);
    } finally {
      process.chdir(cwd);
    }
    expect((await engine.invoke('files:list', { path: join(dataDir, 'protos') })).ok).toBe(true);
  });
});
