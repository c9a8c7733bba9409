import type { HealthServingStatus } from '../../../shared/health';
import type { ClientHttp2Session } from 'node:http2';
import { performance } from 'node:perf_hooks';
import type { ChannelInterface } from '@grpc/grpc-js';
import type { ChannelId } from '../../../shared/ids';
import { GOAWAY_ENDED_CALLS_KEPT, nextGoaway, type GoawayEndedCall, type GoawayInfo } from '../../../shared/connection';
import type { ChannelClosure, ConnectionEvent, PeerCallCount, ResolvedAddress, ConnectionSnapshot, ConnectivityState, KeepaliveSettings, KeepaliveStats } from '../../../shared/connection';
import { err, ok, type Result } from '../../../shared/result';
import { listChannelSockets, listResolvedAddresses } from './channelz-sockets';
import { addSessionTapListener } from './http2-session-tap';
import { http2ErrorName } from './http2-error-codes';

/** What the monitor needs to know about a channel (a PooledChannel is one). */
export interface MonitoredChannel {
  channelId: ChannelId;
  /** The target as the user sees it. */
  displayTarget: string;
  client: { getChannel(): ChannelInterface };
  keepalive: KeepaliveSettings;
  connectivityState(): ConnectivityState;
  onStateChange(listener: (state: ConnectivityState) => void): () => void;
  /** Calls per backend (peer), when the owner counts them (the pool does). */
  callsPerPeer?(): PeerCallCount[];
  /** Every address the target stands for, in its order (target-addresses.ts). */
  knownAddresses?(): string[];
  /** Which name did not resolve and why, or null (target-addresses.ts). */
  resolutionFailure?(): string | null;
}

export interface ConnectionMonitorOptions {
  /** Every event of every tracked channel, as it happens (the engine batches them). */
  onEvent?: (channelId: ChannelId, event: ConnectionEvent) => void;
  /** How many recent events a snapshot carries. */
  recentEventsLimit?: number;
}

/** grpc-js's default keepalive timeout (transport.js KEEPALIVE_TIMEOUT_MS). */
const GRPC_DEFAULT_KEEPALIVE_TIMEOUT_MS = 20_000;
/** Closed channels whose last snapshot is kept, so a Connection tab still showing one can say it closed and why. */
const CLOSED_KEPT = 100;
/** Timers fire at or after their time; this covers the microseconds between grpc-js's timer and our mark. */
const TIMEOUT_SLACK_MS = 5;

interface PendingPing {
  sentAt: number;
  timer: NodeJS.Timeout;
  timedOut: boolean;
}

interface TrackedChannel {
  info: MonitoredChannel;
  state: ConnectivityState;
  stats: KeepaliveStats;
  recent: ConnectionEvent[];
  sessions: Set<SessionRecord>;
  unsubscribeState: () => void;
}

interface SessionRecord {
  channel: TrackedChannel;
  /** The channelz socket this session is; used to keep unix-socket attribution unambiguous. */
  socketId: number;
  pending: PendingPing[];
  /** The GOAWAY record this session's last GOAWAY frame went into (a later frame on it continues it). */
  goaway: GoawayInfo | null;
}

/** The session's TCP ports (null ports for unix sockets); null when the socket is gone. */
function socketPorts(session: ClientHttp2Session): { localPort: number | null; remotePort: number | null } | null {
  try {
    return { localPort: session.socket?.localPort ?? null, remotePort: session.socket?.remotePort ?? null };
  } catch {
    return null;
  }
}

type EventBody<E> = E extends ConnectionEvent ? Omit<E, 'timeMs' | 'at'> : never;

/**
 * Watches channels: connectivity transitions, keepalive pings and their acks and RTT, ping
 * timeouts, PINGs the server sends (its keepalive), and GOAWAY frames (with the error name,
 * debug data and last stream id, e.g. ENHANCE_YOUR_CALM "too_many_pings", and the calls each ended).
 *
 * Pings and GOAWAYs come from the HTTP/2 session tap (http2-session-tap.ts, which explains why
 * that is the robust hook). A session is tied to its channel through grpc-js's public channelz
 * registry: the channel's subchannels list their sockets with local and remote ports, which we
 * match against the session's socket. Pooled channels use a local subchannel pool
 * (channel-options.ts), so a socket belongs to exactly one channel. Unix-socket sessions have
 * no ports; they are attributed only when exactly one unclaimed unix socket is known.
 */
