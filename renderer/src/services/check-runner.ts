import type { CallOutcome } from '../../../shared/checks';
import type { CallId } from '../../../shared/ids';
import { useAppStore } from '../store/app-store';
import type { CallRecord } from '../store/call-record';
import { endedForLostHostByPage } from '../store/call-resync';
import { useCheckOutcomeStore } from '../store/check-outcome-store';
import { retainedMessages } from '../store/message-log';
import type { RequestTab } from '../store/request-tab';
import { applyCaptures } from './capture-actions';
import { fetchFullMessage } from './full-message';

function parsedJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Said of message checks while messages that crossed as previews are not read whole (yet). */
export const PREVIEWS_UNREAD =
  'some messages reached the page as previews only; they are read whole from the engine when a message check or capture needs them';

/** Whether judging the tab needs its received messages' JSON: a message check, or a capture from a message. */
export function needsMessages(tab: Pick<RequestTab, 'checks' | 'captures'>): boolean {
  return (tab.checks ?? []).some((c) => c.kind === 'message') || (tab.captures ?? []).some((c) => c.from === 'message');
}

/**
 * A finished call as checks see it. Received messages come from the page's ring; a message that
 * crossed as a preview is read whole from the engine when `readPreviews` (a message check or
 * capture needs it), else left as its preview and the result says so: 200 messages of 1 MiB
 * are 280 MB of JSON to fetch and parse after every call, for checks that never look at them.
 * When the ring let early messages go, the list still has one entry per received message (so
 * the count is right), and the result says so.
 */
export async function outcomeOfCall(record: CallRecord, readPreviews: boolean): Promise<{ outcome: CallOutcome; messagesIncomplete: string | null; previewsUnread: boolean }> {
  const kept = retainedMessages(record.messages).filter((m) => m.direction === 'received');
  const messages: unknown[] = new Array<unknown>(record.received).fill(undefined);
  let previewsUnread = false;
  for (const message of kept) {
    let json = message.json;
    if (message.preview && readPreviews) {
      const full = await fetchFullMessage(record.callId, message.preview);
      if (full.ok) json = full.value.json;
    } else if (message.preview) previewsUnread = true;
    if (message.index < messages.length) messages[message.index] = parsedJson(json);
  }
  const status = record.status;
  const outcome: CallOutcome = {
    statusCode: status?.codeName ?? 'UNKNOWN',
    statusMessage: status?.details ?? '',
    headers: record.headers ?? [],
    trailers: status?.trailers ?? [],
    messages,
    durationMs: record.timing?.totalMs ?? record.statusTimeMs ?? record.lastEventMs,
  };
  const messagesIncomplete =
    kept.length < record.received
      ? `this page keeps ${kept.length.toLocaleString('en-US')} of the ${record.received.toLocaleString('en-US')} received messages, so message checks are not judged here; the command-line runner (grpc-workbench run) checks every message`
      : previewsUnread
        ? PREVIEWS_UNREAD
        : null;
  return { outcome, messagesIncomplete, previewsUnread };
}

async function takeOutcome(tab: RequestTab, record: CallRecord): Promise<void> {
  const { outcome, messagesIncomplete, previewsUnread } = await outcomeOfCall(record, needsMessages(tab));
  const capturing = outcome.statusCode === 'OK' && (tab.captures?.length ?? 0) > 0;
  const store = useCheckOutcomeStore.getState();
  store.put(tab.id, { callId: record.callId, outcome, messagesIncomplete, previewsUnread, captures: capturing ? null : [] });
  if (!capturing) return;
  const reports = await applyCaptures(tab, outcome);
  useCheckOutcomeStore.getState().setCaptures(tab.id, record.callId, reports);
}

/** A message check was added after the call: read its previewed messages whole now, keeping the captures' report. */
async function readPreviewsLater(tab: RequestTab, record: CallRecord): Promise<void> {
  const { outcome, messagesIncomplete, previewsUnread } = await outcomeOfCall(record, true);
  const store = useCheckOutcomeStore.getState();
  const current = store.byTab[tab.id];
  if (current?.callId !== record.callId) return;
  store.put(tab.id, { ...current, outcome, messagesIncomplete, previewsUnread });
}

/**
 * When a tab's call ends, keep its outcome for the Checks view (which evaluates the tab's checks
 * against it) and, after an OK status, apply the tab's captures once.
 */
export function startCheckRunner(): () => void {
  const taken = new Set<CallId>();
  const readingPreviews = new Set<CallId>();
  return useAppStore.subscribe((state, previous) => {
    if (state.calls === previous.calls && state.tabs === previous.tabs) return;
    if (state.tabs !== previous.tabs) {
      // A closed tab's outcome goes with it.
      const open = new Set(state.tabs.map((t) => t.id));
      for (const tabId of Object.keys(useCheckOutcomeStore.getState().byTab)) if (!open.has(tabId)) useCheckOutcomeStore.getState().forget(tabId);
    }
    for (const tab of state.tabs) {
      if (tab.callId === null) continue;
      if (taken.has(tab.callId)) {
        const stored = useCheckOutcomeStore.getState().byTab[tab.id];
        const record = state.calls[tab.callId];
        if (stored?.callId === tab.callId && stored.previewsUnread && record && !readingPreviews.has(tab.callId) && needsMessages(tab)) {
          readingPreviews.add(tab.callId);
          void readPreviewsLater(tab, record);
        }
        continue;
      }
      const record = state.calls[tab.callId];
      if (!record || record.phase !== 'ended' || record.status === null) continue;
      // Ended by the page because the host went away: its real outcome is unknown.
      if (endedForLostHostByPage(record)) continue;
      taken.add(tab.callId);
      void takeOutcome(tab, record);
    }
  });
}
