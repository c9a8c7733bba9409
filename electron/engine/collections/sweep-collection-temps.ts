import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { removeStaleTemp, type TempSweep } from '../workspace/sweep-atomic-temps';

/**
 * Removes the temporary files that atomic writes into a collection left when they were killed
 * (`echo.grpc.yaml.31d78fbac858.tmp`), so they do not pile up in the user's folder (and their
 * git status) across restarts. The data folder is swept at start; a collection lives wherever
 * the user keeps it, so it is swept when it is opened. Same rule as the data folder's sweep
 * (removeStaleTemp): only that naming, only regular files last changed before `olderThanMs` (the
 * start of this process, so a write still being made by this or a later process is never
 * touched), symbolic links neither followed nor removed. It walks the folders the collection
 * writes to: every non-hidden folder (environments included) except node_modules. Never throws.
 */
export async function sweepCollectionTemps(folder: string, olderThanMs: number): Promise<TempSweep> {
  const sweep: TempSweep = { removed: [], failed: [] };
  await sweepFolder(folder, olderThanMs, sweep);
  return sweep;
}

async function sweepFolder(dir: string, olderThanMs: number, sweep: TempSweep): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await sweepFolder(path, olderThanMs, sweep);
    else if (entry.isFile()) await removeStaleTemp(path, olderThanMs, sweep);
  }
}
