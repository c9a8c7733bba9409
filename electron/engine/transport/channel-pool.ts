import { Client, type ChannelOptions } from '@grpc/grpc-js';
import type { ConnectionSettings, ConnectivityState, KeepaliveSettings } from '../../../shared/connection';
import { asChannelId, type ChannelId } from '../../../shared/ids';
import { err, ok, type Result } from '../../../shared/result';
import { buildChannelOptions } from './channel-options';
import { ChannelStateWatch } from './channel-state-watch';
import { explainCallEnd, type CallEnd, type ChannelFacts } from './call-failure';
import { listChannelSubchannelAddresses } from './channelz-sockets';
import type { ConnectionMonitor } from './connection-monitor';
import { pendingHandshakeTo, watchHandshakes } from './handshake-watch';
import { createChannelCredentials, loadSecurityMaterial, type SecurityDescription } from './credentials';
import { parseTarget, type ParsedTarget } from './target';

/** A grpc-js client (and its channel) shared by every call with the same target, security and options. */
export interface PooledChannel {
  channelId: ChannelId;
  client: Client;
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
  /** The gRPC method path to call, with the target's path prefix (https://host/prefix) in front. */
  methodPath(path: string): string;
}

/** What acquire hands out: the shared channel, plus what this request's settings implied. */
export interface ChannelLease {
  channel: PooledChannel;
  channelId: ChannelId;
  /** True when TLS is on only because the target was an https:// URL (tell the user). */
  tlsImpliedByScheme: boolean;
}

export interface ChannelPoolOptions {
  /** Told about every channel the pool opens and closes. */
  monitor?: ConnectionMonitor;
}

interface PoolEntry {
  key: string;
  pooled: PooledChannel;
  watch: ChannelStateWatch;
}

function sortedOptions(options: ChannelOptions): [string, unknown][] {
  return Object.entries(options).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export class ChannelPool {
  private readonly byKey = new Map<string, PoolEntry>();
  private readonly byId = new Map<ChannelId, PoolEntry>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: ChannelPoolOptions = {}) {
    watchHandshakes();
  }

  /**
   * The channel for these settings: an open one when target, credentials (by file contents)
   * and options are equal, else a new one. Errors: BAD_TARGET, TLS, INVALID_REQUEST.
   */
  acquire(settings: ConnectionSettings): Result<ChannelLease> {
    if (this.closed) return err('INTERNAL', 'The connection pool has been shut down; the engine is stopping.');
    const target = parseTarget(settings.target);
    if (!target.ok) return target;
    const useTls = settings.tls.enabled || target.value.tlsFromScheme === true;
    const lease = (channel: PooledChannel): Result<ChannelLease> =>
      ok({ channel, channelId: channel.channelId, tlsImpliedByScheme: useTls && !settings.tls.enabled });
    const material = loadSecurityMaterial(settings.tls, useTls, target.value.host);
    if (!material.ok) return material;
    const channelOptions = buildChannelOptions(settings);
    if (!channelOptions.ok) return channelOptions;
    const options: ChannelOptions = { ...channelOptions.value, ...material.value.options };
    const key = JSON.stringify([target.value.uri, target.value.pathPrefix, material.value.fingerprint, sortedOptions(options)]);

    const existing = this.byKey.get(key);
    if (existing && existing.pooled.connectivityState() !== 'SHUTDOWN') return lease(existing.pooled);
    if (existing) this.forget(existing);

    const credentials = createChannelCredentials(material.value);
    if (!credentials.ok) return credentials;
    let client: Client;
    try {
      client = new Client(target.value.uri, credentials.value, options);
    } catch (e) {
      return err('BAD_TARGET', `grpc-js could not open a channel to "${settings.target}": ${(e as Error).message}`, { target: settings.target });
    }

    const watch = new ChannelStateWatch(client.getChannel());
    const parsed = target.value;
    const security = material.value.description;
    const channelId = asChannelId(`ch-${this.nextId++}`);
    const facts: ChannelFacts = {
      target: parsed.display,
      security,
      keepaliveTimeMs: settings.keepalive.timeMs,
      lastGoaway: () => {
        const snapshot = this.options.monitor?.snapshot(channelId);
        return snapshot?.ok ? snapshot.value.keepalive.lastGoaway : null;
      },
      pendingHandshake: () => pendingHandshakeTo(listChannelSubchannelAddresses(client.getChannel().getChannelzRef().id)),
      isReady: () => watch.state === 'READY',
    };
    const pooled: PooledChannel = {
      channelId,
      client,
      target: parsed,
      displayTarget: parsed.display,
      security,
      keepalive: { ...settings.keepalive },
      connectivityState: () => watch.state,
      onStateChange: (listener) => watch.subscribe(listener),
      explainEnd: (end) => explainCallEnd(end, facts),
      methodPath: (path) => `${parsed.pathPrefix}${path}`,
    };
    const entry: PoolEntry = { key, pooled, watch };
    this.byKey.set(key, entry);
    this.byId.set(pooled.channelId, entry);
    this.options.monitor?.track(pooled);
    return lease(pooled);
  }

  get(channelId: ChannelId): PooledChannel | null {
    return this.byId.get(channelId)?.pooled ?? null;
  }

  /** Every open channel. */
  list(): PooledChannel[] {
    return [...this.byId.values()].map((entry) => entry.pooled);
  }

  /** Close one channel (its calls end with CANCELLED/UNAVAILABLE). False if unknown. */
  close(channelId: ChannelId): boolean {
    const entry = this.byId.get(channelId);
    if (!entry) return false;
    this.forget(entry);
    return true;
  }

  /** Close every channel; the pool refuses new ones afterwards. */
  closeAll(): void {
    this.closed = true;
    for (const entry of [...this.byId.values()]) this.forget(entry);
  }

  private forget(entry: PoolEntry): void {
    this.byKey.delete(entry.key);
    this.byId.delete(entry.pooled.channelId);
    // Close first: the state watch sees SHUTDOWN synchronously and the monitor reports it.
    entry.pooled.client.close();
    this.options.monitor?.untrack(entry.pooled.channelId);
    entry.watch.stop();
  }
}
