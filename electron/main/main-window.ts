// Creates the one workbench window: restored bounds, hardened options, our app:// page.
import { join } from 'node:path';
import { BrowserWindow, type Screen } from 'electron';
import { APP_ENTRY_URL } from './app-origin';
import { newMainWindow } from './window-options';
import { readWindowState, restoreWindowState, WINDOW_STATE_FILE, writeWindowState } from './window-state';

export interface MainWindowDeps {
  preloadPath: string;
  userDataDir: string;
  isPackaged: boolean;
  screen: Pick<Screen, 'getPrimaryDisplay' | 'getAllDisplays'>;
  warn(message: string): void;
}

export function createMainWindow(deps: MainWindowDeps): BrowserWindow {
  const stateFile = join(deps.userDataDir, WINDOW_STATE_FILE);
  const primary = deps.screen.getPrimaryDisplay();
  const others = deps.screen.getAllDisplays().filter((display) => display.id !== primary.id);
  const restored = restoreWindowState(readWindowState(stateFile), [primary.workArea, ...others.map((display) => display.workArea)]);

  const window = newMainWindow(BrowserWindow, { preloadPath: deps.preloadPath, bounds: restored.bounds, isPackaged: deps.isPackaged });
  if (restored.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  window.on('close', () => {
    if (!writeWindowState(stateFile, { bounds: window.getNormalBounds(), maximized: window.isMaximized() })) {
      deps.warn(`Could not save the window position to ${stateFile}.`);
    }
  });
  window.loadURL(APP_ENTRY_URL).catch((cause: unknown) => deps.warn(`Loading ${APP_ENTRY_URL} failed: ${String(cause)}`));
  return window;
}
