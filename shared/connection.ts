import type { HealthServingStatus } from './health';
import type { ChannelId } from './ids';
import type { ProtocolHttpVersion, WireProtocol } from './wire-protocol';

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
/** The message compressions grpc-js offers (its CompressionAlgorithms). */
export type Compression = 'identity' | 'deflate' | 'gzip';

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
  /**
   * A gRPC service config (JSON text: methodConfig with retryPolicy/hedgingPolicy, timeout,
   * retryThrottling, loadBalancingConfig), checked by shared/service-config.ts and given to the
   * channel as grpc.service_config. Absent or empty = none. Its loadBalancingConfig, when set,
   * wins over `loadBalancing`. Optional so older workspaces and files stay valid.
   */
  serviceConfig?: string;
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
  /**
   * The wire protocol of each call (shared/wire-protocol.ts): like the two above, read per call,
   * never a channel option (gRPC-Web and Connect calls do not use the grpc-js channel pool).
   * Absent = 'grpc'. Saved in a request file only when not gRPC.
   */
  protocol?: WireProtocol;
  /** The HTTP version of gRPC-Web and Connect calls; absent = '2'. Ignored for gRPC. */
  httpVersion?: ProtocolHttpVersion;
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
  /** A PING the server sent (its own keepalive, e.g. grpc.keepalive_time_ms on the server); Node acks it. */
  | { type: 'ping_received'; timeMs: number; at: number }
  /**
   * One GOAWAY frame as received. lastStreamId: the highest stream the server says it handled.
   * continuesPrevious: it came on the same connection as the channel's last GOAWAY, i.e. the
   * same shutdown (servers send a first GOAWAY with stream id 2^31-1, then the final one; see nextGoaway).
   */
  | { type: 'goaway'; timeMs: number; at: number; errorCode: number; errorName: string; debugData: string; lastStreamId: number; continuesPrevious?: boolean }
  /** A call on this channel ended because of the channel's last GOAWAY (as its status message says). */
  | { type: 'goaway_ended_call'; timeMs: number; at: number; call: GoawayEndedCall }
  /** A grpc.health.v1 status seen on this channel (Check health, or a change Watch health saw); service "" = the server. */
  | { type: 'health'; timeMs: number; at: number; service: string; status: HealthServingStatus }
  /** The workbench closed the channel (idle, too many idle channels, the user): its last event. */
  | { type: 'closed'; timeMs: number; at: number; reason: string };

/** A call a GOAWAY ended: its id and the method's full name (pkg.Service.Method). */
export interface GoawayEndedCall {
  callId: string;
  method: string;
  /** When its status came (epoch ms). */
  at: number;
}

export interface GoawayInfo {
  errorCode: number;
  errorName: string;
  debugData: string;
  /** Epoch ms. */
  at: number;
  lastStreamId: number;
  /** The calls it ended, oldest first (bounded: GOAWAY_ENDED_CALLS_KEPT). */
  endedCalls: GoawayEndedCall[];
  /** How many calls it ended in all (more than endedCalls holds when it ended many). */
  endedCallsTotal: number;
}

/** How many calls a GOAWAY's record names; GoawayInfo.endedCallsTotal counts them all. */
export const GOAWAY_ENDED_CALLS_KEPT = 20;

/**
 * The channel's last GOAWAY after this frame. A graceful shutdown sends two (RFC 9113 6.8: a
 * first with the largest stream id as a warning, then the final one) and grpc-js's server a
 * third when its grace ends; the later ones usually carry no debug data. So a frame that
 * continues the previous GOAWAY's connection updates its code and last stream id, keeps its
 * time, debug data (unless the frame has its own) and the calls it ended; another starts anew.
 */
export function nextGoaway(previous: GoawayInfo | null, frame: Extract<ConnectionEvent, { type: 'goaway' }>): GoawayInfo {
  const fresh = { errorCode: frame.errorCode, errorName: frame.errorName, lastStreamId: frame.lastStreamId };
  if (previous && frame.continuesPrevious === true) return { ...previous, ...fresh, debugData: frame.debugData || previous.debugData };
  return { ...fresh, debugData: frame.debugData, at: frame.at, endedCalls: [], endedCallsTotal: 0 };
}

export interface KeepaliveStats {
  keepaliveTimeMs: number | null;
  keepaliveTimeoutMs: number | null;
  permitWithoutCalls: boolean;
  pingsSent: number;
  pingAcks: number;
  pingTimeouts: number;
  /** PINGs the server sent (server-side keepalive). */
  pingsReceived: number;
  lastPingRttMs: number | null;
  lastGoaway: GoawayInfo | null;
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