export class ConnectionMonitor {
  private readonly channels = new Map<ChannelId, TrackedChannel>();
  /** The final snapshots of recently closed channels, oldest first (bounded by CLOSED_KEPT). */
  private readonly closedChannels = new Map<ChannelId, ConnectionSnapshot>();
  private readonly sessions = new WeakMap<ClientHttp2Session, SessionRecord>();
  /** Sessions of clients we do not track (e.g. a reflection client): not looked up again. */
  private readonly foreign = new WeakSet<ClientHttp2Session>();
  private readonly startedAt = performance.now();
  private readonly recentLimit: number;
  private readonly removeTap: () => void;

  constructor(private readonly options: ConnectionMonitorOptions = {}) {
    this.recentLimit = Math.max(1, options.recentEventsLimit ?? 200);
    this.removeTap = addSessionTapListener({
      onSessionReady: (session) => {
        // By now grpc-js has registered the socket with its subchannel (a few promise ticks
        // after the handshake), so a session that matches none of our channels never will.
        if (this.attribute(session) === null) this.foreign.add(session);
      },
      onPingSent: (session) => this.onPingSent(session),
      onPingAck: (session, rttMs) => this.onPingAck(session, rttMs),
      onPingFailed: (session) => this.onPingFailed(session),
      onPingReceived: (session) => this.onPingReceived(session),
      onGoaway: (session, code, lastStreamId, data) => this.onGoaway(session, code, lastStreamId, data),
      onSessionClosed: (session) => this.onSessionClosed(session),
    });
  }

  /** Start watching a channel: emits its keepalive configuration and current state. */
  track(info: MonitoredChannel): void {
    if (this.channels.has(info.channelId)) return;
    const tracked: TrackedChannel = {
      info,
      state: info.connectivityState(),
      stats: {
        keepaliveTimeMs: info.keepalive.timeMs,
        keepaliveTimeoutMs: info.keepalive.timeoutMs,
        permitWithoutCalls: info.keepalive.permitWithoutCalls,
        pingsSent: 0,
        pingAcks: 0,
        pingTimeouts: 0,
        pingsReceived: 0,
        lastPingRttMs: null,
        lastGoaway: null,
      },
      recent: [],
      sessions: new Set(),
      unsubscribeState: () => undefined,
    };
    this.channels.set(info.channelId, tracked);
    tracked.unsubscribeState = info.onStateChange((state) => {
      tracked.state = state;
      // grpc-js's keepalive timer fires just before ours and drops the connection at once, so
      // a ping timeout is often first visible as this state change: report it first, in order.
      for (const record of tracked.sessions) this.settleOverduePings(record);
      this.emit(tracked, { type: 'state', state });
    });
    this.emitKeepaliveConfig(tracked);
    this.emit(tracked, { type: 'state', state: tracked.state });
  }

  /**
   * Stop watching a channel. With a closure (the pool closed it), a last `closed` event goes
   * out and its final snapshot stays available, saying when and why.
   */
  untrack(channelId: ChannelId, closure?: ChannelClosure): void {
    const tracked = this.channels.get(channelId);
    if (!tracked) return;
    tracked.unsubscribeState();
    for (const record of tracked.sessions) this.clearPending(record);
    if (closure) {
      this.emit(tracked, { type: 'closed', reason: closure.reason });
      this.closedChannels.delete(channelId);
      this.closedChannels.set(channelId, { ...this.snapshotOf(tracked), closed: { ...closure } });
      while (this.closedChannels.size > CLOSED_KEPT) this.closedChannels.delete(this.closedChannels.keys().next().value as ChannelId);
    }
    this.channels.delete(channelId);
  }

  snapshot(channelId: ChannelId): Result<ConnectionSnapshot> {
    const tracked = this.channels.get(channelId);
    if (tracked) return ok(this.snapshotOf(tracked));
    const closed = this.closedChannels.get(channelId);
    if (closed) return ok({ ...closed, recentEvents: closed.recentEvents.slice() });
    return err('NOT_FOUND', `No channel ${channelId}: it was closed a while ago, or never opened. Start a call to open a connection.`, { channelId });
  }

  private snapshotOf(tracked: TrackedChannel): ConnectionSnapshot {
    return {
      channelId: tracked.info.channelId,
      target: tracked.info.displayTarget,
      state: tracked.state,
      keepalive: { ...tracked.stats, lastGoaway: tracked.stats.lastGoaway && { ...tracked.stats.lastGoaway, endedCalls: tracked.stats.lastGoaway.endedCalls.slice() } },
      recentEvents: tracked.recent.slice(),
      closed: null,
      resolvedAddresses: this.resolvedAddressesOf(tracked),
      callsPerPeer: tracked.info.callsPerPeer?.() ?? [],
      resolutionFailure: tracked.info.resolutionFailure?.() ?? null,
    };
  }

