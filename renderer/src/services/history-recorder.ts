import type { CallId } from '../../../shared/ids';
import type { HistoryEntryInput } from '../../../shared/history';
import { HISTORY_EDGE_MESSAGES } from '../../../shared/history';
import type { RequestDocument } from '../../../shared/request-document';
import { methodFullName } from '../../../shared/request-document';
import { redactSecrets } from '../../../shared/redaction';
import type { StatusCodeName } from '../../../shared/call-events';
import { STATUS_CODE_NAMES } from '../../../shared/call-events';
import { endedForLostHostByPage } from '../store/call-resync';
import { useAppStore } from '../store/app-store';
import type { CallRecord } from '../store/call-record';
import { retainedMessages } from '../store/message-log';
import { workbench } from './api-handle';
import { historyJson } from './history-json';

/** What the recorder knows of a call before it ends: the request as sent and whose secrets it used. */
interface PendingCall {
  request: RequestDocument;
  /** The request before its variables were resolved. */
  template: RequestDocument;
  environment: string;
  collection: string;
  /** Secret values the request used: redacted from everything recorded, also when a server echoes one. */
  secrets: string[];
  firstMessages: string[];
}

const pending = new Map<CallId, PendingCall>();

/** Called when calls:start answered: the call will be recorded when it ends. */
export function expectCall(callId: CallId, call: Omit<PendingCall, 'firstMessages'>): void {
  pending.set(callId, { ...call, firstMessages: [] });
}

/**
 * Record every call in history when it ends. The first received messages are captured while
 * the call runs (the ring may have let them go by the end); the last ones at the end.
 */
export function startHistoryRecorder(): () => void {
  return useAppStore.subscribe((state, previous) => {
    if (state.calls === previous.calls || pending.size === 0) return;
    for (const [callId, call] of pending) {
      const record = state.calls[callId];
      if (!record) continue;
      if (call.firstMessages.length < HISTORY_EDGE_MESSAGES && record.received > call.firstMessages.length) captureFirst(call, record);
      if (record.phase !== 'ended' || record.status === null) continue;
      // Ended by the page because the host went away: the host may still finish it; wait for that.
      if (endedForLostHostByPage(record)) continue;
      pending.delete(callId);
      void workbench()
        .invoke('history:record', entryOf(call, record))
        .then((result) => {
          if (!result.ok) useAppStore.getState().showNotice('error', `The call was not recorded in history: ${result.error.message}`);
        });
    }
  });
}

function captureFirst(call: PendingCall, record: CallRecord): void {
  const received = retainedMessages(record.messages).filter((m) => m.direction === 'received');
  for (const message of received) {
    if (call.firstMessages.length >= HISTORY_EDGE_MESSAGES) break;
    if (message.index === call.firstMessages.length) call.firstMessages.push(historyJson(message));
  }
}

function statusName(name: string | undefined): StatusCodeName | '' {
  return name !== undefined && (STATUS_CODE_NAMES as readonly string[]).includes(name) ? (name as StatusCodeName) : '';
}

function entryOf(call: PendingCall, record: CallRecord): HistoryEntryInput {
  captureFirst(call, record);
  const received = retainedMessages(record.messages).filter((m) => m.direction === 'received');
  const firstCount = call.firstMessages.length;
  const lastMessages = record.received > firstCount ? received.slice(-Math.min(HISTORY_EDGE_MESSAGES, record.received - firstCount)).map(historyJson) : [];
  const entry: HistoryEntryInput = {
    startedAt: record.startedAt,
    method: methodFullName(call.request.method),
    target: call.request.connection.target,
    environment: call.environment,
    collection: call.collection,
    request: call.request,
    template: call.template,
    status: statusName(record.status?.codeName),
    statusMessage: record.status?.details ?? '',
    headers: record.headers ?? [],
    trailers: record.status?.trailers ?? [],
    durationMs: record.timing?.totalMs ?? null,
    messagesSent: record.sent,
    messagesReceived: record.received,
    firstMessages: call.firstMessages,
    lastMessages,
  };
  return redactSecrets(entry, call.secrets);
}
