import type { ChannelId } from '../../../shared/ids';
import type { WorkbenchError } from '../../../shared/result';
import { sendsClientStream } from '../lib/method-kind';
import { useAppStore } from '../store/app-store';
import { isCallRunning } from '../store/call-record';
import type { RequestTab } from '../store/request-tab';
import { loadedMonaco } from '../monaco/monaco-runtime';
import { requestModelPath } from '../monaco/request-schemas';
import { workbench } from './api-handle';
import { expectCall } from './history-recorder';
import { findMethod } from './method-resolution';
import { documentOfTab } from '../store/request-document-model';
import { authMetadata } from '../../../shared/auth-metadata';
import { resolveTab } from './request-resolution';
import { deadlineMs } from '../../../shared/request-deadline';
import { connectionSettingsProblem, metadataEntries } from './request-validation';
import type { MethodRef } from '../../../shared/contract';
import { callOptionsOf } from '../../../shared/request-document';
import { httpVersionOf, protocolKindProblem, protocolOf } from '../../../shared/wire-protocol';

function tabById(tabId: string): RequestTab | undefined {
  return useAppStore.getState().tabs.find((t) => t.id === tabId);
}

function setTabError(tabId: string, error: WorkbenchError | null): void {
  useAppStore.getState().updateTab(tabId, { error });
}

/** What Invoke / Send message / End stream / Cancel may do right now, for one tab. */
export interface CallControls {
  running: boolean;
  canInvoke: boolean;
  streamOpen: boolean;
}

export function callControls(tab: RequestTab, phase: 'open' | 'half_closed' | 'ended' | null): CallControls {
  const running = tab.starting || (tab.callId !== null && phase !== 'ended');
  const streamOpen = sendsClientStream(tab.kind) && tab.callId !== null && phase === 'open';
  // A kind the tab's protocol cannot carry: ProtocolRow says why, and Invoke stays off.
  const protocol = protocolOf(tab.connection);
  const protocolBlocks = protocol !== 'grpc' && protocolKindProblem(protocol, httpVersionOf(tab.connection), tab.kind) !== null;
  return { running, canInvoke: !running && !protocolBlocks, streamOpen };
}

/** Start a call from the tab. Unary and server streaming send the body; client and bidi open an empty stream. */
export async function invokeTab(tabId: string): Promise<void> {
  const tab = tabById(tabId);
  if (!tab || tab.starting) return;
  const state = useAppStore.getState();
  if (tab.callId !== null && isCallRunning(state.calls[tab.callId])) return;

  // Variables first: a call with an unresolved variable does not start.
  state.updateTab(tabId, { starting: true, error: null });
  const resolved = await resolveTab(tab);
  if (!resolved.ok) {
    useAppStore.getState().updateTab(tabId, { starting: false, error: { code: 'INVALID_REQUEST', message: resolved.message, details: { unresolvedVariables: true } } });
    return;
  }
  const request = resolved.value.document;
  const fail = (error: WorkbenchError) => useAppStore.getState().updateTab(tabId, { starting: false, error });
  const metadata = metadataEntries([...request.metadata, ...authMetadata(request)].map((row, i) => ({ ...row, id: String(i) })));
  if (metadata.problem !== null) return fail({ code: 'INVALID_REQUEST', message: metadata.problem });
  const deadline = deadlineMs(request.deadline);
  if (deadline.problem !== null) return fail({ code: 'INVALID_REQUEST', message: deadline.problem });
  // Settings can come from a saved workspace, a collection or an import, not only the fields.
  const settingsProblem = connectionSettingsProblem(request.connection);
  if (settingsProblem !== null) return fail({ code: 'INVALID_REQUEST', message: settingsProblem });
  if (request.connection.target.trim() === '') {
    return fail({ code: 'BAD_TARGET', message: 'Enter a server address (host:port), or start the demo server.' });
  }
  const method = currentMethodRef(tab);
  if (method === null) {
    return fail({ code: 'NOT_FOUND', message: `Method ${tab.method.service}/${tab.method.method} is not in the loaded protos. Import the .proto files that define it, or use server reflection.` });
  }
  if (method !== tab.method) useAppStore.getState().updateTab(tabId, { method });

  const result = await workbench().invoke('calls:start', {
    method,
    connection: { ...request.connection, target: request.connection.target.trim() },
    metadata: metadata.entries,
    deadlineMs: deadline.value,
    requestJson: sendsClientStream(tab.kind) ? null : request.body,
    options: callOptionsOf(request),
  });
  const after = useAppStore.getState();
  if (!result.ok) {
    after.updateTab(tabId, { starting: false, error: result.error });
    return;
  }
  const previous = after.tabs.find((t) => t.id === tabId)?.callId ?? null;
  if (previous !== null && previous !== result.value.callId) after.removeCall(previous);
  after.updateTab(tabId, { starting: false, callId: result.value.callId, error: null });
  expectCall(result.value.callId, { request, template: documentOfTab(tab), secrets: resolved.value.secrets, environment: resolved.value.environment, collection: resolved.value.collection });
  void loadChannelSnapshot(result.value.channelId);
}

