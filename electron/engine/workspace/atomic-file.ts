import { open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import { makeDirectory } from '../files/make-directory';

/**
 * How a temporary sibling is named: `<target>.<12 hex digits>.tmp`. Leftovers of a crash
 * mid-write are recognised by this name (sweep-atomic-temps.ts), so it is defined once here.
 */
const TEMP_NAME = /^.+\.[0-9a-f]{12}\.tmp$/;

export function atomicTempPath(path: string): string {
  return `${path}.${randomBytes(6).toString('hex')}.tmp`;
}

/** Whether a file name is one of writeFileAtomic's temporary files. */
export function isAtomicTempName(name: string): boolean {
  return TEMP_NAME.test(basename(name));
}

/**
 * Temporary files a failed write could not remove, by target. The next write to that target
 * removes it first, or, if it still cannot be removed, refuses without making another one:
 * a folder that lets files be created but not renamed or removed (an append-only folder, some
 * network shares) would otherwise gain one unremovable file per autosave.
 */
const stuckTemps = new Map<string, string>();

/** The error of a write that also left its temporary file behind; code is the write's own. */
export class TempFileLeftError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly tempPath: string,
  ) {
    super(message);
    this.name = 'TempFileLeftError';
  }
}

/**
 * Writes a file so that a crash never leaves a truncated file behind and a finished write
 * survives a power loss: the content goes to a temporary sibling, which is flushed to disk
 * (fsync) before it replaces the target in one rename; then the directory is flushed so the
 * rename itself is on disk. The engine's one way to write a file it keeps.
 *
 * `durable: false` skips both flushes, for files whose loss costs only time (the descriptor
 * cache, which checks what it reads back): a reader still never sees a half-written file
 * unless the power goes, and then sees a truncated or missing one.
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array, options: { durable?: boolean } = {}): Promise<void> {
  const durable = options.durable ?? true;
  const dir = dirname(path);
  await makeDirectory(dir);
  await clearStuckTemp(path);
  const tmp = atomicTempPath(path);
  try {
    // 'wx': the random name must be new, so nothing already there (a link) is written through.
    const handle = await open(tmp, 'wx');
    try {
      await handle.writeFile(content);
      if (durable) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (e) {
    const removal = await removeIfThere(tmp).then(
      () => null,
      (cause: unknown) => cause,
    );
    if (removal === null) throw e;
    stuckTemps.set(path, tmp);
    throw new TempFileLeftError(
      `${describe(e)}; its temporary file ${tmp} could not be removed either (${describe(removal)}). Delete it by hand; no further temporary files are made for this file until it is gone.`,
      (e as NodeJS.ErrnoException).code,
      tmp,
    );
  }
  if (durable) await syncDirectory(dir);
}

async function clearStuckTemp(path: string): Promise<void> {
  const stuck = stuckTemps.get(path);
  if (stuck === undefined) return;
  try {
    await removeIfThere(stuck);
    stuckTemps.delete(path);
  } catch (cause) {
    throw new TempFileLeftError(
      `not written: the temporary file ${stuck} of an earlier failed write still cannot be removed (${describe(cause)}). Delete it by hand, then save again.`,
      (cause as NodeJS.ErrnoException).code,
      stuck,
    );
  }
}

/** unlink, not rm: rm retries a refused unlink as rmdir and reports that error instead. */
async function removeIfThere(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Flushes a directory's entries (a rename, a new file) to disk. */
export async function syncDirectory(dir: string): Promise<void> {
  // Windows cannot open a directory as a file to flush it; NTFS journals the rename itself.
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch (e) {
    // Some file systems (network mounts, FUSE) cannot sync a directory. The file itself is
    // already written and renamed, so this is not a failed write.
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'ENOTSUP' && code !== 'EPERM') throw e;
  } finally {
    await handle.close();
  }
}

/** Reads a text file, or null when it does not exist. Other errors propagate. */
export async function readTextIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}
