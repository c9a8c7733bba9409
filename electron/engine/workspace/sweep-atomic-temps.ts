import { lstat, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { isAtomicTempName } from './atomic-file';

export interface TempSweep {
  /** Temporary files removed. */
  removed: string[];
  /** Temporary files that are there but could not be removed, with why. */
  failed: { path: string; reason: string }[];
}

/**
 * Removes what writes interrupted by a crash or a kill left behind: files named like
 * writeFileAtomic's temporary files (nothing else), last changed before `olderThanMs` (the
 * start of this process, so a write another Workbench process on the same folder is making
 * right now is never touched), in `dir` and in its folders one level down (the descriptor
 * cache, secrets). Symbolic links are not followed. Never throws.
 */
export async function sweepAtomicTemps(dir: string, olderThanMs: number): Promise<TempSweep> {
  const sweep: TempSweep = { removed: [], failed: [] };
  await sweepFolder(dir, olderThanMs, 1, sweep);
  return sweep;
}

async function sweepFolder(dir: string, olderThanMs: number, depthLeft: number, sweep: TempSweep): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (depthLeft > 0) await sweepFolder(path, olderThanMs, depthLeft - 1, sweep);
      continue;
    }
    if (!entry.isFile() || !isAtomicTempName(entry.name)) continue;
    await removeStaleTemp(path, olderThanMs, sweep);
  }
}

/**
 * Removes one file found by a listing if it is still a regular file (lstat: a symbolic link is
 * never followed) named like a temporary file and last changed before `olderThanMs`. The one
 * place the rule is applied: the data folder's sweep above, and a collection's when it is opened.
 */
export async function removeStaleTemp(path: string, olderThanMs: number, sweep: TempSweep): Promise<void> {
  if (!isAtomicTempName(path)) return;
  try {
    const info = await lstat(path);
    if (!info.isFile() || info.mtimeMs >= olderThanMs) return;
    await unlink(path);
    sweep.removed.push(path);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return; // someone else removed it
    sweep.failed.push({ path, reason: cause instanceof Error ? cause.message : String(cause) });
  }
}
