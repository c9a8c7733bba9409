// main.ts end to end without the Electron binary: `electron` is replaced by a recording fake,
// while the engine, the validated dispatch and the demo server are the real ones. Proves the
// wiring: protocol and security hooks, IPC through sender checks and zod validation, events and
// menu commands reaching the window, window state saved, and quit waiting for engine.dispose().
import { EventEmitter } from 'node:events';
import { readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES, EVENTS_CHANNEL, type DemoServerInfo, type EventBatch } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { defaultConnectionSettings } from '../../shared/connection';
import type { LiveCall } from '../../shared/live-calls';

type Handler = (event: unknown, payload: unknown) => Promise<Result<unknown>>;
interface MenuItem {
  label?: string;
  id?: string;
  submenu?: MenuItem[];
  click?: () => void;
}

const fake = await vi.hoisted(async () => {
  // Plain JS objects standing in for Electron's modules; only what main.ts touches.
  // (vi.hoisted runs before the imports above, so it loads what it needs itself.)
  const { EventEmitter: Emitter } = await import('node:events');
  const { mkdtempSync: makeTempDir } = await import('node:fs');
  const { tmpdir: systemTemp } = await import('node:os');
  const { join: joinPath } = await import('node:path');
  const userData = makeTempDir(joinPath(systemTemp(), 'gw-main-test-'));
  const record = {
    userData,
    privileged: [] as unknown[],
    protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
    ipcHandlers: new Map<string, (event: unknown, payload: unknown) => Promise<unknown>>(),
    permissionRequest: null as null | ((contents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl: string }) => void),
    permissionCheck: null as null | ((contents: unknown, permission: string, origin: string) => boolean),
    blockedUrls: [] as string[],
    menu: null as unknown,
    windows: [] as unknown[],
    sent: [] as Array<[string, unknown]>,
    opened: [] as string[],
    dialogCalls: [] as Array<{ parent: unknown; options: unknown }>,
    quitCalls: 0,
    exited: false,
    sandboxEnabled: false,
  };
  const app = Object.assign(new Emitter(), {
    isPackaged: false,
    enableSandbox: () => void (record.sandboxEnabled = true),
    requestSingleInstanceLock: () => true,
    getAppPath: () => process.cwd(),
    getPath: (name: string) => (name === 'userData' ? userData : systemTemp()),
    getVersion: () => '0.1.0-test',
    whenReady: () => Promise.resolve(),
    setAboutPanelOptions: () => undefined,
    exit: () => void (record.exited = true),
    quit: () => {
      record.quitCalls += 1;
      let prevented = false;
      app.emit('before-quit', { preventDefault: () => void (prevented = true) });
      if (!prevented) record.exited = true;
    },
  });
  class BrowserWindow extends Emitter {
    destroyed = false;
    bounds: { x: number; y: number; width: number; height: number };
    readonly webContents = Object.assign(new Emitter(), {
      id: 42,
      isDestroyed: () => this.destroyed,
      send: (channel: string, payload: unknown) => void record.sent.push([channel, payload]),
      windowOpenHandler: null as unknown,
      setWindowOpenHandler(handler: unknown) {
        this.windowOpenHandler = handler;
      },
    });
    loadedUrl: string | null = null;
    constructor(readonly options: { x: number; y: number; width: number; height: number }) {
      super();
      this.bounds = { x: options.x, y: options.y, width: options.width, height: options.height };
      record.windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    isDestroyed = () => this.destroyed;
    maximize = () => undefined;
    isMaximized = () => false;
    isMinimized = () => false;
    getNormalBounds = () => this.bounds;
    loadURL = async (url: string) => void (this.loadedUrl = url);
    close = () => {
      this.emit('close', { preventDefault: () => undefined });
      this.destroyed = true;
      this.emit('closed');
    };
  }
  const electron = {
    app,
    BrowserWindow,
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => void record.privileged.push(...schemes),
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => void record.protocolHandlers.set(scheme, handler),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: typeof record.permissionRequest) => void (record.permissionRequest = handler),
        setPermissionCheckHandler: (handler: typeof record.permissionCheck) => void (record.permissionCheck = handler),
        webRequest: { onBeforeRequest: (filter: { urls: string[] }) => void record.blockedUrls.push(...filter.urls) },
      },
    },
    ipcMain: {
      handle: (channel: string, handler: (event: unknown, payload: unknown) => Promise<unknown>) => void record.ipcHandlers.set(channel, handler),
      removeHandler: (channel: string) => void record.ipcHandlers.delete(channel),
    },
    Menu: { buildFromTemplate: (template: unknown) => template, setApplicationMenu: (menu: unknown) => void (record.menu = menu) },
    screen: {
      getPrimaryDisplay: () => ({ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }),
      getAllDisplays: () => [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }],
    },
    dialog: {
      showOpenDialog: async (parent: unknown, options: unknown) => {
        record.dialogCalls.push({ parent, options });
        return { canceled: false, filePaths: ['/picked/demo.proto'] };
      },
      showSaveDialog: async () => ({ canceled: true, filePath: '' }),
      showErrorBox: (title: string, message: string) => {
        throw new Error(`${title}: ${message}`);
      },
    },
    shell: { openExternal: async (url: string) => void record.opened.push(url) },
  };
  return { electron, record };
});

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));

