import { mkdirSync, statSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/**
 * `mkdir -p` that always ends. Node's own `mkdir(path, { recursive: true })` (20.x, sync and
 * async) loops forever at 100% CPU when a parent exists but cannot hold the child: for
 * /proc/x, mkdir("/proc/x") says ENOENT, so Node creates the parent, mkdir("/proc") says
 * EEXIST, so Node retries the child, which says ENOENT again, and so on. A dangling symbolic
 * link in the path does the same. Here each folder is tried once after its parent is made;
 * a second ENOENT is final and reported.
 */
export async function makeDirectory(path: string): Promise<void> {
  const target = resolve(path);
  try {
    await mkdir(target);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'EEXIST' && (await isDirectory(target))) return;
    if (code !== 'ENOENT') throw error;
    const parent = dirname(target);
    if (parent === target) throw error;
    await makeDirectory(parent);
    try {
      await mkdir(target);
    } catch (retryError) {
      if (errorCode(retryError) === 'EEXIST' && (await isDirectory(target))) return; // made meanwhile
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
    if (code === 'EEXIST' && isDirectorySync(target)) return;
    if (code !== 'ENOENT') throw error;
    const parent = dirname(target);
    if (parent === target) throw error;
    makeDirectorySync(parent);
    try {
      mkdirSync(target);
    } catch (retryError) {
      if (errorCode(retryError) === 'EEXIST' && isDirectorySync(target)) return;
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
