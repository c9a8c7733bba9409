import type { ChannelId } from '../../../shared/ids';
import type { WorkbenchError } from '../../../shared/result';
import { sendsClientStream } from '../lib/method-kind';
import { useAppStore } from '../store/app-store';
import { isCallRunning } from '../store/call-record';
import type { RequestTab } from '../store/request-tab';
import { loadedMonaco } from '../monaco/monaco-runtime';
import { requestModelPath } from '../monaco/request-schemas';
import { workbench } from './api-handle';
import { deadlineMs, metadataEntries } from './request-validation';

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
  return { running, canInvoke: !running, streamOpen };
}

/** Start a call from the tab. Unary and server streaming send the body; client and bidi open an empty stream. */
export async function invokeTab(tabId: string): Promise<void> {
  const tab = tabById(tabId);
  if (!tab || tab.starting) return;
  const state = useAppStore.getState();
  if (tab.callId !== null && isCallRunning(state.calls[tab.callId])) return;

  const metadata = metadataEntries(tab.metadata);
  if (metadata.problem !== null) return setTabError(tabId, { code: 'INVALID_REQUEST', message: metadata.problem });
  const deadline = deadlineMs(tab.deadline);
  if (deadline.problem !== null) return setTabError(tabId, { code: 'INVALID_REQUEST', message: deadline.problem });
  if (tab.connection.target.trim() === '') {
    return setTabError(tabId, { code: 'BAD_TARGET', message: 'Enter a server address (host:port), or start the demo server.' });
  }

  state.updateTab(tabId, { starting: true, error: null });
  const result = await workbench().invoke('calls:start', {
    method: tab.method,
    connection: { ...tab.connection, target: tab.connection.target.trim() },
    metadata: metadata.entries,
    deadlineMs: deadline.value,
    requestJson: sendsClientStream(tab.kind) ? null : tab.body,
    options: { emitDefaults: tab.emitDefaults },
  });
  const after = useAppStore.getState();
  if (!result.ok) {
    after.updateTab(tabId, { starting: false, error: result.error });
    return;
  }
  const previous = after.tabs.find((t) => t.id === tabId)?.callId ?? null;
  if (previous !== null && previous !== result.value.callId) after.removeCall(previous);
  after.updateTab(tabId, { starting: false, callId: result.value.callId, error: null });
  void loadChannelSnapshot(result.value.channelId);
}

async function loadChannelSnapshot(channelId: ChannelId): Promise<void> {
  const result = await workbench().invoke('connections:get', { channelId });
  if (result.ok) useAppStore.getState().mergeChannelSnapshot(result.value);
}

/** Send the editor's JSON as the next message of an open client or bidi stream. */
export async function sendTabMessage(tabId: string): Promise<void> {
  const tab = tabById(tabId);
  if (!tab || tab.callId === null) return;
  const result = await workbench().invoke('calls:write', { callId: tab.callId, json: tab.body });
  setTabError(tabId, result.ok ? null : result.error);
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
