import type { CallSnapshot, CallStatus, CallTiming } from '../../../shared/call-events';
import type { CallId } from '../../../shared/ids';
import type { AppState } from './app-state';
import { applyCallEvent, createCallRecord, isCallRunning, type CallRecord } from './call-record';

/** The most messages a resync asks back per call: enough to fill the view, small on the wire. */
export const RESYNC_LAST_MESSAGES = 2_000;

export const HOST_LOST_DETAILS =
  'Host connection lost: the page could not reach the gRPC Workbench host while this call ran, so its outcome is unknown here. If the host comes back still running the call, the call is shown again as it is there.';

/**
 * The calls a page must ask the engine about after it may have missed events: every call it
 * shows as running, every tab's call it has no record of (its `started` was in a lost batch),
 * and the calls it ended itself when the host went away.
 */
export function callsToResync(state: Pick<AppState, 'calls' | 'tabs'>, endedLocally: ReadonlySet<string>): CallId[] {
  const ids = new Set<CallId>();
  for (const call of Object.values(state.calls)) if (isCallRunning(call) || endedLocally.has(call.callId)) ids.add(call.callId);
  for (const tab of state.tabs) if (tab.callId !== null && state.calls[tab.callId] === undefined) ids.add(tab.callId);
  return [...ids];
}

/**
 * The record a snapshot describes, keeping what only the page knows (its tab). Null when the
 * engine does not know the call (forgotten, or a restarted host).
 */
export function recordFromSnapshot(snapshot: CallSnapshot, existing: CallRecord | undefined, retentionCap: number): CallRecord | null {
  if (!snapshot.known) return null;
  const [started, ...rest] = snapshot.events;
  if (started?.type !== 'started') return null;
  const record = createCallRecord(snapshot.callId, started, retentionCap);
  record.tabId = existing?.tabId ?? null;
  for (const event of rest) applyCallEvent(record, event);
  return record;
}

/** True for a call the page ended itself when the host went away: its real outcome is unknown. */
export function endedForLostHostByPage(call: CallRecord): boolean {
  return call.status?.details.startsWith(HOST_LOST_DETAILS) === true;
}

/** A running call ended by the page itself, because the host it ran in cannot be reached. */
export function endedForLostHost(call: CallRecord, details = HOST_LOST_DETAILS): CallRecord {
  const ended = { ...call };
  const status: CallStatus = { code: 14, codeName: 'UNAVAILABLE', details, trailers: [], richDetails: null };
  const timing: CallTiming = {
    waitForConnectionMs: null,
    timeToHeadersMs: call.headersTimeMs,
    timeToFirstMessageMs: call.firstReceivedMs,
    // Wall-clock time since it started: the engine's last event may be long ago (a quiet stream).
    totalMs: Math.max(call.lastEventMs, Date.now() - call.startedAt),
    messagesSent: call.sent,
    messagesReceived: call.received,
    bytesSent: 0,
    bytesReceived: 0,
  };
  applyCallEvent(ended, { type: 'status', timeMs: call.lastEventMs, status });
  applyCallEvent(ended, { type: 'ended', timeMs: call.lastEventMs, timing });
  return ended;
}
