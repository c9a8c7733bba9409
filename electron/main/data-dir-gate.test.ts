// The Electron shell's data-folder gate with real folders: the same message as the web host,
// in an error box, then exit code 2; a usable folder starts and has its leftovers swept.
import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { prepareDataDir } from '../engine/data-dir-check';
import { atomicTempPath } from '../engine/workspace/atomic-file';
import { DATA_DIR_EXIT_CODE, dataDirReady } from './data-dir-gate';

let base: string | null = null;
afterEach(() => {
  if (base !== null) rmSync(base, { recursive: true, force: true });
  base = null;
});

function recorder() {
  const seen = { boxes: [] as Array<{ title: string; content: string }>, exits: [] as number[], warnings: [] as string[] };
  return {
    seen,
    deps: {
      appName: 'gRPC Workbench',
      showErrorBox: (title: string, content: string) => void seen.boxes.push({ title, content }),
      exit: (code: number) => void seen.exits.push(code),
      warn: (message: string) => void seen.warnings.push(message),
    },
  };
}

describe('dataDirReady (Electron main)', () => {
  it('shows the engine check’s message for a file and exits with code 2', async () => {
    base = mkdtempSync(join(tmpdir(), 'gw-gate-'));
    const file = join(base, 'userData');
    writeFileSync(file, '');
    const { seen, deps } = recorder();
    await expect(dataDirReady(file, deps)).resolves.toBe(false);
    const check = await prepareDataDir(file);
    expect(check.ok).toBe(false);
    expect(seen.boxes).toEqual([{ title: 'gRPC Workbench cannot start', content: expect.stringContaining(check.ok ? '?' : check.message) }]);
    expect(seen.boxes[0]!.content).toContain(`Cannot use ${file} as the data folder: it is a file, not a folder.`);
    expect(seen.exits).toEqual([DATA_DIR_EXIT_CODE]);
    expect(DATA_DIR_EXIT_CODE).toBe(2);
  });

  it.skipIf(process.platform !== 'linux')('refuses /proc/x', async () => {
    const { seen, deps } = recorder();
    await expect(dataDirReady('/proc/x', deps)).resolves.toBe(false);
    expect(seen.boxes[0]?.content).toMatch(/^Cannot use \/proc\/x as the data folder: it is inside \/proc/);
    expect(seen.exits).toEqual([2]);
  });

  it('starts on a usable folder without a box, sweeping old temporary files', async () => {
    base = mkdtempSync(join(tmpdir(), 'gw-gate-'));
    const leftover = atomicTempPath(join(base, 'secrets.safe-storage.json'));
    writeFileSync(leftover, '{');
    const longAgo = new Date(Date.now() - 3_600_000);
    utimesSync(leftover, longAgo, longAgo);
    const { seen, deps } = recorder();
    await expect(dataDirReady(base, deps)).resolves.toBe(true);
    expect(seen).toEqual({ boxes: [], exits: [], warnings: [] });
    expect(existsSync(leftover)).toBe(false);
  });
});
