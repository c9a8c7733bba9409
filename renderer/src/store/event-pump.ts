import type { CallSnapshotBatch } from '../../../shared/call-events';
import type { EventBatch } from '../../../shared/contract';
import type { Result } from '../../../shared/result';
import type { HostConnectionStatus } from '../bridge/host-connection-status';
import type { WorkbenchConnection } from '../bridge/workbench-connection';
import { applyEventBatch } from './apply-event-batch';
import { useAppStore } from './app-store';
import type { CallRecord } from './call-record';
import { callsToResync, endedForLostHost, HOST_LOST_DETAILS, recordFromSnapshot, RESYNC_LAST_MESSAGES } from './call-resync';
import { isCallRunning } from './call-record';

const HEARTBEAT_MS = 2_000;

/**
 * The one subscription to the engine's events. Each batch (the engine flushes about every
 * 16 ms) becomes exactly one store update, however many messages it carries.
 *
 * Delivery is checked: batches carry a seq that grows by one. A gap (the host dropped batches
 * for a page that fell behind), a reconnect, or the page's first batch starts a resync: the
 * engine's snapshot of the calls the page shows as running replaces them, and only batches
 * after the snapshot's seq are applied on top. While the host cannot be reached, running
 * calls end as "host connection lost", so no tab stays Running with nothing behind it.
 */
export function startEventPump(connection: WorkbenchConnection, options: { heartbeatMs?: number } = {}): () => void {
  let lastSeq: number | null = null;
  /** Batches that arrived while a snapshot was on its way: applied after it, if newer. */
  let held: EventBatch[] | null = null;
  let resyncAgain = false;
  const endedLocally = new Set<string>();
  let wasConnected = connection.status().state === 'connected';

  const apply = (batch: EventBatch) => {
    useAppStore.setState((state) => applyEventBatch(state, batch));
    lastSeq = batch.seq;
  };

  const applySnapshot = (result: Result<CallSnapshotBatch>): ReadonlySet<string> | null => {
    if (!result.ok) return null;
    useAppStore.setState((state) => {
      const calls: Record<string, CallRecord> = { ...state.calls };
      for (const snapshot of result.value.calls) {
        const existing = calls[snapshot.callId];
        const rebuilt = recordFromSnapshot(snapshot, existing, state.retentionCap);
        if (rebuilt !== null) calls[snapshot.callId] = rebuilt;
        else if (existing !== undefined && (isCallRunning(existing) || endedLocally.has(snapshot.callId))) calls[snapshot.callId] = endedForLostHost(existing, `${HOST_LOST_DETAILS} The host no longer knows this call (it was restarted).`);
        endedLocally.delete(snapshot.callId); // the engine's word (or its silence) settles it
      }
      return { calls };
    });
    lastSeq = result.value.seq;
    return new Set(result.value.calls.map((c) => c.callId));
  };

  /**
   * A held batch the snapshot already covers for the calls it was asked about; its events of
   * other calls (one whose calls:start answer had not come back yet) and of the demo server
   * still count.
   */
  const uncovered = (batch: EventBatch, covered: ReadonlySet<string>): EventBatch => ({
    seq: batch.seq,
    events: batch.events.filter((e) => (e.kind === 'call' && !covered.has(e.callId)) || e.kind === 'demo'),
  });

  const resync = async (): Promise<void> => {
    if (held !== null) {
      resyncAgain = true; // one at a time; ask again once this one is in
      return;
    }
    held = [];
    let covered: ReadonlySet<string> | null = null;
    try {
      const callIds = callsToResync(useAppStore.getState(), endedLocally);
      const result = await connection.invoke('calls:snapshot', { callIds, lastMessages: RESYNC_LAST_MESSAGES });
      covered = applySnapshot(result);
    } finally {
      const waiting = held;
      held = null;
      if (covered === null) {
        // No snapshot (the host went away again): show what arrived; the next reconnect asks again.
        for (const batch of waiting) apply(batch);
        lastSeq = null;
      } else {
        const snapshotSeq = lastSeq ?? 0;
        const known = covered;
        for (const batch of waiting) {
          if (batch.seq <= snapshotSeq) {
            useAppStore.setState((state) => applyEventBatch(state, uncovered(batch, known)));
            continue;
          }
          if (batch.seq !== (lastSeq ?? 0) + 1) resyncAgain = true; // lost again after the snapshot
          apply(batch);
        }
        lastSeq = Math.max(snapshotSeq, ...waiting.map((b) => b.seq));
      }
      if (resyncAgain) {
        resyncAgain = false;
        void resync();
      }
    }
  };

  const onBatch = (batch: EventBatch) => {
    if (held !== null) {
      held.push(batch);
      return;
    }
    if (lastSeq !== null && batch.seq === lastSeq + 1) {
      apply(batch);
      return;
    }
    // The first batch this page sees, or a gap, or a restarted host counting from 1 again:
    // what came before may be missing. Apply nothing until the snapshot says where we are.
    void resync(); // sets `held` before its first await
    (held as EventBatch[] | null)?.push(batch);
  };

  const onStatus = (status: HostConnectionStatus) => {
    const connected = status.state === 'connected';
    if (!connected && wasConnected) endRunningCalls();
    if (connected && !wasConnected) {
      lastSeq = null;
      void resync();
    }
    wasConnected = connected;
  };

  const endRunningCalls = () => {
    useAppStore.setState((state) => {
      let calls: Record<string, CallRecord> | null = null;
      for (const call of Object.values(state.calls)) {
        if (!isCallRunning(call)) continue;
        calls ??= { ...state.calls };
        calls[call.callId] = endedForLostHost(call);
        endedLocally.add(call.callId);
      }
      return calls === null ? {} : { calls };
    });
  };

  /**
   * A lost last batch leaves no later batch to show the gap: while calls run, ask the engine
   * now and then which seq it is at (a snapshot of no calls). If the page has not seen that seq
   * by the next beat, it was lost: resync.
   */
  let expectedSeq: number | null = null;
  const heartbeat = async () => {
    if (!wasConnected || held !== null) return;
    const state = useAppStore.getState();
    if (!Object.values(state.calls).some(isCallRunning) && !state.tabs.some((t) => t.callId !== null && state.calls[t.callId] === undefined)) {
      expectedSeq = null;
      return;
    }
    if (expectedSeq !== null && (lastSeq === null || lastSeq < expectedSeq)) {
      expectedSeq = null;
      void resync();
      return;
    }
    const result = await connection.invoke('calls:snapshot', { callIds: [], lastMessages: 0 });
    expectedSeq = result.ok ? result.value.seq : null;
  };
  const beat = setInterval(() => void heartbeat(), options.heartbeatMs ?? HEARTBEAT_MS);

  const stopEvents = connection.onEvents(onBatch);
  const stopStatus = connection.onStatus(onStatus);
  if (wasConnected) void resync(); // a page load: calls may already be running in the host
  return () => {
    clearInterval(beat);
    stopEvents();
    stopStatus();
  };
}