  /**
   * The target's addresses, each with its subchannel's state read from channelz at each
   * snapshot (so always current: a Connection tab asks again while it shows it), then any
   * subchannel address the target's list does not name (a DNS answer that changed since).
   */
  private resolvedAddressesOf(tracked: TrackedChannel): ResolvedAddress[] {
    let subchannels: ResolvedAddress[] = [];
    try {
      subchannels = listResolvedAddresses(tracked.info.client.getChannel().getChannelzRef().id);
    } catch {
      // A closed client is no longer in channelz: every address is without a subchannel.
    }
    const known = tracked.info.knownAddresses?.() ?? [];
    const stateOf = new Map(subchannels.map((s) => [s.address, s.state]));
    const listed = known.map((address) => ({ address, state: stateOf.get(address) ?? null }));
    return listed.concat(subchannels.filter((s) => !known.includes(s.address)));
  }

  /** A health status seen on this channel: a point on its timeline. False for a channel not tracked. */
  recordHealth(channelId: ChannelId, service: string, status: HealthServingStatus): boolean {
    const tracked = this.channels.get(channelId);
    if (!tracked) return false;
    this.emit(tracked, { type: 'health', service, status });
    return true;
  }

  /**
   * A call on this channel ended because of its last GOAWAY (the pool decides that with
   * call-failure.ts's goawayThatEnded, the same test that words the call's status), so the
   * Connection tab lists it under the GOAWAY. False when the channel is not tracked or has had a
   * newer GOAWAY since (goawayAt is the one the call's end was judged by).
   */
  recordGoawayEndedCall(channelId: ChannelId, goawayAt: number, call: GoawayEndedCall): boolean {
    const tracked = this.channels.get(channelId);
    const goaway = tracked?.stats.lastGoaway;
    if (!tracked || !goaway || goaway.at !== goawayAt) return false;
    goaway.endedCallsTotal += 1;
    if (goaway.endedCalls.length < GOAWAY_ENDED_CALLS_KEPT) goaway.endedCalls.push({ ...call });
    this.emit(tracked, { type: 'goaway_ended_call', call: { ...call } });
    return true;
  }

  dispose(): void {
    for (const channelId of [...this.channels.keys()]) this.untrack(channelId);
    this.closedChannels.clear();
    this.removeTap();
  }

  private emit(tracked: TrackedChannel, body: EventBody<ConnectionEvent>): ConnectionEvent {
    const event = { ...body, timeMs: performance.now() - this.startedAt, at: Date.now() } as ConnectionEvent;
    tracked.recent.push(event);
    if (tracked.recent.length > this.recentLimit) tracked.recent.splice(0, tracked.recent.length - this.recentLimit);
    this.options.onEvent?.(tracked.info.channelId, event);
    return event;
  }

  private emitKeepaliveConfig(tracked: TrackedChannel): void {
    const { stats } = tracked;
    this.emit(tracked, {
      type: 'keepalive_config',
      keepaliveTimeMs: stats.keepaliveTimeMs,
      keepaliveTimeoutMs: stats.keepaliveTimeoutMs,
      permitWithoutCalls: stats.permitWithoutCalls,
    });
  }

  /** Which tracked channel a session belongs to (cached once known); null if none of ours. */
  private attribute(session: ClientHttp2Session): SessionRecord | null {
    const known = this.sessions.get(session);
    if (known) return known;
    if (this.channels.size === 0 || this.foreign.has(session)) return null;
    const ports = socketPorts(session);
    if (ports === null) return null;
    const { localPort, remotePort } = ports;
    const claimed = new Set<number>();
    const unixCandidates: { tracked: TrackedChannel; socketId: number }[] = [];
    for (const tracked of this.channels.values()) {
      for (const record of tracked.sessions) claimed.add(record.socketId);
    }
    for (const tracked of this.channels.values()) {
      let channelzId: number;
      try {
        channelzId = tracked.info.client.getChannel().getChannelzRef().id;
      } catch {
        continue;
      }
      for (const socket of listChannelSockets(channelzId)) {
        if (localPort !== null && socket.localPort === localPort && socket.remotePort === remotePort) {
          return this.remember(session, tracked, socket.socketId);
        }
        if (localPort === null && socket.localPort === null && !claimed.has(socket.socketId)) {
          unixCandidates.push({ tracked, socketId: socket.socketId });
        }
      }
    }
    const only = unixCandidates.length === 1 ? unixCandidates[0] : undefined;
    return only ? this.remember(session, only.tracked, only.socketId) : null;
  }

  private remember(session: ClientHttp2Session, tracked: TrackedChannel, socketId: number): SessionRecord {
    const record: SessionRecord = { channel: tracked, socketId, pending: [], goaway: null };
    this.sessions.set(session, record);
    tracked.sessions.add(record);
    return record;
  }

