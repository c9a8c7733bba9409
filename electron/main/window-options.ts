// The workbench window's construction, with its options as one literal: a unit test asserts
// every security flag (with a recording constructor), and electronegativity can read them
// (it only understands an object literal passed to `new BrowserWindow(...)`).
import type { BrowserWindowConstructorOptions } from 'electron';
import type { Rect } from './window-state';

export const WINDOW_TITLE = 'gRPC Workbench';
export const MIN_WINDOW_SIZE = { width: 760, height: 520 } as const;

export interface MainWindowOptionsInput {
  preloadPath: string;
  bounds: Rect;
  /** DevTools are available only in development builds. */
  isPackaged: boolean;
}

/** Electron's BrowserWindow class, injected so this module never loads Electron at runtime. */
export type BrowserWindowClass<W> = new (options: BrowserWindowConstructorOptions) => W;

export function newMainWindow<W>(BrowserWindow: BrowserWindowClass<W>, input: MainWindowOptionsInput): W {
  return new BrowserWindow({
    ...input.bounds,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title: WINDOW_TITLE,
    show: false, // shown on ready-to-show, so no white flash
    backgroundColor: '#1e1e1e',
    webPreferences: {
      // The preload (electron/preload) exposes only window.workbench: the contract's invoke with a
      // channel allow-list, event/menu subscriptions that hand over data only, and webUtils.getPathForFile.
      preload: input.preloadPath, /* eng-disable PRELOAD_JS_CHECK */
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      // A middle click must not open anything (new windows are denied anyway).
      disableBlinkFeatures: 'Auxclick',
      // A dropped file must reach the renderer's drop handler, not replace the page.
      navigateOnDragDrop: false,
      safeDialogs: true,
      devTools: !input.isPackaged,
    },
  });
}
