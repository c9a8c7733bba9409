import type { BrowserWindowConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { MIN_WINDOW_SIZE, newMainWindow, WINDOW_TITLE } from './window-options';

// Stands in for BrowserWindow: records the options it was constructed with.
class RecordingWindow {
  constructor(readonly options: BrowserWindowConstructorOptions) {}
}

describe('newMainWindow', () => {
  const bounds = { x: 10, y: 20, width: 1200, height: 800 };
  const { options } = newMainWindow(RecordingWindow, { preloadPath: '/app/out/preload/preload.cjs', bounds, isPackaged: true });

  it('sets every security flag', () => {
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/preload.cjs',
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
      disableBlinkFeatures: 'Auxclick',
      navigateOnDragDrop: false,
    });
  });

  it('does not enable anything that weakens isolation', () => {
    const prefs = options.webPreferences ?? {};
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs).not.toHaveProperty('additionalArguments');
    expect(prefs).not.toHaveProperty('partition');
  });

  it('allows DevTools only in development builds', () => {
    expect(options.webPreferences?.devTools).toBe(false);
    expect(newMainWindow(RecordingWindow, { preloadPath: 'p', bounds, isPackaged: false }).options.webPreferences?.devTools).toBe(true);
  });

  it('uses the restored bounds, the minimum size and the product title', () => {
    expect(options).toMatchObject({ ...bounds, minWidth: MIN_WINDOW_SIZE.width, minHeight: MIN_WINDOW_SIZE.height, title: WINDOW_TITLE, show: false });
    expect(WINDOW_TITLE).toBe('gRPC Workbench');
  });
});
