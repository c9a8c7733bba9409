import type { StateCreator } from 'zustand';
import type { CollectionIndex } from '../../../shared/collection';
import type { SecretStorageStatus } from '../../../shared/secrets';
import type { AppState } from './app-state';

/** A collection the user has open: what its folder holds, and which environment is chosen. */
export interface OpenCollection {
  index: CollectionIndex;
  /** The chosen environment's name, or null for "No environment". */
  activeEnvironment: string | null;
  /** Request files that could not be read, by path: shown as broken, never rewritten. */
  broken: Record<string, string>;
}

/** The workspace dialogs; one at a time. */
export type WorkspaceDialog =
  | { kind: 'new_collection' }
  | { kind: 'open_collection' }
  | { kind: 'save_request'; tabId: string; saveAs: boolean }
  | { kind: 'environments'; folder: string }
  | { kind: 'grpcurl_import' }
  | { kind: 'insomnia_import' }
  | { kind: 'rename_request'; folder: string; path: string }
  | { kind: 'move_request'; folder: string; path: string }
  | { kind: 'delete_request'; folder: string; path: string }
  | { kind: 'rename_folder'; folder: string; path: string }
  | { kind: 'move_folder'; folder: string; path: string }
  | { kind: 'delete_folder'; folder: string; path: string; requests: number }
  | { kind: 'preview_request'; tabId: string };

export interface CollectionsSlice {
  collections: OpenCollection[];
  /** The collection whose environment applies to tabs that are not saved in one. */
  activeCollection: string | null;
  workspaceDialog: WorkspaceDialog | null;
  historyOpen: boolean;
  secretStorage: SecretStorageStatus | null;
  /** Adds the collection, or replaces its index keeping the chosen environment. */
  putCollection: (index: CollectionIndex) => void;
  removeCollection: (folder: string) => void;
  setActiveCollection: (folder: string | null) => void;
  setActiveEnvironment: (folder: string, name: string | null) => void;
  markBrokenRequest: (folder: string, path: string, message: string | null) => void;
  setWorkspaceDialog: (dialog: WorkspaceDialog | null) => void;
  setHistoryOpen: (open: boolean) => void;
  setSecretStorage: (status: SecretStorageStatus) => void;
}

export const createCollectionsSlice: StateCreator<AppState, [], [], CollectionsSlice> = (set) => {
  const updateCollection = (folder: string, change: (c: OpenCollection) => OpenCollection) =>
    set((state) => ({ collections: state.collections.map((c) => (c.index.folder === folder ? change(c) : c)) }));

  return {
    collections: [],
    activeCollection: null,
    workspaceDialog: null,
    historyOpen: false,
    secretStorage: null,
    putCollection: (index) =>
      set((state) => {
        const existing = state.collections.find((c) => c.index.folder === index.folder);
        if (!existing) {
          return {
            collections: [...state.collections, { index, activeEnvironment: null, broken: {} }],
            activeCollection: state.activeCollection ?? index.folder,
          };
        }
        // An environment that is gone from disk is no longer chosen.
        const keep = existing.activeEnvironment !== null && index.environments.some((e) => e.name === existing.activeEnvironment);
        const broken = Object.fromEntries(Object.entries(existing.broken).filter(([path]) => index.requests.some((r) => r.path === path)));
        return {
          collections: state.collections.map((c) =>
            c.index.folder === index.folder ? { index, activeEnvironment: keep ? existing.activeEnvironment : null, broken } : c,
          ),
        };
      }),
    removeCollection: (folder) =>
      set((state) => {
        const collections = state.collections.filter((c) => c.index.folder !== folder);
        const activeCollection = state.activeCollection === folder ? (collections[0]?.index.folder ?? null) : state.activeCollection;
        return { collections, activeCollection };
      }),
    setActiveCollection: (activeCollection) => set({ activeCollection }),
    setActiveEnvironment: (folder, name) => updateCollection(folder, (c) => ({ ...c, activeEnvironment: name })),
    markBrokenRequest: (folder, path, message) =>
      updateCollection(folder, (c) => {
        const broken = { ...c.broken };
        if (message === null) delete broken[path];
        else broken[path] = message;
        return { ...c, broken };
      }),
    setWorkspaceDialog: (workspaceDialog) => set({ workspaceDialog }),
    setHistoryOpen: (historyOpen) => set({ historyOpen }),
    setSecretStorage: (secretStorage) => set({ secretStorage }),
  };
};

/** The collection a tab's variables come from: where it is saved, else the active one. */
export function collectionForTab(state: Pick<AppState, 'collections' | 'activeCollection'>, savedFolder: string | null): OpenCollection | null {
  const folder = savedFolder ?? state.activeCollection;
  return state.collections.find((c) => c.index.folder === folder) ?? null;
}
