import { readdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { homedir } from 'node:os';
import type { DirectoryEntry, DirectoryListing } from '../../../shared/contract';
import { err, ok, type Result } from '../../../shared/result';

/**
 * Lists a directory on the machine that runs the engine. The browser shell's file picker
 * uses it, so the paths a user picks are real host paths and protoc import roots work as
 * on the desktop. Directories first, then files, each alphabetically; hidden entries last.
 */
export async function listDirectory(path: string | null): Promise<Result<DirectoryListing>> {
  const dir = resolve(path ?? homedir());
  try {
    const info = await stat(dir);
    if (!info.isDirectory()) return err('IO', `${dir} is not a folder.`);
    const dirents = await readdir(dir, { withFileTypes: true });
    const entries: DirectoryEntry[] = [];
    for (const d of dirents) {
      const full = join(dir, d.name);
      let isDir = d.isDirectory();
      if (d.isSymbolicLink()) {
        // Follow links so a linked folder can be opened; a broken link is listed as a file.
        isDir = await stat(full).then((s) => s.isDirectory(), () => false);
      }
      entries.push({ name: d.name, path: full, kind: isDir ? 'directory' : 'file' });
    }
    entries.sort(compareEntries);
    const parent = dirname(dir);
    return ok({ path: dir, parent: parent === dir ? null : parent, entries });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return err('NOT_FOUND', `The folder ${dir} does not exist.`);
    if (code === 'EACCES' || code === 'EPERM') return err('IO', `No permission to read the folder ${dir}.`);
    return err('IO', `Could not list ${dir}: ${(e as Error).message}`);
  }
}

function compareEntries(a: DirectoryEntry, b: DirectoryEntry): number {
  if (a.kind !== b.kind) return a.kind === 'directory' ? -1 : 1;
  const aHidden = a.name.startsWith('.');
  const bHidden = b.name.startsWith('.');
  if (aHidden !== bHidden) return aHidden ? 1 : -1;
  return a.name.localeCompare(b.name);
}