const { record } = fake;
const fromOurWindow = { sender: { id: 42 }, senderFrame: { url: 'app://workbench/index.html', parent: null } };

async function invoke(channel: string, payload: unknown, event: unknown = fromOurWindow): Promise<Result<unknown>> {
  const handler = record.ipcHandlers.get(channel) as Handler | undefined;
  if (!handler) throw new Error(`main.ts registered no handler for ${channel}`);
  return handler(event, payload);
}
function window() {
  const [first] = record.windows;
  if (!first) throw new Error('main.ts opened no window');
  return first as unknown as { options: Record<string, unknown>; loadedUrl: string | null; webContents: EventEmitter & { windowOpenHandler: (details: { url: string }) => unknown }; close(): void };
}
async function waitFor<T>(probe: () => T | undefined, what: string): Promise<T> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}
function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

beforeAll(async () => {
  await import('./main');
  // 'ready' first checks the data folder (real file system work), then wires everything up.
  await waitFor(() => (record.windows.length > 0 ? true : undefined), 'the main window');
});

afterAll(async () => {
  // Normally the last test quit already; if it failed early, still shut the engine down.
  if (!record.exited) {
    fake.electron.app.quit();
    await waitFor(() => (record.exited ? true : undefined), 'app exit');
  }
  rmSync(record.userData, { recursive: true, force: true });
});

