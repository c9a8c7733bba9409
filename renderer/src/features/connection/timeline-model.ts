import type { ConnectionEvent, ConnectivityState } from '../../../../shared/connection';

export interface StateSegment {
  state: ConnectivityState;
  startMs: number;
  endMs: number;
}

export interface ConnectionTimeline {
  startMs: number;
  endMs: number;
  segments: StateSegment[];
  pings: number[];
  /** PINGs the server sent (its keepalive). */
  serverPings: number[];
  acks: { timeMs: number; rttMs: number }[];
  timeouts: number[];
  goaways: { timeMs: number; errorName: string }[];
  /** Health statuses seen on the channel (Check health, Watch health changes). */
  health: { timeMs: number; service: string; status: string }[];
}

/** State bands and ping/GOAWAY marks from a channel's recent events; nowMs extends the last state. */
export function buildConnectionTimeline(events: readonly ConnectionEvent[], nowMs: number): ConnectionTimeline | null {
  if (events.length === 0) return null;
  const startMs = (events[0] as ConnectionEvent).timeMs;
  const endMs = Math.max(nowMs, (events.at(-1) as ConnectionEvent).timeMs, startMs + 1);
  const segments: StateSegment[] = [];
  const pings: number[] = [];
  const serverPings: number[] = [];
  const acks: ConnectionTimeline['acks'] = [];
  const timeouts: number[] = [];
  const goaways: ConnectionTimeline['goaways'] = [];
  const health: ConnectionTimeline['health'] = [];
  for (const event of events) {
    switch (event.type) {
      case 'state': {
        const last = segments.at(-1);
        if (last) last.endMs = event.timeMs;
        if (last?.state !== event.state) segments.push({ state: event.state, startMs: event.timeMs, endMs });
        else last.endMs = endMs;
        break;
      }
      case 'ping_sent':
        pings.push(event.timeMs);
        break;
      case 'ping_received':
        serverPings.push(event.timeMs);
        break;
      case 'ping_ack':
        acks.push({ timeMs: event.timeMs, rttMs: event.rttMs });
        break;
      case 'ping_timeout':
        timeouts.push(event.timeMs);
        break;
      case 'goaway':
        goaways.push({ timeMs: event.timeMs, errorName: event.errorName });
        break;
      case 'health':
        health.push({ timeMs: event.timeMs, service: event.service, status: event.status });
        break;
      case 'keepalive_config':
      case 'goaway_ended_call':
        break;
    }
  }
  return { startMs, endMs, segments, pings, serverPings, acks, timeouts, goaways, health };
}

/** Engine time "now" for a channel, from the newest event's engine time and wall clock. */
export function channelNowMs(events: readonly ConnectionEvent[], wallNow: number): number {
  const last = events.at(-1);
  if (!last) return 0;
  return last.timeMs + Math.max(0, wallNow - last.at);
}
