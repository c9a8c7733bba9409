import type { CatalogMethod, ProtoDiagnostic, ProtoSetSummary } from '../../../shared/catalog';
import type { MethodRef } from '../../../shared/contract';
import type { ProtoSetId } from '../../../shared/ids';
import type { Result, WorkbenchError } from '../../../shared/result';
import { useAppStore } from '../store/app-store';
import type { ImportRecipe } from '../store/import-recipe';
import { methodKey } from '../store/request-tab';
import { workbench } from './api-handle';
import { reflectRequestForActiveTab } from './reflection-request';

/**
 * Fetch (once) the schema and example of a method. When it arrives, tabs of the method with an
 * empty body get the example; with fillFromCache, also when it was already known (a new tab).
 */
export async function ensureMethodDescription(ref: MethodRef, options: { fillFromCache?: boolean } = {}): Promise<void> {
  const key = methodKey(ref);
  const cached = useAppStore.getState().descriptions[key];
  if (cached?.state === 'ready') {
    if (options.fillFromCache) fillEmptyBodies(key, cached.description.inputExample);
    return;
  }
  if (cached?.state === 'loading') return;
  useAppStore.getState().setDescription(key, { state: 'loading' });
  const result = await workbench().invoke('catalog:describeMethod', ref);
  const state = useAppStore.getState();
  if (!result.ok) {
    state.setDescription(key, { state: 'error', error: result.error });
    return;
  }
  state.setDescription(key, { state: 'ready', description: result.value });
  fillEmptyBodies(key, result.value.inputExample);
}

/** A fresh tab starts with an example request, so a newcomer can press Invoke at once. */
function fillEmptyBodies(key: string, example: string): void {
  const state = useAppStore.getState();
  for (const tab of state.tabs) {
    if (methodKey(tab.method) === key && tab.body.trim() === '') state.updateTab(tab.id, { body: example });
  }
}

/** Open (or focus) the request tab for a method from the catalog. */
export function openMethod(protoSetId: ProtoSetId, serviceFullName: string, method: CatalogMethod): void {
  const ref: MethodRef = { protoSetId, service: serviceFullName, method: method.name };
  useAppStore.getState().openMethodTab({ method: ref, methodName: method.name, kind: method.kind });
  void ensureMethodDescription(ref, { fillFromCache: true });
}

/** Fill the editor with the method's example request. */
export async function generateExample(tabId: string): Promise<void> {
  const state = useAppStore.getState();
  const tab = state.tabs.find((t) => t.id === tabId);
  if (!tab) return;
  const key = methodKey(tab.method);
  if (state.descriptions[key]?.state !== 'ready') await ensureMethodDescription(tab.method);
  const entry = useAppStore.getState().descriptions[key];
  if (entry?.state === 'ready') useAppStore.getState().updateTab(tabId, { body: entry.description.inputExample, error: null });
  else if (entry?.state === 'error') useAppStore.getState().updateTab(tabId, { error: entry.error });
}

export interface ImportProblem {
  title: string;
  message: string;
  diagnostics: ProtoDiagnostic[];
}

export interface ImportRequest {
  protoFiles: string[];
  importPaths: string[];
  descriptorSets: string[];
}

/** Compile .proto files and/or read descriptor sets; returns the problems (empty = all imported). */
export async function importProtos(request: ImportRequest): Promise<ImportProblem[]> {
  const problems: ImportProblem[] = [];
  if (request.protoFiles.length === 0 && request.descriptorSets.length === 0) {
    return [{ title: 'Nothing to import', message: 'Add at least one .proto file or descriptor set file (one path per line).', diagnostics: [] }];
  }
  if (request.protoFiles.length > 0) {
    const compile = { protoFiles: request.protoFiles, importPaths: request.importPaths };
    const result = await workbench().invoke('protos:compile', compile);
    collect(result, { kind: 'compile', request: compile }, 'The .proto files could not be compiled', problems);
  } else if (request.importPaths.length > 0 && request.descriptorSets.length === 0) {
    problems.push({ title: 'No .proto files', message: 'Import paths only tell protoc where to look: add the .proto files to compile too.', diagnostics: [] });
  }
  if (request.descriptorSets.length > 0) {
    const sets = { paths: request.descriptorSets };
    const result = await workbench().invoke('protos:importDescriptorSets', sets);
    collect(result, { kind: 'descriptor_sets', request: sets }, 'The descriptor sets could not be read', problems);
  }
  return problems;
}

/** Load services through server reflection, sending what a call of the active tab (or the defaults) would: target, TLS, metadata and Auth. */
export async function importByReflection(): Promise<ImportProblem[]> {
  const built = await reflectRequestForActiveTab();
  if (!built.ok) return [{ title: built.title, message: built.message, diagnostics: [] }];
  const result = await workbench().invoke('protos:reflect', built.value.request);
  const problems: ImportProblem[] = [];
  collect(result, { kind: 'reflect', request: built.value.saved }, 'Server reflection failed', problems);
  return problems;
}

function collect(result: Result<ProtoSetSummary>, recipe: ImportRecipe, title: string, problems: ImportProblem[]): void {
  if (result.ok) {
    useAppStore.getState().upsertProtoSet(result.value, recipe);
    const warnings = result.value.warnings;
    if (warnings.length > 0) {
      const rest = warnings.length > 3 ? ` (and ${warnings.length - 3} more)` : '';
      useAppStore.getState().showNotice('info', `Imported, with ${warnings.length === 1 ? 'a warning' : `${warnings.length} warnings`}: ${warnings.slice(0, 3).join(' ')}${rest}`);
    }
    return;
  }
  problems.push({ title, message: result.error.message, diagnostics: diagnosticsOf(result.error) });
}

export function diagnosticsOf(error: WorkbenchError): ProtoDiagnostic[] {
  const raw = error.details?.['diagnostics'];
  if (!Array.isArray(raw)) return [];
  return raw.filter(
    (d): d is ProtoDiagnostic =>
      typeof d === 'object' && d !== null && typeof (d as ProtoDiagnostic).file === 'string' && typeof (d as ProtoDiagnostic).message === 'string',
  );
}

/** Start the built-in demo server, add its services and point the active tab (or the defaults) at it. */
export async function startDemoServer(): Promise<void> {
  const store = useAppStore.getState();
  if (store.demo.busy) return;
  store.setDemo({ busy: true });
  const result = await workbench().invoke('demo:start', { port: null });
  const state = useAppStore.getState();
  if (!result.ok) {
    state.setDemo({ busy: false });
    state.showNotice('error', `The demo server did not start: ${result.error.message}`);
    return;
  }
  const { address, protoSet, targets } = result.value;
  state.setDemo({ busy: false, running: true, address, targets });
  state.upsertProtoSet(protoSet, { kind: 'demo' });
  state.updateConnection('defaults', (c) => ({ ...c, target: address, tls: { ...c.tls, enabled: false } }));
  if (state.activeTabId !== null) {
    state.updateConnection({ tabId: state.activeTabId }, (c) => ({ ...c, target: address, tls: { ...c.tls, enabled: false } }));
  }
  state.showNotice('info', `Demo server running at ${address}. Pick a method under Services.`);
}

export async function removeProtoSet(id: ProtoSetId): Promise<void> {
  const result = await workbench().invoke('protos:remove', { protoSetId: id });
  if (result.ok || result.error.code === 'NOT_FOUND') useAppStore.getState().removeProtoSet(id);
  else useAppStore.getState().showNotice('error', result.error.message);
}