describe('main process wiring', () => {
  it('registers app:// as privileged, serves it, and sandboxes every renderer', async () => {
    expect(record.privileged).toEqual([expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) })]);
    expect(record.sandboxEnabled).toBe(true);
    const handler = record.protocolHandlers.get('app');
    expect(handler).toBeDefined();
    const missing = await handler?.(new Request('app://workbench/%2e%2e/package.json'));
    expect(missing?.status).toBe(404);
  });

  it('denies permissions and blocks the renderer from the network', () => {
    const decisions: boolean[] = [];
    record.permissionRequest?.({}, 'media', (granted) => decisions.push(granted), { requestingUrl: 'app://workbench/index.html' });
    record.permissionRequest?.({}, 'clipboard-sanitized-write', (granted) => decisions.push(granted), { requestingUrl: 'app://workbench/index.html' });
    expect(decisions).toEqual([false, true]);
    expect(record.permissionCheck?.({}, 'geolocation', 'app://workbench')).toBe(false);
    expect(record.blockedUrls).toEqual(expect.arrayContaining(['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*']));
  });

  it('opens one hardened window on app://workbench/index.html', () => {
    expect(record.windows).toHaveLength(1);
    expect(window().loadedUrl).toBe('app://workbench/index.html');
    expect(window().options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(process.env.GRPC_WORKBENCH_RESOURCES).toBe(process.cwd());
  });

  it('hardens the window contents: navigation, new windows and <webview>', () => {
    const contents = window().webContents;
    let prevented = false;
    contents.emit('will-navigate', { url: 'https://grpc.io/', isMainFrame: true, preventDefault: () => void (prevented = true) });
    expect(prevented).toBe(true);
    expect(record.opened).toEqual(['https://grpc.io/']);
    expect(contents.windowOpenHandler({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(record.opened).toEqual(['https://grpc.io/']);
  });

  it('registers every contract channel', () => {
    expect([...record.ipcHandlers.keys()].sort()).toEqual([...CHANNEL_NAMES].sort());
  });

  it('answers shell:info and files:pick in the shell, validated like every channel', async () => {
    const info = await invoke('shell:info', {});
    expect(info).toMatchObject({ ok: true, value: { shell: 'electron', nativeDialogs: true, version: '0.1.0-test', platform: process.platform } });

    expect(await invoke('files:pick', { kind: 'proto_files', multiple: true })).toEqual({ ok: true, value: ['/picked/demo.proto'] });
    expect(record.dialogCalls).toHaveLength(1);
    expect(record.dialogCalls[0]?.parent).toBe(record.windows[0]);

    const invalid = await invoke('files:pick', { kind: 'everything', multiple: true });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(record.dialogCalls).toHaveLength(1);
  });

  it('refuses IPC from anything but our window main frame', async () => {
    const refused = await invoke('protos:list', {}, { sender: { id: 7 }, senderFrame: { url: 'app://workbench/index.html', parent: null } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    const iframe = await invoke('protos:list', {}, { sender: { id: 42 }, senderFrame: { url: 'app://workbench/index.html', parent: {} } });
    expect(iframe.ok).toBe(false);
  });

  it('runs the real engine behind IPC and forwards its event batches to the window', async () => {
    expect(await invoke('protos:list', {})).toMatchObject({ ok: true });
    const started = await invoke('demo:start', { port: null });
    expect(started.ok).toBe(true);
    const demo = (started as { ok: true; value: DemoServerInfo }).value;
    expect(demo.protoSet.packages.flatMap((pkg) => pkg.services.map((service) => service.fullName))).toContain('demo.v1.DemoService');
    const batch = await waitFor(
      () => record.sent.find(([channel, payload]) => channel === EVENTS_CHANNEL && (payload as EventBatch).events.some((event) => event.kind === 'demo' && event.running)),
      'the demo event batch',
    );
    expect(batch[1]).toMatchObject({ seq: expect.any(Number) });
    expect(await portAccepts(demo.port)).toBe(true);
    (globalThis as { demoPort?: number }).demoPort = demo.port;
  });

  it("makes the window's page own its calls, and a reload a new page whose predecessor's calls are gone", async () => {
    const demos = (await invoke('protos:list', {})) as { ok: true; value: { id: string; source: { kind: string } }[] };
    const demoSet = demos.value.find((set) => set.source.kind === 'demo');
    const port = (globalThis as { demoPort?: number }).demoPort;
    const started = (await invoke('calls:start', {
      method: { protoSetId: demoSet?.id, service: 'demo.v1.DemoService', method: 'CountUp' },
      connection: defaultConnectionSettings(`127.0.0.1:${port}`),
      metadata: [],
      deadlineMs: null,
      requestJson: '{"count":2000,"intervalMs":50}',
      options: { emitDefaults: false },
    })) as { ok: true; value: { callId: string } };
    expect(started.ok).toBe(true);
    const listed = async () => ((await invoke('calls:list', {})) as { ok: true; value: LiveCall[] }).value.find((call) => call.callId === started.value.callId);
    expect(await listed()).toMatchObject({ ownedByCaller: true, ownerGone: false });
    window().webContents.emit('did-navigate', {}, 'app://workbench/index.html', 200, 'OK'); // the user reloaded
    expect(await listed()).toMatchObject({ ownedByCaller: false, ownerGone: true });
    expect(await invoke('calls:cancel', { callId: started.value.callId })).toMatchObject({ ok: true });
  });

  it('sends menu commands to the window', () => {
    const file = (record.menu as MenuItem[]).find((item) => item.label === 'File');
    file?.submenu?.find((item) => item.id === 'start-demo-server')?.click?.();
    expect(record.sent).toContainEqual(['menu:command', 'menu:startDemoServer']);
  });

  it('saves the window position when the window closes', () => {
    window().close();
    const saved = JSON.parse(readFileSync(join(record.userData, 'window-state.json'), 'utf8')) as unknown;
    expect(saved).toEqual({ bounds: { x: 320, y: 110, width: 1280, height: 820 }, maximized: false });
  });

  it('quits only after engine.dispose() stopped the demo server', async () => {
    const port = (globalThis as { demoPort?: number }).demoPort;
    expect(port).toBeDefined();
    fake.electron.app.quit();
    expect(record.exited).toBe(false); // held by before-quit while the engine shuts down
    await waitFor(() => (record.exited ? true : undefined), 'the second app.quit()');
    expect(record.quitCalls).toBe(2);
    expect(await portAccepts(port ?? 0)).toBe(false);
  });
});
