import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { REQUEST_FILE_SUFFIX } from '../../../shared/collection';
import { hostPathProblem } from '../../../shared/host-path';

/**
 * A collection comes from someone's repository, so every path in a request to the store is
 * checked before the file system sees it: relative, posix separators, no "..", no control
 * characters, and (after symlinks) still inside the collection folder.
 */
export function collectionPathProblem(path: string): string | null {
  const control = hostPathProblem(path);
  if (control !== null) return control;
  if (path === '') return 'the path is empty';
  if (isAbsolute(path) || /^[A-Za-z]:/.test(path) || path.startsWith('/')) return `"${path}" must be relative to the collection folder`;
  if (path.includes('\\')) return `"${path}" must use "/" between folders`;
  const parts = path.split('/');
  if (parts.some((part) => part === '..' || part === '.' || part === '')) return `"${path}" must not contain "..", "." or empty folder names`;
  return null;
}

export function requestPathProblem(path: string): string | null {
  const problem = collectionPathProblem(path);
  if (problem !== null) return problem;
  if (!path.endsWith(REQUEST_FILE_SUFFIX) || path.split('/').at(-1) === REQUEST_FILE_SUFFIX) return `"${path}" is not a request file (its name must end in ${REQUEST_FILE_SUFFIX})`;
  return null;
}

/** The absolute path of a checked relative path inside `folder`. */
export function insideFolder(folder: string, path: string): string {
  return resolve(folder, ...path.split('/'));
}

/**
 * True when `absolute` (which may not exist yet) resolves, through symlinks, to a place inside
 * the real collection folder: a symlink in a repository must not lead a write or read elsewhere.
 */
export async function staysInside(folder: string, absolute: string): Promise<boolean> {
  const realFolder = await realpath(folder);
  let probe = absolute;
  let rest = '';
  // Walk up to the deepest part that exists; the rest cannot be a symlink yet.
  for (;;) {
    try {
      const real = await realpath(probe);
      const joined = rest === '' ? real : resolve(real, rest);
      const inside = relative(realFolder, joined);
      return inside === '' || (!inside.startsWith(`..${sep}`) && inside !== '..' && !isAbsolute(inside));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return false;
      const parent = resolve(probe, '..');
      if (parent === probe) return false;
      rest = rest === '' ? relative(parent, probe) : `${relative(parent, probe)}${sep}${rest}`;
      probe = parent;
    }
  }
}
