import type { CollectionIndex, RequestEntry } from '../../../shared/collection';
import { cleanFolderPath, requestNameOfPath, requestPath } from '../../../shared/collection';
import { asProtoSetId } from '../../../shared/ids';
import type { RequestDocument } from '../../../shared/request-document';
import type { WorkbenchError } from '../../../shared/result';
import { useAppStore } from '../store/app-store';
import { documentOfTab, isTabDirty, tabFieldsOfDocument, tabInputOfDocument } from '../store/request-document-model';
import type { RequestTab } from '../store/request-tab';
import { checksSaveProblem } from '../lib/check-editing';
import { workbench } from './api-handle';
import { ensureMethodDescription } from './catalog-actions';
import { resolveMethodForCollection } from './method-resolution';

function notifyError(prefix: string, error: WorkbenchError): void {
  useAppStore.getState().showNotice('error', `${prefix}: ${error.message}`);
}

function collectionIndex(folder: string): CollectionIndex | null {
  return useAppStore.getState().collections.find((c) => c.index.folder === folder)?.index ?? null;
}

/** A write refused because the file changed on disk since the tab read it. */
export function isConflict(error: WorkbenchError): boolean {
  return error.details?.['conflict'] === true;
}

export async function createCollection(folder: string, name: string): Promise<WorkbenchError | null> {
  const result = await workbench().invoke('collections:create', { folder, name });
  if (!result.ok) return result.error;
  const store = useAppStore.getState();
  store.putCollection(result.value);
  store.setActiveCollection(result.value.folder);
  return null;
}

export async function openCollection(folder: string): Promise<WorkbenchError | null> {
  const result = await workbench().invoke('collections:open', { folder });
  if (!result.ok) return result.error;
  const store = useAppStore.getState();
  store.putCollection(result.value);
  store.setActiveCollection(result.value.folder);
  if (result.value.rootBroken) {
    const problem = result.value.broken[0];
    store.showNotice('error', `The collection file is broken and will not be rewritten until it is fixed: ${problem?.message ?? 'it could not be parsed'}`);
  }
  return null;
}

export async function closeCollection(folder: string): Promise<void> {
  await workbench().invoke('collections:close', { folder });
  useAppStore.getState().removeCollection(folder);
}

/** Open a saved request in a tab (or focus the tab that already shows it). */
export async function openSavedRequest(folder: string, entry: RequestEntry): Promise<void> {
  const store = useAppStore.getState();
  const open = store.tabs.find((t) => t.saved?.folder === folder && t.saved.path === entry.path);
  if (open) {
    store.activateTab(open.id);
    return;
  }
  const read = await workbench().invoke('collections:readRequest', { folder, path: entry.path });
  if (!read.ok) {
    useAppStore.getState().markBrokenRequest(folder, entry.path, read.error.message);
    useAppStore.getState().showNotice('error', `${entry.name} could not be opened: ${read.error.message}`);
    return;
  }
  useAppStore.getState().markBrokenRequest(folder, entry.path, null);
  const { document, revision } = read.value;
  const resolved = await resolveMethodForCollection(document.method, collectionIndex(folder), document.connection.target);
  const after = useAppStore.getState();
  const method = resolved.ok ? resolved.method.ref : { protoSetId: asProtoSetId(''), ...document.method };
  const kind = resolved.ok ? resolved.method.kind : (document.kind ?? 'unary');
  const tabId = after.openNewTab({
    ...tabInputOfDocument(document, method, kind),
    saved: { folder, path: entry.path, name: entry.name, revision, document: { ...document, kind } },
  });
  after.setActiveCollection(folder);
  if (!resolved.ok) after.updateTab(tabId, { error: { code: 'NOT_FOUND', message: resolved.message } });
  else void ensureMethodDescription(method);
}

/** Ctrl/Cmd+S: write a saved tab back to its file; a tab never saved asks where. */
export async function saveTab(tabId: string): Promise<void> {
  const tab = useAppStore.getState().tabs.find((t) => t.id === tabId);
  if (!tab) return;
  if (tab.saved === null) {
    useAppStore.getState().setWorkspaceDialog({ kind: 'save_request', tabId, saveAs: false });
    return;
  }
  await writeTab(tab, tab.saved.folder, tab.saved.path, tab.saved.revision);
}

/** Save as: a new file (refused when one of that name exists). */
export async function saveTabAs(tabId: string, folder: string, subfolder: string, name: string): Promise<WorkbenchError | null> {
  const tab = useAppStore.getState().tabs.find((t) => t.id === tabId);
  if (!tab) return null;
  return writeTab(tab, folder, requestPath(subfolder, name), null);
}