/** The tab's method in a loaded proto set: its own, or the same full name in another (protos reloaded). */
function currentMethodRef(tab: RequestTab): MethodRef | null {
  const { protoSets } = useAppStore.getState();
  if (protoSets.some((p) => p.id === tab.method.protoSetId)) return tab.method;
  return findMethod(protoSets, { service: tab.method.service, method: tab.method.method })?.ref ?? null;
}

async function loadChannelSnapshot(channelId: ChannelId): Promise<void> {
  const result = await workbench().invoke('connections:get', { channelId });
  if (result.ok) useAppStore.getState().mergeChannelSnapshot(result.value);
}

/** Send the editor's JSON as the next message of an open client or bidi stream. */
export async function sendTabMessage(tabId: string): Promise<void> {
  const tab = tabById(tabId);
  if (!tab || tab.callId === null) return;
  // Each message resolves its variables when it is sent ({{$uuid}} differs per message).
  const resolved = await resolveTab(tab);
  if (!resolved.ok) return setTabError(tabId, { code: 'INVALID_REQUEST', message: resolved.message, details: { unresolvedVariables: true } });
  const result = await workbench().invoke('calls:write', { callId: tab.callId, json: resolved.value.document.body });
  setTabError(tabId, result.ok ? null : result.error);
}

/** How many of a tab's saved messages the current stream has sent, by call. */
const savedMessagesSent = new Map<string, number>();

export function savedMessagesSentOf(callId: string | null): number {
  return callId === null ? 0 : (savedMessagesSent.get(callId) ?? 0);
}

/**
 * Send the tab's saved stream messages on its open stream, in their order: the next one not
 * yet sent on this call, or all that remain. Variables resolve per message.
 */
export async function sendSavedMessages(tabId: string, which: 'next' | 'all'): Promise<void> {
  const tab = tabById(tabId);
  if (!tab || tab.callId === null) return;
  const callId = tab.callId;
  const resolved = await resolveTab(tab);
  if (!resolved.ok) return setTabError(tabId, { code: 'INVALID_REQUEST', message: resolved.message, details: { unresolvedVariables: true } });
  const messages = resolved.value.document.messages;
  let next = savedMessagesSent.get(callId) ?? 0;
  const last = which === 'next' ? Math.min(next + 1, messages.length) : messages.length;
  for (; next < last; next += 1) {
    const result = await workbench().invoke('calls:write', { callId, json: messages[next] ?? '' });
    if (!result.ok) return setTabError(tabId, { ...result.error, message: `Saved message ${next + 1}: ${result.error.message}` });
    savedMessagesSent.set(callId, next + 1);
  }
  // A re-render shows the new position (the map is not store state).
  useAppStore.getState().updateTab(tabId, { error: null });
}

export async function endTabStream(tabId: string): Promise<void> {
  const tab = tabById(tabId);
  if (!tab || tab.callId === null) return;
  const result = await workbench().invoke('calls:halfClose', { callId: tab.callId });
  if (!result.ok) setTabError(tabId, result.error);
}

export async function cancelTabCall(tabId: string): Promise<void> {
  const tab = tabById(tabId);
  if (!tab || tab.callId === null) return;
  const result = await workbench().invoke('calls:cancel', { callId: tab.callId });
  if (!result.ok) setTabError(tabId, result.error);
}

/** Ctrl/Cmd+Enter: Send message while a stream is open, otherwise Invoke. */
export function primaryAction(tabId: string): void {
  const state = useAppStore.getState();
  const tab = state.tabs.find((t) => t.id === tabId);
  if (!tab) return;
  const phase = tab.callId !== null ? (state.calls[tab.callId]?.phase ?? 'open') : null;
  const controls = callControls(tab, phase);
  if (controls.streamOpen) void sendTabMessage(tabId);
  else if (controls.canInvoke) void invokeTab(tabId);
}

/** Close a request tab: a call still running there is cancelled, and its messages are let go. */
export function closeRequestTab(tabId: string): void {
  const state = useAppStore.getState();
  const tab = state.tabs.find((t) => t.id === tabId);
  if (!tab) return;
  if (tab.callId !== null) {
    const callId = tab.callId;
    if (isCallRunning(state.calls[callId])) void workbench().invoke('calls:cancel', { callId });
    state.removeCall(callId);
  }
  state.closeTab(tabId);
  // After React has moved the editor to another tab's model.
  setTimeout(() => disposeRequestModel(tab), 0);
}

/** Each tab has its own Monaco model; a closed tab's text is saved in the store no more. */
function disposeRequestModel(tab: RequestTab): void {
  const monaco = loadedMonaco()?.monaco;
  monaco?.editor.getModel(monaco.Uri.parse(requestModelPath(tab.id, tab.method)))?.dispose();
}
