import { lstatSync, mkdirSync, statSync, type Stats } from 'node:fs';
import { lstat, mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/**
 * `mkdir -p` that always ends. Node's own `mkdir(path, { recursive: true })` (20.x, sync and
 * async) loops forever at 100% CPU when a parent exists but cannot hold the child: for
 * /proc/x, mkdir("/proc/x") says ENOENT, so Node creates the parent, mkdir("/proc") says
 * EEXIST, so Node retries the child, which says ENOENT again, and so on. A dangling symbolic
 * link in the path does the same. Here each folder is tried once after its parent is made;
 * a second ENOENT is final and reported.
 *
 * EEXIST on something that is not a folder is thrown as a NotAFolderError that says what is
 * there instead: Node's "EEXIST: file already exists, mkdir '<path>'" reads as the opposite of
 * the problem (the folder is missing; a file is in its place), and every caller shows it.
 */
export class NotAFolderError extends Error {
  /** Kept as Node's code, so callers that branch on EEXIST still can. */
  readonly code = 'EEXIST';
  constructor(
    readonly path: string,
    what: string,
  ) {
    super(`${path} is ${what}, not a folder. Move or rename it, or choose another folder.`);
    this.name = 'NotAFolderError';
  }
}

/** What is at `path` in words, from lstat (a symbolic link is named as one, not followed). */
function describeNonFolder(info: Stats | null, followed: Stats | null): string {
  if (info === null) return 'not there any more';
  if (info.isSymbolicLink()) return followed === null ? 'a symbolic link to something that does not exist' : 'a symbolic link to a file';
  if (info.isFile()) return 'a file';
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  return 'something else';
}

async function notAFolder(target: string): Promise<NotAFolderError> {
  const info = await lstat(target).catch(() => null);
  const followed = await stat(target).catch(() => null);
  return new NotAFolderError(target, describeNonFolder(info, followed));
}

function notAFolderSync(target: string): NotAFolderError {
  const info = tryStat(() => lstatSync(target));
  const followed = tryStat(() => statSync(target));
  return new NotAFolderError(target, describeNonFolder(info, followed));
}

function tryStat(read: () => Stats): Stats | null {
  try {
    return read();
  } catch {
    return null;
  }
}

export async function makeDirectory(path: string): Promise<void> {
  const target = resolve(path);
  try {
    await mkdir(target);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'EEXIST') {
      if (await isDirectory(target)) return;
      throw await notAFolder(target);
    }
    if (code !== 'ENOENT') throw error;
    const parent = dirname(target);
    if (parent === target) throw error;
    await makeDirectory(parent);
    try {
      await mkdir(target);
    } catch (retryError) {
      if (errorCode(retryError) === 'EEXIST') {
        if (await isDirectory(target)) return; // made meanwhile
        throw await notAFolder(target);
      }
      throw retryError;
    }
  }
}

/** The same, synchronously. */
export function makeDirectorySync(path: string): void {
  const target = resolve(path);
  try {
    mkdirSync(target);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'EEXIST') {
      if (isDirectorySync(target)) return;
      throw notAFolderSync(target);
    }
    if (code !== 'ENOENT') throw error;
    const parent = dirname(target);
    if (parent === target) throw error;
    makeDirectorySync(parent);
    try {
      mkdirSync(target);
    } catch (retryError) {
      if (errorCode(retryError) === 'EEXIST') {
        if (isDirectorySync(target)) return;
        throw notAFolderSync(target);
      }
      throw retryError;
    }
  }
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

function isDirectorySync(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
