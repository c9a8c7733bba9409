import type { CallEvent } from '../../../shared/call-events';
import { STATUS_CODE_NAMES } from '../../../shared/call-events';
import type { HistoryEntry, HistorySummary } from '../../../shared/history';
import { asCallId, asChannelId, asProtoSetId } from '../../../shared/ids';
import { useAppStore } from '../store/app-store';
import { applyCallEvent, createCallRecord } from '../store/call-record';
import { tabInputOfDocument } from '../store/request-document-model';
import { workbench } from './api-handle';
import { invokeTab } from './call-actions';
import { resolveMethodForCollection } from './method-resolution';

export const HISTORY_PAGE = 200;

export async function searchHistory(query: string): Promise<{ ok: true; entries: HistorySummary[] } | { ok: false; message: string }> {
  const result = await workbench().invoke('history:search', { query, limit: HISTORY_PAGE });
  return result.ok ? { ok: true, entries: result.value } : { ok: false, message: result.error.message };
}

/**
 * The recorded result as a call record, so the tab shows it with the same views as a live
 * call: headers, the first and last messages (what was in between is counted as skipped),
 * status and trailers.
 */
function recordOfEntry(entry: HistoryEntry, retentionCap: number) {
  const callId = asCallId(`history-${entry.id}`);
  const total = entry.durationMs ?? 0;
  const started: Extract<CallEvent, { type: 'started' }> = {
    type: 'started',
    timeMs: 0,
    at: entry.startedAt,
    methodPath: `/${entry.method}`,
    kind: entry.request.kind ?? 'unary',
    target: entry.target,
    channelId: asChannelId(`history-${entry.id}`),
  };
  const record = createCallRecord(callId, started, retentionCap);
  const events: CallEvent[] = [{ type: 'headers', timeMs: 0, metadata: entry.headers }];
  entry.firstMessages.forEach((json, index) => events.push({ type: 'message', direction: 'received', index, timeMs: 0, bytes: 0, json }));
  const skipped = entry.messagesReceived - entry.firstMessages.length - entry.lastMessages.length;
  if (skipped > 0) events.push({ type: 'dropped', timeMs: total, direction: 'received', count: skipped });
  const lastStart = entry.messagesReceived - entry.lastMessages.length;
  entry.lastMessages.forEach((json, i) => events.push({ type: 'message', direction: 'received', index: lastStart + i, timeMs: total, bytes: 0, json }));
  if (entry.status !== '') {
    const code = STATUS_CODE_NAMES.indexOf(entry.status);
    events.push({ type: 'status', timeMs: total, status: { code, codeName: entry.status, details: entry.statusMessage, trailers: entry.trailers, richDetails: null } });
  }
  events.push({
    type: 'ended',
    timeMs: total,
    timing: {
      waitForConnectionMs: null,
      timeToHeadersMs: null,
      timeToFirstMessageMs: null,
      totalMs: total,
      messagesSent: entry.messagesSent,
      messagesReceived: entry.messagesReceived,
      bytesSent: 0,
      bytesReceived: 0,
    },
  });
  for (const event of events) applyCallEvent(record, event);
  // Sent messages are in the request, not the record: only their count is kept.
  record.sent = entry.messagesSent;
  return record;
}

/** Opens a recorded call in a new tab: its request (as written, or as sent with secrets redacted) and its result. */
export async function openHistoryEntry(id: number): Promise<string | null> {
  const read = await workbench().invoke('history:get', { id });
  const store = useAppStore.getState();
  if (!read.ok) {
    store.showNotice('error', `That call could not be opened from history: ${read.error.message}`);
    return null;
  }
  const entry = read.value;
  const collection = store.collections.find((c) => c.index.folder === entry.collection)?.index ?? null;
  const resolved = await resolveMethodForCollection(entry.request.method, collection, entry.request.connection.target);
  const method = resolved.ok ? resolved.method.ref : { protoSetId: asProtoSetId(''), ...entry.request.method };
  const kind = resolved.ok ? resolved.method.kind : (entry.request.kind ?? 'unary');
  const after = useAppStore.getState();
  // The request as written ({{variables}} intact, so no redacted secret is sent again), else as sent.
  const tabId = after.openNewTab(tabInputOfDocument(entry.template ?? entry.request, method, kind));
  const record = { ...recordOfEntry(entry, after.retentionCap), tabId };
  useAppStore.setState((state) => ({ calls: { ...state.calls, [record.callId]: record } }));
  after.updateTab(tabId, { callId: record.callId, ...(resolved.ok ? {} : { error: { code: 'NOT_FOUND' as const, message: resolved.message } }) });
  return tabId;
}

/** Opens the recorded request and sends it again, its variables resolved against the active environment. */
export async function rerunHistoryEntry(id: number): Promise<void> {
  const tabId = await openHistoryEntry(id);
  if (tabId !== null && useAppStore.getState().tabs.find((t) => t.id === tabId)?.error === null) await invokeTab(tabId);
}

export async function deleteHistoryEntry(id: number): Promise<boolean> {
  const result = await workbench().invoke('history:delete', { id });
  if (!result.ok) useAppStore.getState().showNotice('error', `The call could not be deleted from history: ${result.error.message}`);
  return result.ok;
}

export async function clearHistory(): Promise<boolean> {
  const result = await workbench().invoke('history:clear', {});
  if (!result.ok) useAppStore.getState().showNotice('error', `History could not be cleared: ${result.error.message}`);
  return result.ok;
}
