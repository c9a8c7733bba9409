// Electron main process: lifecycle, window, menu, protocol and IPC wiring. Logic lives in the
// small modules beside this file (tested without Electron); this file only connects them.
import { homedir } from 'node:os';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, safeStorage, screen, session, shell } from 'electron';
import { createSafeStorageSecretStore } from './safe-storage-secret-store';
import { EVENTS_CHANNEL } from '../../shared/contract';
import { createValidatedDispatch } from '../engine/dispatch/validated-dispatch';
import { createWorkbenchEngine } from '../engine/workbench-engine';
import type { WorkbenchEngine } from '../engine/engine-api';
import { MENU_COMMAND_CHANNEL } from '../preload/menu-commands';
import { appLocations } from './app-locations';
import { dataDirReady } from './data-dir-gate';
import { APP_SCHEME } from './app-origin';
import { APP_SCHEME_PRIVILEGES, createAppRequestHandler } from './app-protocol';
import { hardenWebContents } from './harden-web-contents';
import { registerContractHandlers } from './ipc-handlers';
import { createMainWindow } from './main-window';
import { createPageDocuments, type PageDocuments } from './page-documents';
import { buildMenuTemplate } from './menu-template';
import { isPermissionAllowed } from './permission-policy';
import { showPickDialog } from './pick-dialog';
import { createQuitGate } from './quit-gate';
import { electronShellInfo, withShellChannels } from './shell-channels';
import { createWindowMessenger } from './window-messenger';

const APP_NAME = 'gRPC Workbench';
const DISPOSE_TIMEOUT_MS = 5_000;

const warn = (message: string): void => console.warn(`[workbench] ${message}`);

// Must happen before 'ready'.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit(); // another instance runs; it focuses its window (second-instance below)
} else {
  startWorkbench();
}

function startWorkbench(): void {
  let mainWindow: BrowserWindow | null = null;
  const liveWindow = (): BrowserWindow | null => (mainWindow !== null && !mainWindow.isDestroyed() ? mainWindow : null);
  const sendToWindow = createWindowMessenger(liveWindow);
  const locations = appLocations({ isPackaged: app.isPackaged, appPath: app.getAppPath(), resourcesPath: process.resourcesPath, mainDir: __dirname });

  app.on('second-instance', () => {
    const window = liveWindow();
    if (window === null) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('web-contents-created', (_event, contents) => {
    // hardenWebContents passes only vetted http(s) URLs (navigation-policy.externalBrowserUrl).
    const openExternal = (url: string): void => void shell.openExternal(url); /* eng-disable OPEN_EXTERNAL_JS_CHECK */
    hardenWebContents(contents, { openExternal, warn });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Set once the engine exists (before the first window): each window's page owns its calls.
  let pageDocuments: PageDocuments | null = null;
  const openWindow = (): void => {
    mainWindow = createMainWindow({ preloadPath: locations.preloadPath, userDataDir: app.getPath('userData'), isPackaged: app.isPackaged, screen, warn });
    pageDocuments?.follow(mainWindow.webContents);
  };

  app
    .whenReady()
    .then(async () => {
      const gate = { appName: APP_NAME, showErrorBox: (title: string, content: string) => dialog.showErrorBox(title, content), exit: (code: number) => app.exit(code), warn };
      if (!(await dataDirReady(app.getPath('userData'), gate))) return;
      const ses = session.defaultSession;
      ses.setPermissionRequestHandler((_contents, permission, callback, details) => callback(isPermissionAllowed(permission, details.requestingUrl)));
      ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isPermissionAllowed(permission, requestingOrigin));
      // The renderer never talks to the network (the engine does, from this process, with Node sockets).
      ses.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] }, (_details, callback) => callback({ cancel: true }));
      protocol.handle(APP_SCHEME, createAppRequestHandler(locations.rendererRoot));

      app.setAboutPanelOptions({ applicationName: APP_NAME, applicationVersion: app.getVersion() });
      const template = buildMenuTemplate({
        appName: APP_NAME,
        isMac: process.platform === 'darwin',
        isPackaged: app.isPackaged,
        sendCommand: (command) => void sendToWindow(MENU_COMMAND_CHANNEL, command),
      });
      Menu.setApplicationMenu(Menu.buildFromTemplate(template));

      const engine = createEngine(liveWindow);
      const documents = createPageDocuments(engine);
      pageDocuments = documents;
      registerContractHandlers({
        ipcMain,
        dispatch: createValidatedDispatch(engine),
        trustedWebContentsId: () => liveWindow()?.webContents.id ?? null,
        warn,
        callerOf: (webContentsId) => documents.callerOf(webContentsId),
      });
      engine.onEvents((batch) => void sendToWindow(EVENTS_CHANNEL, batch));
      app.on('before-quit', createQuitGate({ dispose: () => engine.dispose(), quit: () => app.quit(), timeoutMs: DISPOSE_TIMEOUT_MS, onError: warn }));

      openWindow();
      app.on('activate', () => {
        if (liveWindow() === null) openWindow();
      });
    })
    .catch((cause: unknown) => {
      dialog.showErrorBox(`${APP_NAME} could not start`, cause instanceof Error ? (cause.stack ?? cause.message) : String(cause));
      app.exit(1);
    });

  function createEngine(parentWindow: () => BrowserWindow | null): WorkbenchEngine {
    // The engine finds protos/ (demo server, bundled includes) through this variable.
    process.env.GRPC_WORKBENCH_RESOURCES = locations.resourcesRoot;
    const dataDir = app.getPath('userData');
    const engine = createWorkbenchEngine({
      dataDir,
      shell: 'electron',
      // safeStorage knows its keychain only once the app is ready; secrets are first asked for later.
      secrets: async () => {
        await app.whenReady();
        return createSafeStorageSecretStore({ safeStorage, dataDir });
      },
    });
    return withShellChannels(engine, {
      pick: (request) => showPickDialog(dialog, parentWindow(), request),
      info: () => electronShellInfo({ platform: process.platform, version: app.getVersion(), homeDir: homedir() }),
    });
  }
}
