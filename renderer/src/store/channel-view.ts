import { GOAWAY_ENDED_CALLS_KEPT, nextGoaway } from '../../../shared/connection';
import type { ChannelClosure, ConnectionEvent, ConnectionSnapshot, ConnectivityState, KeepaliveStats } from '../../../shared/connection';
import type { ChannelId } from '../../../shared/ids';

/** Timeline events kept per channel (older ones fall off; the stats keep counting). */
export const CHANNEL_EVENT_LIMIT = 500;

export interface ChannelView {
  channelId: ChannelId;
  target: string;
  state: ConnectivityState | null;
  keepalive: KeepaliveStats;
  events: ConnectionEvent[];
  /** Set once the engine closed the channel (idle, too many idle, the user): when and why. */
  closed: ChannelClosure | null;
}

export function emptyKeepaliveStats(): KeepaliveStats {
  return {
    keepaliveTimeMs: null,
    keepaliveTimeoutMs: null,
    permitWithoutCalls: false,
    pingsSent: 0,
    pingAcks: 0,
    pingTimeouts: 0,
    pingsReceived: 0,
    lastPingRttMs: null,
    lastGoaway: null,
  };
}

export function createChannelView(channelId: ChannelId, target = ''): ChannelView {
  return { channelId, target, state: null, keepalive: emptyKeepaliveStats(), events: [], closed: null };
}

/** Apply a batch of events for one channel, returning a new view (events are few: copying is fine). */
export function applyConnectionEvents(view: ChannelView, incoming: readonly ConnectionEvent[]): ChannelView {
  // A snapshot (mergeSnapshot) fetched while a batch was on its way already holds that batch's
  // events: the engine's times only grow, so one not after the newest known is a repeat.
  const newest = view.events.at(-1)?.timeMs ?? -Infinity;
  const events = incoming.filter((event) => event.timeMs > newest);
  if (events.length === 0) return view;
  let state = view.state;
  let closed = view.closed;
  const keepalive: KeepaliveStats = { ...view.keepalive };
  for (const event of events) {
    switch (event.type) {
      case 'state':
        state = event.state;
        break;
      case 'keepalive_config':
        keepalive.keepaliveTimeMs = event.keepaliveTimeMs;
        keepalive.keepaliveTimeoutMs = event.keepaliveTimeoutMs;
        keepalive.permitWithoutCalls = event.permitWithoutCalls;
        break;
      case 'ping_sent':
        keepalive.pingsSent += 1;
        break;
      case 'ping_ack':
        keepalive.pingAcks += 1;
        keepalive.lastPingRttMs = event.rttMs;
        break;
      case 'ping_timeout':
        keepalive.pingTimeouts += 1;
        break;
      case 'ping_received':
        keepalive.pingsReceived += 1;
        break;
      case 'goaway':
        keepalive.lastGoaway = nextGoaway(keepalive.lastGoaway, event);
        break;
      case 'goaway_ended_call':
        if (keepalive.lastGoaway) {
          const goaway = keepalive.lastGoaway;
          keepalive.lastGoaway = {
            ...goaway,
            endedCalls: goaway.endedCalls.length < GOAWAY_ENDED_CALLS_KEPT ? [...goaway.endedCalls, event.call] : goaway.endedCalls,
            endedCallsTotal: goaway.endedCallsTotal + 1,
          };
        }
        break;
      case 'closed':
        closed = { at: event.at, reason: event.reason };
        break;
    }
  }
  const merged = view.events.concat(events);
  return {
    ...view,
    state,
    keepalive,
    closed,
    events: merged.length > CHANNEL_EVENT_LIMIT ? merged.slice(merged.length - CHANNEL_EVENT_LIMIT) : merged,
  };
}

/**
 * Merge a snapshot from connections:get into what events already told us. The snapshot's
 * counters are authoritative; events the snapshot does not know yet (newer) are kept.
 */
export function mergeSnapshot(view: ChannelView, snapshot: ConnectionSnapshot): ChannelView {
  const lastSnapshotTime = snapshot.recentEvents.at(-1)?.timeMs ?? -Infinity;
  const newer = view.events.filter((e) => e.timeMs > lastSnapshotTime);
  const base: ChannelView = {
    channelId: snapshot.channelId,
    target: snapshot.target,
    state: snapshot.state,
    keepalive: { ...snapshot.keepalive },
    events: snapshot.recentEvents.slice(-CHANNEL_EVENT_LIMIT),
    closed: snapshot.closed ?? null,
  };
  return applyConnectionEvents(base, newer);
}
