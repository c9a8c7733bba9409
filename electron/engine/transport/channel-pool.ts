import { Client } from '@grpc/grpc-js';
import type { ConnectionSettings, ConnectionSummary, PeerCallCount, ConnectivityState, KeepaliveSettings } from '../../../shared/connection';
import { asChannelId, type ChannelId } from '../../../shared/ids';
import { err, ok, type Result } from '../../../shared/result';
import { ChannelRecipes } from './channel-recipe';
import { summarizeChannelSettings } from './channel-settings-summary';
import { ChannelStateWatch, type StateListener } from './channel-state-watch';
import { explainCallEnd, goawayThatEnded, type CallEnd, type ChannelFacts } from './call-failure';
import { listChannelSubchannelAddresses } from './channelz-sockets';
import type { ConnectionMonitor } from './connection-monitor';
import { pendingHandshakeTo, watchHandshakes } from './handshake-watch';
import { createChannelCredentials, type SecurityDescription } from './credentials';
import { PeerCallCounts } from './peer-call-counts';
import type { ParsedTarget } from './target';
import { targetAddresses } from './target-addresses';

/** A grpc-js client (and its channel) shared by every call with the same target, security and options. */
export interface PooledChannel {
  channelId: ChannelId;
  /** The channel's current grpc-js client: replaced (same channel id) when the channel reconnects. */
  readonly client: Client;
  target: ParsedTarget;
  /** The target as the user sees it (host:port, unix:///path). */
  displayTarget: string;
  security: SecurityDescription;
  keepalive: KeepaliveSettings;
  connectivityState(): ConnectivityState;
  /** Every later connectivity transition; returns the unsubscribe function. */
  onStateChange(listener: (state: ConnectivityState) => void): () => void;
  /** A user-facing explanation of how a call (or reflection) on this channel ended, or null to keep grpc-js's details. */
  explainEnd(end: CallEnd): string | null;
  /** The end of a call waits for this before explainEnd (name-resolution.ts); null = explain now. */
  factsPending(end: CallEnd): Promise<void> | null;
  /** The gRPC method path to call, with the target's path prefix (https://host/prefix) in front. */
  methodPath(path: string): string;
  /** A call on this channel ended, served by this peer: counted for `Calls per backend`. */
  recordCallPeer(peer: string): void;
  /** Calls per peer so far, most first. */
  callsPerPeer(): PeerCallCount[];
  /** Every address the target stands for (target-addresses.ts). */
  knownAddresses(): string[];
  /** Which name did not resolve and why, or null. */
  resolutionFailure(): string | null;
}

/** What acquire hands out: the shared channel, plus what this request's settings implied. */
export interface ChannelLease {
  channel: PooledChannel;
  channelId: ChannelId;
  /** True when TLS is on only because the target was an https:// URL (tell the user). */
  tlsImpliedByScheme: boolean;
  /** The holder is done with the channel (its call ended). Idempotent. */
  release(): void;
}

/** How long a channel with no calls stays open before the pool closes it (and its sockets). */
export const IDLE_CHANNEL_CLOSE_MS = 5 * 60_000;
/**
 * At most this many channels without calls stay open; opening one more closes the one unused
 * the longest. Every distinct setting is a channel with its own socket (channel-options.ts:
 * local subchannel pools), so without a cap a user trying settings ran the process out of file
 * descriptors (EMFILE), and then even reading a .proto failed.
 */
export const MAX_IDLE_CHANNELS = 16;

export interface ChannelPoolOptions {
  /** Told about every channel the pool opens and closes. */
  monitor?: ConnectionMonitor;
  idleCloseMs?: number;
  maxIdleChannels?: number;
}