async function writeTab(tab: RequestTab, folder: string, path: string, baseRevision: string | null): Promise<WorkbenchError | null> {
  const document = documentOfTab(tab);
  // Checks and captures are checked here, so the message names the check to fix in the Checks view.
  const checksProblem = checksSaveProblem(document.checks, document.captures);
  if (checksProblem !== null) {
    const error: WorkbenchError = { code: 'INVALID_REQUEST', message: `${requestNameOfPath(path)} was not saved: ${checksProblem}` };
    if (baseRevision !== null) notifyError(`${requestNameOfPath(path)} was not saved`, { ...error, message: checksProblem });
    return error;
  }
  const result = await workbench().invoke('collections:writeRequest', { folder, path, document, baseRevision });
  const store = useAppStore.getState();
  if (!result.ok) {
    if (baseRevision !== null && isConflict(result.error)) {
      const disk = await workbench().invoke('collections:readRequest', { folder, path });
      store.updateTab(tab.id, {
        conflict: {
          revision: disk.ok ? disk.value.revision : String(result.error.details?.['diskRevision'] ?? ''),
          document: disk.ok ? disk.value.document : null,
          message: `${requestNameOfPath(path)} changed on disk since you opened it. Nothing was overwritten: keep your version or load the one on disk.`,
        },
      });
      return result.error;
    }
    if (baseRevision !== null) notifyError(`${requestNameOfPath(path)} was not saved`, result.error);
    return result.error;
  }
  store.updateTab(tab.id, {
    saved: { folder, path: result.value.path, name: requestNameOfPath(result.value.path), revision: result.value.revision, document },
    conflict: null,
  });
  store.setActiveCollection(folder);
  await refreshIndex(folder);
  return null;
}

/** Resolve a conflict: overwrite the disk with the tab, or take the disk version into the tab. */
export async function resolveConflict(tabId: string, choice: 'keep_mine' | 'load_disk'): Promise<void> {
  const tab = useAppStore.getState().tabs.find((t) => t.id === tabId);
  if (!tab?.conflict || !tab.saved) return;
  if (choice === 'keep_mine') {
    await writeTab(tab, tab.saved.folder, tab.saved.path, tab.conflict.revision === '' ? null : tab.conflict.revision);
    return;
  }
  const disk = tab.conflict.document;
  if (disk === null) {
    useAppStore.getState().updateTab(tabId, { conflict: null, saved: null });
    return;
  }
  applyDiskDocument(tab, disk, tab.conflict.revision);
}

function applyDiskDocument(tab: RequestTab, document: RequestDocument, revision: string): void {
  if (!tab.saved) return;
  useAppStore.getState().updateTab(tab.id, {
    ...tabFieldsOfDocument(document),
    saved: { ...tab.saved, revision, document: { ...document, kind: tab.kind } },
    conflict: null,
  });
}

/** Re-read a collection's index (after a write, or when the engine reports a change). */
export async function refreshIndex(folder: string): Promise<void> {
  const result = await workbench().invoke('collections:open', { folder });
  if (result.ok) useAppStore.getState().putCollection(result.value);
}

/**
 * Files changed on disk (git pull, an editor, this app): the tree follows, and each open tab
 * of a changed file takes the new version when it has no unsaved edits, or shows a conflict.
 */
export async function onCollectionChanged(folder: string, paths: readonly string[]): Promise<void> {
  if (!collectionIndex(folder)) return;
  await refreshIndex(folder);
  for (const tab of useAppStore.getState().tabs) {
    if (tab.saved?.folder !== folder || !paths.includes(tab.saved.path)) continue;
    const read = await workbench().invoke('collections:readRequest', { folder, path: tab.saved.path });
    const current = useAppStore.getState().tabs.find((t) => t.id === tab.id);
    if (!current?.saved) continue;
    if (read.ok && read.value.revision === current.saved.revision) continue;
    const dirty = isTabDirty(current);
    if (!read.ok) {
      if (read.error.code === 'NOT_FOUND') {
        useAppStore.getState().updateTab(current.id, {
          conflict: { revision: '', document: null, message: `${current.saved.name} was deleted on disk. Save to write it again, or close the tab.` },
        });
      } else {
        useAppStore.getState().markBrokenRequest(folder, current.saved.path, read.error.message);
        useAppStore.getState().updateTab(current.id, {
          conflict: { revision: '', document: null, message: `${current.saved.name} changed on disk and cannot be read: ${read.error.message}` },
        });
      }
      continue;
    }
    if (!dirty) applyDiskDocument(current, read.value.document, read.value.revision);
    else {
      useAppStore.getState().updateTab(current.id, {
        conflict: {
          revision: read.value.revision,
          document: read.value.document,
          message: `${current.saved.name} changed on disk while you have unsaved edits. Keep your version or load the one on disk.`,
        },
      });
    }
  }
}

