import type { DirectoryListing, PickKind } from '../../../shared/contract';
import type { ElectronWorkbenchApi } from '../../../shared/electron-api';
import type { Result } from '../../../shared/result';
import type { CallId } from '../../../shared/ids';
import type { SavedStream } from '../../../shared/message-range';
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

/** "Saved 1,001 messages to …", or "Saved 500 of 1,001 messages to …: <why not all>." — never a plain success for a partial save. */
export function savedStreamText(saved: SavedStream): string {
  const count = (n: number) => n.toLocaleString('en-US');
  if (saved.complete) return `Saved ${count(saved.messages)} message${saved.messages === 1 ? '' : 's'} to ${saved.path}`;
  return `Saved ${count(saved.messages)} of ${count(saved.total)} messages to ${saved.path}: not complete, ${saved.incompleteReason ?? 'the engine no longer has the others'}.`;
}

/** Write the whole stream of a call (NDJSON) to a file the user picks. */
export async function saveCallStream(callId: CallId): Promise<void> {
  const [path] = await pickPaths('save_file', false);
  if (!path) return;
  const result = await workbench().invoke('calls:saveStream', { callId, path });
  const state = useAppStore.getState();
  if (!result.ok) state.showNotice('error', `The stream was not saved: ${result.error.message}`);
  else state.showNotice(result.value.complete ? 'info' : 'error', savedStreamText(result.value));
}

/** One folder of the host, for the in-app picker. */
export async function listHostDirectory(path: string | null): Promise<Result<DirectoryListing>> {
  return workbench().invoke('files:list', { path });
}
