import type { DirectoryListing, PickKind } from '../../../shared/contract';
import type { ElectronWorkbenchApi } from '../../../shared/electron-api';
import type { Result } from '../../../shared/result';
import type { CallId } from '../../../shared/ids';
import { useAppStore } from '../store/app-store';
import { workbench } from './api-handle';

const PICK_TITLES: Record<PickKind, string> = {
  proto_files: 'Choose .proto files',
  descriptor_sets: 'Choose descriptor set files',
  directories: 'Choose import folders',
  pem_file: 'Choose a PEM file',
  save_file: 'Save the stream as',
};

let pendingHostPick: ((paths: string[]) => void) | null = null;

/**
 * Let the user choose paths: the native dialog where the shell has one (Electron), else
 * the in-app picker over the host's file system (the browser shell). [] = cancelled.
 */
export async function pickPaths(kind: PickKind, multiple: boolean): Promise<string[]> {
  const state = useAppStore.getState();
  if (state.shellInfo?.nativeDialogs) {
    const result = await workbench().invoke('files:pick', { kind, multiple });
    if (result.ok) return result.value;
    if (result.error.code !== 'UNSUPPORTED') {
      state.showNotice('error', result.error.message);
      return [];
    }
  }
  pendingHostPick?.([]);
  return new Promise<string[]>((resolve) => {
    pendingHostPick = resolve;
    useAppStore.getState().setHostPicker({ kind, multiple, title: PICK_TITLES[kind] });
  });
}

/** Called by the host picker dialog when the user chooses or cancels. */
export function finishHostPick(paths: string[]): void {
  const resolve = pendingHostPick;
  pendingHostPick = null;
  useAppStore.getState().setHostPicker(null);
  resolve?.(paths);
}

/** In Electron the preload may expose pathForFile (webUtils.getPathForFile); browsers give dropped files no path. */
export function pathOfDroppedFile(file: File): string | null {
  const bridge = (globalThis as { workbench?: Partial<ElectronWorkbenchApi> }).workbench;
  if (typeof bridge?.pathForFile !== 'function') return null;
  const path = bridge.pathForFile(file);
  return path ? path : null;
}

/** Write the whole stream of a call (NDJSON) to a file the user picks. */
export async function saveCallStream(callId: CallId): Promise<void> {
  const [path] = await pickPaths('save_file', false);
  if (!path) return;
  const result = await workbench().invoke('calls:saveStream', { callId, path });
  const state = useAppStore.getState();
  if (result.ok) state.showNotice('info', `Saved ${result.value.messages.toLocaleString('en-US')} messages to ${result.value.path}`);
  else state.showNotice('error', `The stream was not saved: ${result.error.message}`);
}

/** One folder of the host, for the in-app picker. */
export async function listHostDirectory(path: string | null): Promise<Result<DirectoryListing>> {
  return workbench().invoke('files:list', { path });
}
