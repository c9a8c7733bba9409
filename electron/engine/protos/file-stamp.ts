import { statSync, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';

/** What the file system says about a file without reading it: enough to tell it was not touched. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

/**
 * A stamp taken less than this long before the cache entry was written is not trusted: the
 * file could still be changed within the same timestamp tick (coarse clocks: 2 s on FAT), the
 * way git treats "racily clean" index entries.
 */
export const STAMP_RACE_MS = 2_000;

/** The stamp of a regular file, or null (missing, not a regular file). */
export async function fileStamp(path: string): Promise<FileStamp | null> {
  try {
    return stampOf(await stat(path));
  } catch {
    return null;
  }
}

/**
 * fileStamp, synchronously: a cache lookup stats every file of a set (hundreds), and a
 * synchronous stat costs microseconds where an async one waits a round trip through the
 * thread pool (a few times slower for the whole set).
 */
export function fileStampSync(path: string): FileStamp | null {
  try {
    const info = statSync(path, { throwIfNoEntry: false });
    return info ? stampOf(info) : null;
  } catch {
    return null;
  }
}

function stampOf(info: Stats): FileStamp | null {
  if (!info.isFile()) return null;
  return { size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs, ino: info.ino };
}

/**
 * True when `now` equals the stamp recorded with the hash, and the recorded stamp is old
 * enough (relative to `storedAt`) that an edit in the same tick is ruled out. Any touch, edit,
 * chmod or replacement changes mtime or ctime (ctime cannot be set back by the user), so the
 * file is then hashed again.
 */
export function stampVouchesFor(recorded: FileStamp | undefined, now: FileStamp | null, storedAt: number | undefined): boolean {
  if (!recorded || !now || storedAt === undefined) return false;
  if (Math.max(recorded.mtimeMs, recorded.ctimeMs) > storedAt - STAMP_RACE_MS) return false;
  return recorded.size === now.size && recorded.mtimeMs === now.mtimeMs && recorded.ctimeMs === now.ctimeMs && recorded.ino === now.ino;
}