  private live(record: SessionRecord | null): record is SessionRecord {
    return record !== null && this.channels.get(record.channel.info.channelId) === record.channel;
  }

  private timeoutMs(tracked: TrackedChannel): number {
    return tracked.stats.keepaliveTimeoutMs ?? GRPC_DEFAULT_KEEPALIVE_TIMEOUT_MS;
  }

  private onPingSent(session: ClientHttp2Session): void {
    const record = this.attribute(session);
    if (!this.live(record)) return;
    const tracked = record.channel;
    tracked.stats.pingsSent += 1;
    this.emit(tracked, { type: 'ping_sent' });
    // grpc-js drops the connection when a ping is not answered within the keepalive timeout;
    // our own timer of the same length reports that moment as a ping timeout.
    const ping: PendingPing = {
      sentAt: performance.now(),
      timedOut: false,
      timer: setTimeout(() => this.reportTimeout(record, ping), this.timeoutMs(tracked)),
    };
    ping.timer.unref();
    record.pending.push(ping);
  }

  private onPingAck(session: ClientHttp2Session, rttMs: number): void {
    const record = this.sessions.get(session) ?? null;
    if (!this.live(record)) return;
    const ping = record.pending.shift();
    if (ping) clearTimeout(ping.timer);
    if (ping?.timedOut) return;
    const tracked = record.channel;
    tracked.stats.pingAcks += 1;
    tracked.stats.lastPingRttMs = rttMs;
    this.emit(tracked, { type: 'ping_ack', rttMs });
  }

  /** Node cancels outstanding pings when the session is destroyed; that is a timeout only if the timeout had passed. */
  private onPingFailed(session: ClientHttp2Session): void {
    const record = this.sessions.get(session) ?? null;
    if (!this.live(record)) return;
    const ping = record.pending.shift();
    if (!ping) return;
    clearTimeout(ping.timer);
    if (performance.now() - ping.sentAt >= this.timeoutMs(record.channel) - TIMEOUT_SLACK_MS) this.reportTimeout(record, ping);
  }

  private reportTimeout(record: SessionRecord, ping: PendingPing): void {
    if (ping.timedOut || !this.live(record)) return;
    ping.timedOut = true;
    record.channel.stats.pingTimeouts += 1;
    this.emit(record.channel, { type: 'ping_timeout' });
  }

  private onPingReceived(session: ClientHttp2Session): void {
    const record = this.attribute(session);
    if (!this.live(record)) return;
    record.channel.stats.pingsReceived += 1;
    this.emit(record.channel, { type: 'ping_received' });
  }

  private onGoaway(session: ClientHttp2Session, errorCode: number, lastStreamId: number, data: Buffer | undefined): void {
    const record = this.attribute(session);
    if (!this.live(record)) return;
    const tracked = record.channel;
    const errorName = http2ErrorName(errorCode);
    const debugData = data && data.length > 0 ? data.toString('utf8') : '';
    const continuesPrevious = record.goaway !== null && record.goaway === tracked.stats.lastGoaway;
    const event = this.emit(tracked, { type: 'goaway', errorCode, errorName, debugData, lastStreamId, ...(continuesPrevious ? { continuesPrevious } : {}) });
    // Updated in place: the session's record stays the channel's lastGoaway, which is what continuesPrevious checks.
    const goaway = nextGoaway(tracked.stats.lastGoaway, event as Extract<ConnectionEvent, { type: 'goaway' }>);
    if (continuesPrevious && record.goaway) Object.assign(record.goaway, goaway);
    else record.goaway = tracked.stats.lastGoaway = goaway;
    // grpc-js answers "too_many_pings" by doubling the subchannel's keepalive time
    // (subchannel.js, gRFC A8); report the interval it will use from now on.
    if (errorName === 'ENHANCE_YOUR_CALM' && debugData === 'too_many_pings' && tracked.stats.keepaliveTimeMs !== null) {
      tracked.stats.keepaliveTimeMs *= 2;
      this.emitKeepaliveConfig(tracked);
    }
  }

  private settleOverduePings(record: SessionRecord): void {
    const now = performance.now();
    for (const ping of record.pending) {
      if (now - ping.sentAt >= this.timeoutMs(record.channel) - TIMEOUT_SLACK_MS) this.reportTimeout(record, ping);
    }
  }

  private onSessionClosed(session: ClientHttp2Session): void {
    const record = this.sessions.get(session);
    if (!record) return;
    this.settleOverduePings(record);
    this.clearPending(record);
    record.channel.sessions.delete(record);
  }

  private clearPending(record: SessionRecord): void {
    for (const ping of record.pending) clearTimeout(ping.timer);
    record.pending = [];
  }
}
