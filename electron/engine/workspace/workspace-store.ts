import { join } from 'node:path';
import type { WorkspaceState } from '../../../shared/contract';
import { err, ok, type Result } from '../../../shared/result';
import { readTextIfExists, writeFileAtomic } from './atomic-file';

/**
 * Keeps the renderer's workspace (open tabs, imported proto sources, settings) in
 * <dataDir>/workspace.json. The engine treats the data as opaque; it only checks the envelope.
 */
export interface WorkspaceStore {
  load(): Promise<Result<WorkspaceState | null>>;
  save(state: WorkspaceState): Promise<Result<null>>;
}

export function createWorkspaceStore(dataDir: string): WorkspaceStore {
  const file = join(dataDir, 'workspace.json');
  // Saves are serialized so an older state can never overwrite a newer one.
  let queue: Promise<unknown> = Promise.resolve();

  return {
    async load() {
      try {
        const text = await readTextIfExists(file);
        if (text === null) return ok(null);
        const parsed: unknown = JSON.parse(text);
        if (!isWorkspaceState(parsed)) {
          return err('IO', `The saved workspace in ${file} is not in a format this version understands; starting with an empty workspace.`);
        }
        return ok(parsed);
      } catch (e) {
        return err('IO', `Could not read the saved workspace ${file}: ${(e as Error).message}`);
      }
    },
    save(state) {
      const run = queue.then(async (): Promise<Result<null>> => {
        try {
          await writeFileAtomic(file, JSON.stringify(state));
          return ok(null);
        } catch (e) {
          return err('IO', `Could not save the workspace to ${file}: ${(e as Error).message}`);
        }
      });
      queue = run;
      return run;
    },
  };
}

function isWorkspaceState(value: unknown): value is WorkspaceState {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { version?: unknown; data?: unknown };
  return v.version === 1 && typeof v.data === 'object' && v.data !== null && !Array.isArray(v.data);
}
