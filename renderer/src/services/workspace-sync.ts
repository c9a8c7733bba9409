import type { ProtoSetSummary } from '../../../shared/catalog';
import type { WorkspaceSetAside } from '../../../shared/contract';
import type { Result, WorkbenchError } from '../../../shared/result';
import { useAppStore } from '../store/app-store';
import type { AppState } from '../store/app-state';
import type { ImportRecipe } from '../store/import-recipe';
import { recipeFromSource } from '../store/import-recipe';
import type { RequestTab } from '../store/request-tab';
import { PAGE_ID } from '../bridge/page-id';
import { workbench } from './api-handle';
import { ensureMethodDescription } from './catalog-actions';
import type { LoadedWorkspace } from './workspace-codec';
import { decodeWorkspace, encodeWorkspace } from './workspace-codec';

const SAVE_DELAY_MS = 400;
const SAVE_MAX_DELAY_MS = 2_000;

export const WORKSPACE_CHANGED_ELSEWHERE =
  'This workspace was changed in another tab or window; this tab no longer saves its layout — reload to continue with the newer one.';

/**
 * This page's part in workspace saves: a random id, and the revision it loaded. The engine
 * refuses a save once another page saved after this one loaded (see WorkspaceSaveRequest).
 */
const pageId = PAGE_ID;
let baseRevision: string | null = null;
/** False when this page must not save: the saved workspace could not be read, or another page saved a newer one. */
let savingAllowed = true;

function setAsideNotice(aside: WorkspaceSetAside): string {
  const why = aside.reason === 'newer_version' ? 'was written by a newer version of gRPC Workbench' : 'could not be read';
  return `The saved workspace ${why}. It was kept, unchanged, as ${aside.path}; this session starts with an empty workspace.`;
}

function isWorkspaceChangedElsewhere(error: WorkbenchError): boolean {
  return error.details?.['conflict'] === true;
}

/**
 * Bring back the last session: shell facts, proto sets the engine still holds, then the
 * saved workspace. Proto sets the engine forgot are imported again from their recipes
 * (the engine's descriptor cache makes that fast) and tabs follow any id that changed.
 */
export async function restoreWorkspace(): Promise<void> {
  const api = workbench();
  const store = useAppStore.getState();

  const info = await api.invoke('shell:info', {});
  if (info.ok) store.setShellInfo(info.value);

  const listed = await api.invoke('protos:list', {});
  if (listed.ok) for (const summary of listed.value) store.upsertProtoSet(summary, recipeFromSource(summary.source));
  if (listed.ok && listed.value.some((s) => s.source.kind === 'demo')) {
    // The engine outlived this page (browser reload): ask the running demo server for its address.
    const demo = await api.invoke('demo:start', { port: null });
    if (demo.ok) store.setDemo({ running: true, address: demo.value.address, targets: demo.value.targets });
  }

  const loaded = await api.invoke('workspace:load', {});
  const workspace = loaded.ok ? decodeWorkspace(loaded.value.state) : null;
  if (!loaded.ok) {
    // Saving now would replace a file nobody could read: leave it alone for this session.
    savingAllowed = false;
    store.showNotice('error', `The saved workspace could not be read, and this tab will not save its layout: ${loaded.error.message}`);
  } else {
    baseRevision = loaded.value.revision;
    if (loaded.value.setAside !== null) store.showNotice('error', setAsideNotice(loaded.value.setAside));
  }
  if (workspace !== null) await applyWorkspace(workspace);

  useAppStore.getState().setWorkspaceReady();
  const active = useAppStore.getState().tabs.find((t) => t.id === useAppStore.getState().activeTabId);
  if (active) void ensureMethodDescription(active.method);
}

async function applyWorkspace(workspace: LoadedWorkspace): Promise<void> {
  const store = useAppStore.getState();
  store.setRetentionCap(workspace.retentionCap);
  const known = new Set(store.protoSets.map((p) => p.id as string));
  const renamed = new Map<string, string>();
  let demoAddress: string | null = store.demo.address;

  const followDemo = (target: string) => (workspace.demoAddress !== null && demoAddress !== null && target === workspace.demoAddress ? demoAddress : target);

  for (const saved of workspace.protoSets) {
    if (known.has(saved.id)) {
      useAppStore.getState().upsertProtoSet(useAppStore.getState().protoSets.find((p) => p.id === saved.id) as ProtoSetSummary, saved.recipe);
      continue;
    }
    // Reflection of the demo server follows the demo to its new port.
    const recipe: ImportRecipe =
      saved.recipe.kind === 'reflect'
        ? { kind: 'reflect', request: { ...saved.recipe.request, connection: { ...saved.recipe.request.connection, target: followDemo(saved.recipe.request.connection.target) } } }
        : saved.recipe;
    const result = await reimport(recipe);
    if (result === null) continue;
    if (!result.ok) {
      useAppStore.getState().showNotice('error', `A saved proto set could not be imported again: ${result.error.message}`);
      continue;
    }
    const summary = 'protoSet' in result.value ? result.value.protoSet : result.value;
    if ('address' in result.value) demoAddress = result.value.address;
    useAppStore.getState().upsertProtoSet(summary, recipe);
    if (summary.id !== saved.id) renamed.set(saved.id, summary.id);
  }

  const tabs: RequestTab[] = workspace.tabs.map((tab) => ({
    ...tab,
    method: { ...tab.method, protoSetId: (renamed.get(tab.method.protoSetId) ?? tab.method.protoSetId) as RequestTab['method']['protoSetId'] },
    connection: { ...tab.connection, target: followDemo(tab.connection.target) },
  }));
  await reopenCollections(workspace);
  const state = useAppStore.getState();
  const defaultTarget = followDemo(workspace.defaultConnection.target);
  // A tab opened meanwhile took the defaults before they were restored: an empty address gets the restored one.
  const openedMeanwhile = state.tabs.map((t) => (t.connection.target === '' ? { ...t, connection: { ...t.connection, target: defaultTarget } } : t));
  state.replaceTabs(...withTabsOpenedMeanwhile(tabs, workspace.activeTabId, openedMeanwhile, state.activeTabId));
  state.updateConnection('defaults', () => ({ ...workspace.defaultConnection, target: defaultTarget }));
  useAppStore.setState({ defaultMetadata: workspace.defaultMetadata });
}

