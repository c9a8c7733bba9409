import type { DemoTarget } from '../../../shared/contract';
import type { StateCreator } from 'zustand';
import type { PickKind, ShellInfo } from '../../../shared/contract';
import type { HostConnectionStatus } from '../bridge/host-connection-status';
import type { AppState } from './app-state';

/** The link to the shell: the browser shell can lose its WebSocket and reconnect. */
export type BridgeStatus = HostConnectionStatus;

export const DEFAULT_RETENTION_CAP = 10_000;
export const RETENTION_CAP_CHOICES = [1_000, 10_000, 50_000, 100_000] as const;

export interface Notice {
  id: number;
  tone: 'info' | 'error';
  text: string;
}

export interface DemoState {
  running: boolean;
  address: string | null;
  busy: boolean;
  /** The demo's addresses (main, balanced, keepalive) with what each shows; empty until it runs. */
  targets?: DemoTarget[];
}

/** The in-app file picker over files:list, for shells without native dialogs (the browser). */
export interface HostPickerRequest {
  kind: PickKind;
  multiple: boolean;
  title: string;
}

export interface UiSlice {
  bridge: BridgeStatus;
  shellInfo: ShellInfo | null;
  /** Messages kept per call in the UI; older ones are counted as dropped. */
  retentionCap: number;
  importDialogOpen: boolean;
  demo: DemoState;
  notice: Notice | null;
  hostPicker: HostPickerRequest | null;
  /** True once the saved workspace has been applied (saving starts only after that). */
  workspaceReady: boolean;
  setBridge: (bridge: BridgeStatus) => void;
  setShellInfo: (info: ShellInfo) => void;
  setRetentionCap: (cap: number) => void;
  setImportDialogOpen: (open: boolean) => void;
  setDemo: (patch: Partial<DemoState>) => void;
  showNotice: (tone: Notice['tone'], text: string) => void;
  clearNotice: (id: number) => void;
  setWorkspaceReady: () => void;
  setHostPicker: (request: HostPickerRequest | null) => void;
}

let noticeId = 0;

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => ({
  bridge: { state: 'connecting' },
  shellInfo: null,
  retentionCap: DEFAULT_RETENTION_CAP,
  importDialogOpen: false,
  demo: { running: false, address: null, busy: false },
  notice: null,
  hostPicker: null,
  workspaceReady: false,
  setBridge: (bridge) => set({ bridge }),
  setShellInfo: (shellInfo) => set({ shellInfo }),
  setRetentionCap: (retentionCap) =>
    set((state) => {
      // Existing calls keep their newest messages that still fit (rings resize in place).
      const calls = { ...state.calls };
      for (const [id, call] of Object.entries(calls)) {
        call.messages.resize(retentionCap);
        calls[id] = { ...call, messagesVersion: call.messagesVersion + 1 };
      }
      return { retentionCap, calls };
    }),
  setImportDialogOpen: (importDialogOpen) => set({ importDialogOpen }),
  setDemo: (patch) => set((state) => ({ demo: { ...state.demo, ...patch } })),
  showNotice: (tone, text) => {
    noticeId += 1;
    set({ notice: { id: noticeId, tone, text } });
  },
  clearNotice: (id) => set((state) => (state.notice?.id === id ? { notice: null } : {})),
  setWorkspaceReady: () => set({ workspaceReady: true }),
  setHostPicker: (hostPicker) => set({ hostPicker }),
});