interface PoolEntry {
  key: string;
  pooled: PooledChannel;
  /** A new grpc-js client with this entry's target, credentials and options. */
  openClient: () => Client;
  client: Client;
  /** Clients replaced by a reconnect while calls were running: closed once the channel has no calls. */
  retired: Client[];
  watch: ChannelStateWatch;
  /** Subscribers through pooled.onStateChange: they outlive a client replaced by a reconnect. */
  listeners: Set<StateListener>;
  summary: string;
  openedAt: number;
  leases: number;
  idleSince: number | null;
  idleTimer: NodeJS.Timeout | null;
}

export class ChannelPool {
  private readonly byKey = new Map<string, PoolEntry>();
  private readonly recipes = new ChannelRecipes();
  private readonly byId = new Map<ChannelId, PoolEntry>();
  private readonly idleCloseMs: number;
  private readonly maxIdle: number;
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: ChannelPoolOptions = {}) {
    this.idleCloseMs = options.idleCloseMs ?? IDLE_CHANNEL_CLOSE_MS;
    this.maxIdle = Math.max(0, options.maxIdleChannels ?? MAX_IDLE_CHANNELS);
    watchHandshakes();
  }

  /**
   * A lease on the channel for these settings: an open one when target, credentials (by file
   * contents) and options are equal, else a new one. Release it when done: a channel without
   * leases is closed after IDLE_CHANNEL_CLOSE_MS, or sooner past MAX_IDLE_CHANNELS.
   * A channel in TRANSIENT_FAILURE (backoff) reconnects at once (see reconnect).
   * Errors: BAD_TARGET, TLS, INVALID_REQUEST.
   */
  acquire(settings: ConnectionSettings): Result<ChannelLease> {
    if (this.closed) return err('INTERNAL', 'The connection pool has been shut down; the engine is stopping.');
    const recipe = this.recipes.recipeFor(settings);
    if (!recipe.ok) return recipe;
    const { key, options, tlsImpliedByScheme, material, channelOptions } = recipe.value;

    const existing = this.byKey.get(key);
    if (existing && existing.pooled.connectivityState() !== 'SHUTDOWN') {
      if (existing.pooled.connectivityState() === 'TRANSIENT_FAILURE') this.replaceClient(existing);
      return ok(this.lease(existing, tlsImpliedByScheme));
    }
    if (existing) this.forget(existing, 'grpc-js shut the channel down.');

    const credentials = createChannelCredentials(material);
    if (!credentials.ok) return credentials;
    const uri = recipe.value.target.uri;
    // A copy per client: the recipe (and its options) may be remembered and shared (channel-recipe.ts).
    const openClient = (): Client => new Client(uri, credentials.value, { ...options });
    let client: Client;
    try {
      client = openClient();
    } catch (e) {
      return err('BAD_TARGET', `grpc-js could not open a channel to "${settings.target}": ${(e as Error).message}`, { target: settings.target });
    }

    const parsed = recipe.value.target;
    const security = material.description;
    const channelId = asChannelId(`ch-${this.nextId++}`);
    const listeners = new Set<StateListener>();
    const peerCalls = new PeerCallCounts();
    const addresses = targetAddresses(parsed);
    // The entry is complete before anything reads it: pooled's getters and the failure facts close over it
    // (entry.client changes when a channel in backoff is reconnected).
    // eslint-disable-next-line prefer-const
    let entry: PoolEntry;
    const facts: ChannelFacts = {
      target: parsed.display,
      security,
      resolution: addresses.resolution,
      keepaliveTimeMs: settings.keepalive.timeMs,
      lastGoaway: () => {
        const snapshot = this.options.monitor?.snapshot(channelId);
        return snapshot?.ok ? snapshot.value.keepalive.lastGoaway : null;
      },
      pendingHandshake: () => pendingHandshakeTo(listChannelSubchannelAddresses(entry.client.getChannel().getChannelzRef().id)),
      isReady: () => entry.watch.state === 'READY',
      messageLimits: { receiveBytes: channelOptions['grpc.max_receive_message_length'] ?? -1, sendBytes: channelOptions['grpc.max_send_message_length'] ?? -1 },
    };
    const pooled: PooledChannel = {
      channelId,
      get client() {
        return entry.client;
      },
      target: parsed,
      displayTarget: parsed.display,
      security,
      keepalive: { ...settings.keepalive },
      connectivityState: () => entry.watch.state,
      onStateChange: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      explainEnd: (end) => {
        // The engine links a GOAWAY to the calls it ended, not the renderer: only here are both
        // facts known at once (the channel's last GOAWAY and how this call ended), and the one
        // test that words the call's status (goawayThatEnded) decides, so the Connection tab's
        // list and the call's message never disagree; a renderer-side guess from status codes
        // and times would also miss calls of tabs it no longer shows.
        const goaway = end.call ? goawayThatEnded(end, facts) : null;
        if (goaway && end.call) this.options.monitor?.recordGoawayEndedCall(channelId, goaway.at, { ...end.call, at: Date.now() });
        return explainCallEnd(end, facts);
      },
      // grpc-js's "Name resolution failed" can come before our own lookup of the name has its reason.
      factsPending: (end) => (/Name resolution failed/.test(end.details) ? (addresses.resolution?.pending() ?? null) : null),
      methodPath: (path) => `${parsed.pathPrefix}${path}`,
      // A call that never reached a backend has the channel's target as its peer (grpc-js getPeer): not a backend.
      recordCallPeer: (peer) => {
        if (peer !== uri) peerCalls.record(peer);
      },
      callsPerPeer: () => peerCalls.list(),
      knownAddresses: () => addresses.list(),
      resolutionFailure: () => addresses.failure(),
    };
    entry = {
      key,
      pooled,
      openClient,
      client,
      retired: [],
      watch: new ChannelStateWatch(client.getChannel()),
      listeners,
      summary: summarizeChannelSettings(settings, security),
      openedAt: Date.now(),
      leases: 0,
      idleSince: null,
      idleTimer: null,
    };
    this.forward(entry);
    this.byKey.set(key, entry);
    this.byId.set(pooled.channelId, entry);
    this.options.monitor?.track(pooled);
    return ok(this.lease(entry, tlsImpliedByScheme));
  }

  get(channelId: ChannelId): PooledChannel | null {
    return this.byId.get(channelId)?.pooled ?? null;
  }

  /** Every open channel. */
  list(): PooledChannel[] {
    return [...this.byId.values()].map((entry) => entry.pooled);
  }

  /** Every open channel as the Connections table shows it, oldest first. */
  summaries(): ConnectionSummary[] {
    return [...this.byId.values()].map((entry) => ({
      channelId: entry.pooled.channelId,
      target: entry.pooled.displayTarget,
      settings: entry.summary,
      state: entry.pooled.connectivityState(),
      activeCalls: entry.leases,
      idleSince: entry.idleSince,
      closesAt: entry.idleSince === null ? null : entry.idleSince + this.idleCloseMs,
      openedAt: entry.openedAt,
    }));
  }

  /** Close one channel (its calls end with CANCELLED/UNAVAILABLE); `reason` is what its Connection tab says. False if unknown. */
  close(channelId: ChannelId, reason = 'Closed.'): boolean {
    const entry = this.byId.get(channelId);
    if (!entry) return false;
    this.forget(entry, reason);
    return true;
  }

  /**
   * Drop the channel's connection and connect again now, keeping its id (and its Connection
   * tab): for a server that came back while the channel waits out its reconnect backoff.
   * Running calls on the old connection finish or fail on it. False if unknown.
   */
  reconnect(channelId: ChannelId): boolean {
    const entry = this.byId.get(channelId);
    if (!entry) return false;
    this.replaceClient(entry);
    // Connect now (IDLE -> CONNECTING), so the user sees the result without making a call.
    entry.client.getChannel().getConnectivityState(true);
    return true;
  }

  /** Close every channel; the pool refuses new ones afterwards. */
  closeAll(): void {
    this.closed = true;
    for (const entry of [...this.byId.values()]) this.forget(entry, 'The engine stopped.');
  }

  private lease(entry: PoolEntry, tlsImpliedByScheme: boolean): ChannelLease {
    entry.leases += 1;
    entry.idleSince = null;
    if (entry.idleTimer !== null) clearTimeout(entry.idleTimer);
    entry.idleTimer = null;
    let released = false;
    return {
      channel: entry.pooled,
      channelId: entry.pooled.channelId,
      tlsImpliedByScheme,
      release: () => {
        if (released) return;
        released = true;
        this.release(entry);
      },
    };
  }

  private release(entry: PoolEntry): void {
    if (this.byId.get(entry.pooled.channelId) !== entry) return; // already closed
    entry.leases = Math.max(0, entry.leases - 1);
    if (entry.leases > 0) return;
    this.closeRetired(entry);
    entry.idleSince = Date.now();
    const minutes = this.idleCloseMs / 60_000;
    const idleFor = Number.isInteger(minutes) ? `${minutes} min` : `${this.idleCloseMs} ms`;
    entry.idleTimer = setTimeout(() => this.forget(entry, `Closed after ${idleFor} without calls; the next call opens a new connection.`), this.idleCloseMs);
    entry.idleTimer.unref();
    this.evictIdleOverCap();
  }

  private evictIdleOverCap(): void {
    const idle = [...this.byId.values()].filter((e) => e.leases === 0).sort((a, b) => (a.idleSince ?? 0) - (b.idleSince ?? 0));
    while (idle.length > this.maxIdle) {
      const oldest = idle.shift();
      if (oldest) {
        this.forget(oldest, `Closed because more than ${this.maxIdle} connections were open without calls and this one was unused the longest; the next call opens a new connection.`);
      }
    }
  }

  /**
   * A fresh grpc-js client for the entry, same id. grpc-js has no public way to reset a
   * channel's reconnect backoff (subchannel.resetBackoff() is internal, reachable only through
   * private fields), so after a failure it refuses calls until its backoff timer (1 s, growing
   * to 120 s) ends, even when the server is back. A new client has a fresh backoff and,
   * thanks to the local subchannel pool (channel-options.ts), fresh subchannels, so it
   * connects at once. The old client is closed now when the channel has no calls, else once
   * its last call ends: a running call (a stream, or one waiting for ready) is never cut off.
   */
  private replaceClient(entry: PoolEntry): void {
    let client: Client;
    try {
      client = entry.openClient();
    } catch {
      return; // Opened once with the same arguments; if grpc-js now refuses, keep the old one.
    }
    const old = entry.client;
    entry.watch.stop();
    entry.client = client;
    entry.watch = new ChannelStateWatch(client.getChannel());
    this.forward(entry);
    if (entry.leases > 0) entry.retired.push(old);
    else old.close();
    this.notify(entry, entry.watch.state);
  }

  private closeRetired(entry: PoolEntry): void {
    for (const client of entry.retired.splice(0)) client.close();
  }

  private forward(entry: PoolEntry): void {
    const watch = entry.watch;
    watch.subscribe((state) => {
      if (entry.watch === watch) this.notify(entry, state);
    });
  }

  private notify(entry: PoolEntry, state: ConnectivityState): void {
    for (const listener of [...entry.listeners]) {
      try {
        listener(state);
      } catch {
        // One listener's bug must not stop the others.
      }
    }
  }

  private forget(entry: PoolEntry, reason: string): void {
    if (this.byKey.get(entry.key) === entry) this.byKey.delete(entry.key);
    this.byId.delete(entry.pooled.channelId);
    if (entry.idleTimer !== null) clearTimeout(entry.idleTimer);
    entry.idleTimer = null;
    // Close first: the state watch sees SHUTDOWN synchronously and the monitor reports it.
    entry.client.close();
    this.closeRetired(entry);
    this.options.monitor?.untrack(entry.pooled.channelId, { at: Date.now(), reason });
    entry.watch.stop();
    entry.listeners.clear();
  }
}