export async function renameRequest(folder: string, path: string, newName: string): Promise<WorkbenchError | null> {
  const folderPart = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  return moveRequest(folder, path, requestPath(folderPart, newName));
}

export async function moveRequestToFolder(folder: string, path: string, newFolder: string): Promise<WorkbenchError | null> {
  return moveRequest(folder, path, requestPath(newFolder, requestNameOfPath(path)));
}

async function moveRequest(folder: string, from: string, to: string): Promise<WorkbenchError | null> {
  if (from === to) return null;
  const result = await workbench().invoke('collections:moveRequest', { folder, from, to });
  if (!result.ok) return result.error;
  const store = useAppStore.getState();
  for (const tab of store.tabs) {
    if (tab.saved?.folder === folder && tab.saved.path === from) {
      store.updateTab(tab.id, { saved: { ...tab.saved, path: result.value.path, name: requestNameOfPath(result.value.path) } });
    }
  }
  await refreshIndex(folder);
  return null;
}

export async function duplicateRequest(folder: string, path: string): Promise<WorkbenchError | null> {
  const read = await workbench().invoke('collections:readRequest', { folder, path });
  if (!read.ok) return read.error;
  const index = collectionIndex(folder);
  const folderPart = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  const base = requestNameOfPath(path);
  let copy = `${base} copy`;
  for (let n = 2; index?.requests.some((r) => r.path === requestPath(folderPart, copy)); n += 1) copy = `${base} copy ${n}`;
  const written = await workbench().invoke('collections:writeRequest', { folder, path: requestPath(folderPart, copy), document: read.value.document, baseRevision: null });
  if (!written.ok) return written.error;
  await refreshIndex(folder);
  return null;
}

/** Delete a saved request (after the user confirmed). Its open tabs keep their content, unsaved. */
export async function deleteRequest(folder: string, path: string): Promise<WorkbenchError | null> {
  const result = await workbench().invoke('collections:deleteRequest', { folder, path });
  if (!result.ok) return result.error;
  const store = useAppStore.getState();
  for (const tab of store.tabs) {
    if (tab.saved?.folder === folder && tab.saved.path === path) store.updateTab(tab.id, { saved: null, conflict: null });
  }
  await refreshIndex(folder);
  return null;
}

/** Rename a folder in place: only its last name changes. */
export async function renameFolder(folder: string, path: string, newName: string): Promise<WorkbenchError | null> {
  const parent = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  return moveFolder(folder, path, cleanFolderPath(`${parent}/${newName}`));
}

/** Move a folder (and everything in it) to another place in the collection. Open tabs follow. */
export async function moveFolder(folder: string, from: string, to: string): Promise<WorkbenchError | null> {
  if (to === '') return { code: 'INVALID_REQUEST', message: 'Enter the folder it becomes, e.g. cards/refunds.' };
  if (from === to) return null;
  const result = await workbench().invoke('collections:moveFolder', { folder, from, to });
  if (!result.ok) return result.error;
  const store = useAppStore.getState();
  for (const tab of store.tabs) {
    if (tab.saved?.folder === folder && tab.saved.path.startsWith(`${from}/`)) {
      store.updateTab(tab.id, { saved: { ...tab.saved, path: `${result.value.path}${tab.saved.path.slice(from.length)}` } });
    }
  }
  await refreshIndex(folder);
  return null;
}

/** Delete a folder of saved requests (after the user confirmed). Their open tabs keep their content, unsaved. */
export async function deleteFolder(folder: string, path: string): Promise<WorkbenchError | null> {
  const result = await workbench().invoke('collections:deleteFolder', { folder, path });
  if (!result.ok) return result.error;
  const store = useAppStore.getState();
  for (const tab of store.tabs) {
    if (tab.saved?.folder === folder && tab.saved.path.startsWith(`${path}/`)) store.updateTab(tab.id, { saved: null, conflict: null });
  }
  await refreshIndex(folder);
  return null;
}
