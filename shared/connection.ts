import type { HealthServingStatus } from './health';
import type { ChannelId } from './ids';

export interface TlsSettings {
  enabled: boolean;
  /** Path to a PEM CA bundle; empty = the system roots. */
  caPath: string;
  /** Paths to a PEM client certificate and key (mTLS); both empty = no client certificate. */
  certPath: string;
  keyPath: string;
  /** TLS server name (SNI and certificate check) and :authority override; empty = from the target. */
  serverNameOverride: string;
  /** Trust any server certificate, like grpcurl -insecure. */
  skipVerify: boolean;
}

export interface KeepaliveSettings {
  /** grpc.keepalive_time_ms; null = keepalive off. */
  timeMs: number | null;
  /** grpc.keepalive_timeout_ms; null = grpc-js default (20 s). */
  timeoutMs: number | null;
  /** grpc.keepalive_permit_without_calls */
  permitWithoutCalls: boolean;
}

export type LoadBalancing = 'pick_first' | 'round_robin';
export type Compression = 'identity' | 'gzip';

export interface ConnectionSettings {
  /** host:port, dns:///host:port, ipv4:a:p,b:p, ipv6:[::1]:p, unix:///path */
  target: string;
  tls: TlsSettings;
  keepalive: KeepaliveSettings;
  /** grpc.max_receive_message_length; null = the workbench default (64 MiB), -1 = unlimited. */
  maxReceiveBytes: number | null;
  /** grpc.max_send_message_length; null = unlimited. */
  maxSendBytes: number | null;
  loadBalancing: LoadBalancing;
  compression: Compression;
  /** Extra user-agent prefix; empty = "grpc-workbench/<version>". */
  userAgent: string;
  /*
   * The two below are options of each call, not of the channel: they are kept here because the
   * user sets them in Connection settings and a saved request carries them with the connection,
   * but the engine reads them per call (call-registry.ts) and they never reach the channel's
   * options, so the channel key (channel-pool.ts) ignores them and calls with and without them
   * share one channel. Optional: absent = false, so older workspaces and files stay valid.
   */
  /** grpc-js waitForReady: a call started while the channel is not READY waits for it instead of failing fast with UNAVAILABLE. */
  waitForReady?: boolean;
  /** Send a W3C traceparent header with a new trace id per call (unless the metadata has one). */
  sendTraceContext?: boolean;
}

export const DEFAULT_MAX_RECEIVE_BYTES = 64 * 1024 * 1024;

export function defaultConnectionSettings(target = ''): ConnectionSettings {
  return {
    target,
    tls: { enabled: false, caPath: '', certPath: '', keyPath: '', serverNameOverride: '', skipVerify: false },
    keepalive: { timeMs: null, timeoutMs: null, permitWithoutCalls: false },
    maxReceiveBytes: null,
    maxSendBytes: null,
    loadBalancing: 'pick_first',
    compression: 'identity',
    userAgent: '',
  };
}

export type ConnectivityState = 'IDLE' | 'CONNECTING' | 'READY' | 'TRANSIENT_FAILURE' | 'SHUTDOWN';

/** What the connection monitor reports about one channel; each carries ms since the monitor started (timeMs) and wall-clock time (at, epoch ms). */
export type ConnectionEvent =
  | { type: 'state'; timeMs: number; at: number; state: ConnectivityState }
  | { type: 'keepalive_config'; timeMs: number; at: number; keepaliveTimeMs: number | null; keepaliveTimeoutMs: number | null; permitWithoutCalls: boolean }
  | { type: 'ping_sent'; timeMs: number; at: number }
  | { type: 'ping_ack'; timeMs: number; at: number; rttMs: number }
  | { type: 'ping_timeout'; timeMs: number; at: number }
  | { type: 'goaway'; timeMs: number; at: number; errorCode: number; errorName: string; debugData: string }
  /** A grpc.health.v1 status seen on this channel (Check health, or a change Watch health saw); service "" = the server. */
  | { type: 'health'; timeMs: number; at: number; service: string; status: HealthServingStatus }
  /** The workbench closed the channel (idle, too many idle channels, the user): its last event. */
  | { type: 'closed'; timeMs: number; at: number; reason: string };

export interface KeepaliveStats {
  keepaliveTimeMs: number | null;
  keepaliveTimeoutMs: number | null;
  permitWithoutCalls: boolean;
  pingsSent: number;
  pingAcks: number;
  pingTimeouts: number;
  lastPingRttMs: number | null;
  lastGoaway: { errorCode: number; errorName: string; debugData: string; at: number } | null;
}

export interface ConnectionSnapshot {
  channelId: ChannelId;
  target: string;
  state: ConnectivityState;
  keepalive: KeepaliveStats;
  /** The most recent events, oldest first (bounded). */
  recentEvents: ConnectionEvent[];
  /** Set once the workbench has closed the channel: when and why (a later call opens a new one). */
  closed?: ChannelClosure | null;
  /** Every address the target resolved to, with the state of its subchannel (grpc-js channelz); empty before resolution. */
  resolvedAddresses?: ResolvedAddress[];
  /** How many calls each backend served on this channel (by the call's peer), most first. */
  callsPerPeer?: PeerCallCount[];
  /** The target's host name did not resolve: which name and why ("The name x could not be resolved: ..."); null otherwise. */
  resolutionFailure?: string | null;
}

/** One address a channel's target resolved to, and its subchannel's connectivity. */
export interface ResolvedAddress {
  /** "127.0.0.1:50051", "[::1]:50051" */
  address: string;
  /** null: the channel keeps no subchannel for it now (pick_first keeps only the one it connected to). */
  state: ConnectivityState | null;
}

export interface PeerCallCount {
  /** The peer grpc-js reported for the calls ("127.0.0.1:50051"). */
  peer: string;
  calls: number;
}

export interface ChannelClosure {
  /** Epoch ms. */
  at: number;
  reason: string;
}

/** One open channel, as connections:list shows it. */
export interface ConnectionSummary {
  channelId: ChannelId;
  /** The target as the user sees it. */
  target: string;
  /** The settings that make this channel different from others to the same target (TLS, keepalive, ...). */
  settings: string;
  state: ConnectivityState;
  /** Calls (and reflection requests) using the channel now. */
  activeCalls: number;
  /** Epoch ms since the channel has had no calls; null while it has some. */
  idleSince: number | null;
  /** When idle, the epoch ms at which the workbench closes it; null while it has calls. */
  closesAt: number | null;
  /** Epoch ms. */
  openedAt: number;
}
