// The Electron shell's side of the data-folder check (electron/engine/data-dir-check.ts): the
// same message the web host prints, in an error box, and the app quits instead of starting an
// engine whose every save would fail.
import { prepareDataDir } from '../engine/data-dir-check';

export interface DataDirGateDeps {
  appName: string;
  /** dialog.showErrorBox: safe to call at any time, even before 'ready'. */
  showErrorBox(title: string, content: string): void;
  /** app.exit */
  exit(code: number): void;
  warn(message: string): void;
}

/** Exit code for a data folder that cannot be used; the web host CLI uses the same. */
export const DATA_DIR_EXIT_CODE = 2;

/** True when the data folder is usable; otherwise the user is told why and the app exits. */
export async function dataDirReady(dataDir: string, deps: DataDirGateDeps): Promise<boolean> {
  const check = await prepareDataDir(dataDir);
  if (!check.ok) {
    deps.showErrorBox(
      `${deps.appName} cannot start`,
      `${check.message}\n\n${deps.appName} keeps its workspace, history and caches in this folder (Electron's userData folder). Fix the folder, then start ${deps.appName} again.`,
    );
    deps.exit(DATA_DIR_EXIT_CODE);
    return false;
  }
  for (const left of check.sweep.failed) deps.warn(`A temporary file of an interrupted save could not be removed: ${left.path} (${left.reason}).`);
  return true;
}
