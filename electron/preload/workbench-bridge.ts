// The object the preload exposes. Built from injected ipc functions so it is tested without
// Electron. The renderer gets plain data only: never the IpcRendererEvent, never ipcRenderer.
import { EVENTS_CHANNEL, type EventBatch } from '../../shared/contract';
import { err } from '../../shared/result';
import { isContractChannel } from './channel-allow-list';
import type { ElectronWorkbenchApi } from './electron-workbench-api';
import { isMenuCommand, MENU_COMMAND_CHANNEL, type MenuCommand } from './menu-commands';

type IpcListener = (event: unknown, ...args: unknown[]) => void;

/** The slice of ipcRenderer (and webUtils) the bridge uses. */
export interface BridgeIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: IpcListener): unknown;
  removeListener(channel: string, listener: IpcListener): unknown;
  getPathForFile(file: File): string;
}

function subscribe(ipc: BridgeIpc, channel: string, deliver: (payload: unknown) => void): () => void {
  const listener: IpcListener = (_event, payload) => deliver(payload);
  ipc.on(channel, listener);
  let subscribed = true;
  return () => {
    if (!subscribed) return;
    subscribed = false;
    ipc.removeListener(channel, listener);
  };
}

export function createWorkbenchBridge(ipc: BridgeIpc): ElectronWorkbenchApi {
  const invoke: ElectronWorkbenchApi['invoke'] = async (channel, request) => {
    if (!isContractChannel(channel)) {
      return err('INVALID_REQUEST', `Unknown channel ${JSON.stringify(channel)}: the renderer asked for something the workbench does not offer.`);
    }
    try {
      // The main process answers every contract channel with a Result.
      return (await ipc.invoke(channel, request)) as Awaited<ReturnType<ElectronWorkbenchApi['invoke']>>;
    } catch (cause) {
      return err('INTERNAL', `The workbench main process did not answer ${channel}: ${cause instanceof Error ? cause.message : String(cause)}. Restart the app if this persists.`);
    }
  };
  return {
    invoke,
    onEvents: (listener: (batch: EventBatch) => void) => subscribe(ipc, EVENTS_CHANNEL, (payload) => listener(payload as EventBatch)),
    onMenuCommand: (listener: (command: MenuCommand) => void) =>
      subscribe(ipc, MENU_COMMAND_CHANNEL, (payload) => {
        if (isMenuCommand(payload)) listener(payload);
      }),
    pathForFile: (file: File) => ipc.getPathForFile(file),
  };
}
