import type { EventBatch } from '../../../shared/contract';
import type { ConnectionEvent } from '../../../shared/connection';
import type { AppState } from './app-state';
import type { CallRecord } from './call-record';
import { applyCallEvent, createCallRecord } from './call-record';
import { applyConnectionEvents, createChannelView } from './channel-view';
import { asChannelId } from '../../../shared/ids';

export type BatchUpdate = Partial<Pick<AppState, 'calls' | 'channels' | 'demo'>>;

/**
 * Turn one event batch into one store update. Each touched call is shallow-copied once per
 * batch (not per event) and its message ring is appended in place; untouched calls and
 * channels keep their identity, so components watching them do not re-render.
 */
export function applyEventBatch(state: AppState, batch: EventBatch): BatchUpdate {
  const drafts = new Map<string, CallRecord>();
  const connectionEvents = new Map<string, ConnectionEvent[]>();
  let demo: AppState['demo'] | null = null;

  for (const item of batch.events) {
    if (item.kind === 'call') {
      let draft = drafts.get(item.callId);
      if (draft === undefined) {
        const existing = state.calls[item.callId];
        if (existing !== undefined) draft = { ...existing };
        else if (item.event.type === 'started') draft = createCallRecord(item.callId, item.event, state.retentionCap);
        else continue; // a call this page retired (or never knew): nothing to show
        drafts.set(item.callId, draft);
      }
      applyCallEvent(draft, item.event);
    } else if (item.kind === 'connection') {
      const list = connectionEvents.get(item.channelId);
      if (list) list.push(item.event);
      else connectionEvents.set(item.channelId, [item.event]);
    } else if (item.kind === 'demo') {
      demo = { ...(demo ?? state.demo), running: item.running, address: item.address };
    }
    // 'collection' events are not store data: services/collection-sync.ts reacts to them.
  }

  const update: BatchUpdate = {};
  if (drafts.size > 0) {
    const calls: Record<string, CallRecord> = { ...state.calls };
    for (const [id, draft] of drafts) calls[id] = draft;
    update.calls = calls;
  }
  if (connectionEvents.size > 0) {
    const channels = { ...state.channels };
    for (const [channelId, events] of connectionEvents) {
      const current = channels[channelId] ?? createChannelView(asChannelId(channelId));
      channels[channelId] = applyConnectionEvents(current, events);
    }
    update.channels = channels;
  }
  if (demo !== null) update.demo = demo;
  return update;
}