/**
 * The services appear before the saved tabs are back (proto sets are listed first, then the
 * workspace's own imports and collections are reopened), so a user may open a method meanwhile:
 * that tab, and any edit in it, is kept after the restored ones and stays in front.
 */
export function withTabsOpenedMeanwhile(restored: RequestTab[], restoredActiveId: string | null, current: RequestTab[], currentActiveId: string | null): [RequestTab[], string | null] {
  const restoredIds = new Set(restored.map((t) => t.id));
  const opened = current.filter((t) => !restoredIds.has(t.id));
  if (opened.length === 0) return [restored, restoredActiveId];
  const active = currentActiveId !== null && opened.some((t) => t.id === currentActiveId) ? currentActiveId : (opened.at(-1)?.id ?? restoredActiveId);
  return [[...restored, ...opened], active];
}

/** Open collections come back from disk (their files may have changed meanwhile: git pull). */
async function reopenCollections(workspace: LoadedWorkspace): Promise<void> {
  for (const saved of workspace.collections) {
    const result = await workbench().invoke('collections:open', { folder: saved.folder });
    const store = useAppStore.getState();
    if (!result.ok) {
      store.showNotice('error', `Collection ${saved.folder} could not be opened again: ${result.error.message}`);
      continue;
    }
    store.putCollection(result.value);
    if (saved.activeEnvironment !== null && result.value.environments.some((e) => e.name === saved.activeEnvironment)) {
      store.setActiveEnvironment(result.value.folder, saved.activeEnvironment);
    }
  }
  const active = workspace.activeCollection;
  if (active !== null && useAppStore.getState().collections.some((c) => c.index.folder === active)) useAppStore.getState().setActiveCollection(active);
}

type Reimported = Result<ProtoSetSummary | { address: string; protoSet: ProtoSetSummary }>;

async function reimport(recipe: ImportRecipe): Promise<Reimported | null> {
  const api = workbench();
  switch (recipe.kind) {
    case 'compile':
      return api.invoke('protos:compile', recipe.request);
    case 'descriptor_sets':
      return api.invoke('protos:importDescriptorSets', recipe.request);
    case 'reflect':
      return api.invoke('protos:reflect', recipe.request);
    case 'demo': {
      const result = await api.invoke('demo:start', { port: null });
      if (result.ok) useAppStore.getState().setDemo({ running: true, address: result.value.address, targets: result.value.targets });
      return result;
    }
  }
}

/** What the saved file depends on; saving happens only when one of these changes. */
function persistedSlice(state: AppState) {
  return [
    state.tabs, state.activeTabId, state.defaultConnection, state.defaultMetadata, state.protoSets, state.recipes, state.retentionCap,
    state.demo.address, state.collections, state.activeCollection,
  ] as const;
}

/** Save the workspace (debounced) whenever what it holds changes. Returns the stop function. */
export function startWorkspaceAutosave(): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last = persistedSlice(useAppStore.getState());
  let firstPendingAt: number | null = null;
  const save = () => {
    timer = null;
    firstPendingAt = null;
    if (!savingAllowed) return;
    const state = useAppStore.getState();
    const workspace = encodeWorkspace({
      tabs: state.tabs,
      activeTabId: state.activeTabId,
      defaultConnection: state.defaultConnection,
      defaultMetadata: state.defaultMetadata,
      protoSetIds: state.protoSets.map((p) => p.id),
      recipes: state.recipes,
      retentionCap: state.retentionCap,
      demoAddress: state.demo.address,
      collections: state.collections.map((c) => ({ folder: c.index.folder, activeEnvironment: c.activeEnvironment })),
      activeCollection: state.activeCollection,
    });
    // Every save names the revision this page loaded: saves already sent stay valid (the
    // engine knows this page wrote them), and none lands once another page has saved.
    void workbench()
      .invoke('workspace:save', { ...workspace, pageId, baseRevision })
      .then((result) => {
        if (result.ok) return;
        if (isWorkspaceChangedElsewhere(result.error)) {
          if (!savingAllowed) return;
          savingAllowed = false;
          useAppStore.getState().showNotice('error', WORKSPACE_CHANGED_ELSEWHERE);
          return;
        }
        useAppStore.getState().showNotice('error', `The workspace was not saved: ${result.error.message}`);
      });
  };
  const unsubscribe = useAppStore.subscribe((state) => {
    if (!state.workspaceReady || !savingAllowed) return;
    const next = persistedSlice(state);
    if (next.every((value, i) => value === last[i])) return;
    last = next;
    // Debounced, but never postponed past SAVE_MAX_DELAY_MS: steady activity must not keep
    // the workspace from ever being written.
    firstPendingAt ??= Date.now();
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(save, Date.now() - firstPendingAt >= SAVE_MAX_DELAY_MS ? 0 : SAVE_DELAY_MS);
  });
  // A reload or a closed window right after an edit: write what is pending now.
  const flushPending = () => {
    if (timer === null) return;
    clearTimeout(timer);
    save();
  };
  window.addEventListener('pagehide', flushPending);
  return () => {
    unsubscribe();
    window.removeEventListener('pagehide', flushPending);
    if (timer !== null) {
      clearTimeout(timer);
      save();
    }
  };
}
