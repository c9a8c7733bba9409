import type { StateCreator } from 'zustand';
import type { ConnectionSettings } from '../../../shared/connection';
import { defaultConnectionSettings } from '../../../shared/connection';
import type { AppState } from './app-state';
import type { MetadataRow, NewTabInput, RequestTab } from './request-tab';
import { cloneConnection, createRequestTab, makeLocalId, sameMethod } from './request-tab';

/** Whose connection settings a control edits: a tab, or the defaults used when no tab is open. */
export type SettingsOwner = { tabId: string } | 'defaults';

export interface RequestsSlice {
  tabs: RequestTab[];
  activeTabId: string | null;
  /** Used for new tabs when none is open, and edited in the empty workspace. */
  defaultConnection: ConnectionSettings;
  defaultMetadata: MetadataRow[];
  /** Opens a tab for the method, or focuses an unsaved one already open for it. Returns its id. */
  openMethodTab: (input: NewTabInput) => string;
  /** Always opens a new tab (a saved request, an import, a history entry). Returns its id. */
  openNewTab: (input: NewTabInput) => string;
  closeTab: (tabId: string) => void;
  activateTab: (tabId: string) => void;
  updateTab: (tabId: string, patch: Partial<RequestTab>) => void;
  updateConnection: (owner: SettingsOwner, change: (current: ConnectionSettings) => ConnectionSettings) => void;
  addMetadataRow: (owner: SettingsOwner) => void;
  updateMetadataRow: (owner: SettingsOwner, rowId: string, patch: Partial<Omit<MetadataRow, 'id'>>) => void;
  removeMetadataRow: (owner: SettingsOwner, rowId: string) => void;
  replaceTabs: (tabs: RequestTab[], activeTabId: string | null) => void;
}

export const createRequestsSlice: StateCreator<AppState, [], [], RequestsSlice> = (set, get) => {
  const updateMetadata = (owner: SettingsOwner, change: (rows: MetadataRow[]) => MetadataRow[]) =>
    set((state) => {
      if (owner === 'defaults') return { defaultMetadata: change(state.defaultMetadata) };
      return { tabs: state.tabs.map((t) => (t.id === owner.tabId ? { ...t, metadata: change(t.metadata) } : t)) };
    });

  return {
    tabs: [],
    activeTabId: null,
    defaultConnection: defaultConnectionSettings(),
    defaultMetadata: [],
    openMethodTab: (input) => {
      const state = get();
      // A method has many requests: only a scratch (unsaved) tab is reused for a click in Services.
      const existing = state.tabs.find((t) => t.saved === null && sameMethod(t.method, input.method));
      if (existing) {
        set({ activeTabId: existing.id });
        return existing.id;
      }
      return get().openNewTab(input);
    },
    openNewTab: (input) => {
      const state = get();
      // A new tab talks to the same server as the one in front of the user.
      const active = state.tabs.find((t) => t.id === state.activeTabId);
      const tab = createRequestTab({
        ...input,
        connection: input.connection ?? active?.connection ?? state.defaultConnection,
        metadata: input.metadata ?? active?.metadata ?? state.defaultMetadata,
      });
      set({ tabs: [...state.tabs, tab], activeTabId: tab.id });
      return tab.id;
    },
    closeTab: (tabId) =>
      set((state) => {
        const index = state.tabs.findIndex((t) => t.id === tabId);
        if (index === -1) return {};
        const closing = state.tabs[index] as RequestTab;
        const tabs = state.tabs.filter((t) => t.id !== tabId);
        let activeTabId = state.activeTabId;
        if (activeTabId === tabId) activeTabId = (tabs[index] ?? tabs[index - 1])?.id ?? null;
        // Closing the last tab keeps its server as the default, so the next method opens on it.
        const keepDefaults = tabs.length === 0 ? { defaultConnection: cloneConnection(closing.connection), defaultMetadata: closing.metadata } : {};
        return { tabs, activeTabId, ...keepDefaults };
      }),
    activateTab: (tabId) => set({ activeTabId: tabId }),
    updateTab: (tabId, patch) => set((state) => ({ tabs: state.tabs.map((t) => (t.id === tabId ? { ...t, ...patch } : t)) })),
    updateConnection: (owner, change) =>
      set((state) => {
        if (owner === 'defaults') return { defaultConnection: change(state.defaultConnection) };
        return { tabs: state.tabs.map((t) => (t.id === owner.tabId ? { ...t, connection: change(t.connection) } : t)) };
      }),
    addMetadataRow: (owner) => updateMetadata(owner, (rows) => [...rows, { id: makeLocalId('md'), key: '', value: '' }]),
    updateMetadataRow: (owner, rowId, patch) => updateMetadata(owner, (rows) => rows.map((r) => (r.id === rowId ? { ...r, ...patch } : r))),
    removeMetadataRow: (owner, rowId) => updateMetadata(owner, (rows) => rows.filter((r) => r.id !== rowId)),
    replaceTabs: (tabs, activeTabId) => set({ tabs, activeTabId }),
  };
};

export function connectionOf(state: Pick<AppState, 'tabs' | 'defaultConnection'>, owner: SettingsOwner): ConnectionSettings {
  if (owner === 'defaults') return state.defaultConnection;
  return state.tabs.find((t) => t.id === owner.tabId)?.connection ?? state.defaultConnection;
}

export function metadataOf(state: Pick<AppState, 'tabs' | 'defaultMetadata'>, owner: SettingsOwner): MetadataRow[] {
  if (owner === 'defaults') return state.defaultMetadata;
  return state.tabs.find((t) => t.id === owner.tabId)?.metadata ?? state.defaultMetadata;
}
