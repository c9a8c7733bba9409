import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Writes a file so that a crash never leaves a truncated file behind and a finished write
 * survives a power loss: the content goes to a temporary sibling, which is flushed to disk
 * (fsync) before it replaces the target in one rename; then the directory is flushed so the
 * rename itself is on disk. The engine's one way to write a file it keeps.
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    // 'wx': the random name must be new, so nothing already there (a link) is written through.
    const handle = await open(tmp, 'wx');
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  await syncDirectory(dir);
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
