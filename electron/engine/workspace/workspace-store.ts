import { randomBytes } from 'node:crypto';
import { lstat, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { WorkspaceLoadResult, WorkspaceSaveRequest, WorkspaceSetAside, WorkspaceState } from '../../../shared/contract';
import { err, ok, type Result } from '../../../shared/result';
import { readTextIfExists, syncDirectory, writeFileAtomic } from './atomic-file';

/**
 * Keeps the renderer's workspace (open tabs, imported proto sources, settings) in
 * <dataDir>/workspace.json. The engine treats the data as opaque; it only checks the envelope.
 *
 * Nothing is lost:
 * - A file this build cannot use (not JSON, not a workspace, or from a newer version) is
 *   renamed aside, byte for byte, and named in the load result and the log; the page starts fresh.
 * - A file that cannot be read at all is never written over.
 * - Two pages (browser tabs, windows) cannot overwrite each other: each save names its page
 *   and the revision that page loaded, and a save is refused once another page saved since.
 */
export interface WorkspaceStore {
  load(): Promise<Result<WorkspaceLoadResult>>;
  save(request: WorkspaceSaveRequest): Promise<Result<null>>;
}

export interface WorkspaceStoreOptions {
  /** Where a set-aside file is reported; the host process's stderr when not given. */
  log?: (message: string) => void;
  /** For the set-aside file's name. */
  now?: () => Date;
}

/** What workspace.json holds: the renderer's state plus who saved it last. */
interface StoredWorkspace {
  version: 1;
  /** Changes with every save; absent in files written before revisions existed. */
  revision?: string;
  /** The pageId of the page that saved it. */
  savedBy?: string | null;
  data: Record<string, unknown>;
}

type Examined =
  | { usable: true; state: WorkspaceState; revision: string | null; savedBy: string | null }
  | { usable: false; reason: WorkspaceSetAside['reason']; why: string };

export function createWorkspaceStore(dataDir: string, options: WorkspaceStoreOptions = {}): WorkspaceStore {
  const file = join(dataDir, 'workspace.json');
  const log = options.log ?? ((message: string) => process.stderr.write(`[workspace] ${message}\n`));
  const now = options.now ?? (() => new Date());
  // Loads and saves run one at a time, in order: an older state can never overwrite a newer
  // one, and a load never sees a half-done set-aside.
  let queue: Promise<unknown> = Promise.resolve();
  const serialized = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task);
    queue = run.catch(() => undefined);
    return run;
  };

  const load = async (): Promise<Result<WorkspaceLoadResult>> => {
    let text: string | null;
    try {
      text = await readTextIfExists(file);
    } catch (e) {
      return err('IO', `Could not read the saved workspace ${file}: ${(e as Error).message}. It is left as it is and will not be saved over.`);
    }
    if (text === null) return ok({ state: null, revision: null, setAside: null });
    const examined = examine(text);
    if (examined.usable) return ok({ state: examined.state, revision: examined.revision, setAside: null });

    let aside: string;
    try {
      aside = await setAside(file, examined.reason, now());
    } catch (e) {
      return err('IO', `The saved workspace ${file} ${examined.why}, and it could not be moved aside: ${(e as Error).message}. It is left as it is and will not be saved over.`);
    }
    log(`The saved workspace ${file} ${examined.why}. It was moved, unchanged, to ${aside}; the workspace starts empty.`);
    return ok({ state: null, revision: null, setAside: { path: aside, reason: examined.reason } });
  };

  const save = async (request: WorkspaceSaveRequest): Promise<Result<null>> => {
    const pageId = request.pageId ?? null;
    const baseRevision = request.baseRevision ?? null;
    try {
      // Never write over a file that was not read: a read error stops the save here.
      const current = await readTextIfExists(file);
      if (current !== null) {
        const examined = examine(current);
        const mine = examined.usable && (examined.revision === baseRevision || (pageId !== null && examined.savedBy === pageId));
        if (!mine) {
          return err(
            'IO',
            'The workspace was changed in another tab or window since this one loaded it, so this tab no longer saves its layout. Reload to continue with the newer one.',
            { conflict: true },
          );
        }
      }
      const stored: StoredWorkspace = { version: 1, revision: randomBytes(8).toString('hex'), savedBy: pageId, data: request.data };
      await writeFileAtomic(file, JSON.stringify(stored));
      return ok(null);
    } catch (e) {
      return err('IO', `Could not save the workspace to ${file}: ${(e as Error).message}`);
    }
  };

  return {
    load: () => serialized(load),
    save: (request) => serialized(() => save(request)),
  };
}

function examine(text: string): Examined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { usable: false, reason: 'unreadable', why: 'is not valid JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { usable: false, reason: 'unreadable', why: 'is not a workspace' };
  }
  const v = parsed as { version?: unknown; data?: unknown; revision?: unknown; savedBy?: unknown };
  if (typeof v.version === 'number' && Number.isInteger(v.version) && v.version > 1) {
    return { usable: false, reason: 'newer_version', why: `was written by a newer version of gRPC Workbench (workspace version ${v.version})` };
  }
  if (v.version !== 1 || typeof v.data !== 'object' || v.data === null || Array.isArray(v.data)) {
    return { usable: false, reason: 'unreadable', why: 'is not in a format this version understands' };
  }
  return {
    usable: true,
    state: { version: 1, data: v.data as Record<string, unknown> },
    revision: typeof v.revision === 'string' ? v.revision : null,
    savedBy: typeof v.savedBy === 'string' ? v.savedBy : null,
  };
}

/** Renames file to a new sibling named for the reason and the time; answers the new path. */
async function setAside(file: string, reason: WorkspaceSetAside['reason'], at: Date): Promise<string> {
  const stamp = at.toISOString().replace(/[:.]/g, '-');
  const base = `${file}.${reason === 'newer_version' ? 'newer' : 'unreadable'}-${stamp}`;
  for (let n = 1; n < 1000; n += 1) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    // rename would replace an existing file: only ever move to a name that is free.
    if (await exists(candidate)) continue;
    await rename(file, candidate);
    await syncDirectory(dirname(file));
    return candidate;
  }
  throw new Error(`every name like ${base} is taken`);
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}
