// Real file systems for tests of what a folder refuses: a read-only tmpfs, a full one, an
// append-only one. Mounting needs root (CAP_SYS_ADMIN) on Linux; where that is not possible
// the caller skips with the reason from tmpfsUnavailable().
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ScratchMount {
  dir: string;
  /** Unmounts (clearing any attribute first) and removes the mount point. */
  remove(): void;
}

export type TmpfsOptions = { readOnly?: boolean; sizeKiB?: number; appendOnly?: boolean };

function run(command: string, args: string[]): void {
  execFileSync(command, args, { stdio: 'pipe' });
}

/** Why tmpfs mounts cannot be made here, or null when they can (probed once). */
export const tmpfsUnavailable: () => string | null = (() => {
  let answer: string | null | undefined;
  return () => {
    if (answer !== undefined) return answer;
    if (process.platform !== 'linux') return (answer = 'tmpfs mounts need Linux');
    if (process.getuid?.() !== 0) return (answer = 'mounting a tmpfs needs root');
    try {
      mountTmpfs({ sizeKiB: 64, appendOnly: true }).remove();
      answer = null;
    } catch (cause) {
      answer = `tmpfs cannot be mounted here (${cause instanceof Error ? cause.message.split('\n')[0] : String(cause)})`;
    }
    return answer;
  };
})();

export function mountTmpfs(options: TmpfsOptions = {}): ScratchMount {
  const dir = mkdtempSync(join(tmpdir(), 'gw-mount-'));
  const flags = [`size=${options.sizeKiB ?? 1024}k`, ...(options.readOnly ? ['ro'] : [])].join(',');
  try {
    run('mount', ['-t', 'tmpfs', '-o', flags, 'tmpfs', dir]);
    if (options.appendOnly) run('chattr', ['+a', dir]);
  } catch (cause) {
    tryUnmount(dir);
    rmSync(dir, { recursive: true, force: true });
    throw cause;
  }
  return {
    dir,
    remove() {
      tryUnmount(dir);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function tryUnmount(dir: string): void {
  try {
    run('chattr', ['-a', dir]);
  } catch {
    // not set, or not mounted
  }
  try {
    run('umount', [dir]);
  } catch {
    // not mounted
  }
}
