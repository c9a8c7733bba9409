import { status as GrpcStatus, type Metadata } from '@grpc/grpc-js';
import type { KeepaliveStats } from '../../../shared/connection';
import { cleanGrpcDetails, connectionLostMidCall, explainConnectionFailure, HANDSHAKE_HINT, handshakeNeverCompleted, type FailureContext } from './connection-failure';
import type { PendingHandshake } from './handshake-watch';
import { explainDeadline, explainMessageSize, type MessageLimits } from './limit-failure';
import { describeNonGrpcResponse, nonGrpcResponse } from './non-grpc-response';

/**
 * The one place that turns how a call (or a reflection stream) ended into words a user can act
 * on. grpc-js reports what it saw from inside: "Received message larger than max", "Waiting for
 * LB pick", "Bandwidth exhausted or memory limit exceeded". Those are true and say nothing about
 * which setting to change. What they mean is known from facts outside the call: the response
 * headers, the connection's HTTP/2 handshake, a GOAWAY the server sent. Calls and reflection both
 * come here, so the same failure reads the same everywhere.
 */
export interface CallEnd {
  code: number;
  details: string;
  /** The response headers, when the server sent any before the status. */
  headers: Metadata | null;
  trailers: Metadata;
  /** When the call started (epoch ms). */
  startedAt: number;
  /**
   * True when this side cancelled the call (the user, or the engine for a page that is gone).
   * A CANCELLED nobody here asked for is the server's reset, e.g. grpc-js's forceShutdown
   * after a GOAWAY, and is explained like any other end the connection caused.
   */
  cancelledHere?: boolean;
  /** The call's deadline (ms); null = none; absent when the caller does not say (reflection). */
  deadlineMs?: number | null;
  /** Which call this is, for the channel's record of the calls a GOAWAY ended; absent for reflection and health. */
  call?: { callId: string; method: string };
}

/** What the channel knows about its connection beyond one call. */
export interface ChannelFacts extends FailureContext {
  /** The user's keepalive time (ms); null = keepalive off. */
  keepaliveTimeMs: number | null;
  /** The last GOAWAY the server sent on this channel, if known. */
  lastGoaway(): KeepaliveStats['lastGoaway'];
  /** A connection of this channel that is up but still waits for the server's TLS answer or HTTP/2 SETTINGS. */
  pendingHandshake(): PendingHandshake | null;
  /** False while the channel has no working connection. */
  isReady(): boolean;
  /** The message size limits the channel was made with; absent = not known (a server's limit is then assumed). */
  messageLimits?: MessageLimits;
}

/**
 * Did the connection end this call, rather than the server's code? UNAVAILABLE is the
 * connection's code; other codes only with grpc-js's words for a reset or dropped stream
 * (an ENHANCE_YOUR_CALM reset reads "Bandwidth exhausted ..."), so a server's own
 * RESOURCE_EXHAUSTED or INTERNAL keeps its message even if a GOAWAY came at the same time.
 */
function endedByConnection(end: CallEnd): boolean {
  if (end.code === GrpcStatus.UNAVAILABLE) return true;
  if (end.code === GrpcStatus.CANCELLED) return end.cancelledHere !== true;
  const byTransport = /^(?:Bandwidth exhausted or memory limit exceeded|Received RST_STREAM with code \d+|Connection dropped)/.test(end.details);
  return byTransport && (end.code === GrpcStatus.RESOURCE_EXHAUSTED || end.code === GrpcStatus.INTERNAL || end.code === GrpcStatus.UNKNOWN);
}

function withGrpcText(explanation: string, details: string): string {
  return `${explanation} (grpc-js: ${cleanGrpcDetails(details)})`;
}

/**
 * The GOAWAY that ended this call, or null: one the server sent after the call started, and
 * the call ended the way a closed connection ends a call. The status wording below and the
 * Connection tab's list of calls a GOAWAY ended (channel-pool.ts) both ask this, so they agree.
 */
export function goawayThatEnded(end: CallEnd, facts: Pick<ChannelFacts, 'lastGoaway'>): NonNullable<KeepaliveStats['lastGoaway']> | null {
  if (end.code === GrpcStatus.OK) return null;
  const goaway = facts.lastGoaway();
  if (goaway === null || goaway.at < end.startedAt || !endedByConnection(end)) return null;
  return goaway;
}

function goawayExplanation(end: CallEnd, facts: ChannelFacts): string | null {
  const goaway = goawayThatEnded(end, facts);
  if (goaway === null) return null;
  if (goaway.errorName === 'ENHANCE_YOUR_CALM' && goaway.debugData === 'too_many_pings') {
    const yours = facts.keepaliveTimeMs === null ? '' : ` (${facts.keepaliveTimeMs} ms)`;
    return `The call ended because the server closed the connection with GOAWAY ENHANCE_YOUR_CALM (too_many_pings): your keepalive time${yours} is shorter than the server allows. Raise 'Keepalive time (ms)' in the connection settings (servers commonly allow one ping per 5 minutes without data) or clear it to turn keepalive off.`;
  }
  const data = goaway.debugData === '' ? '' : ` (${goaway.debugData})`;
  return goaway.errorName === 'NO_ERROR'
    ? `The call ended because the server closed the connection with GOAWAY NO_ERROR${data}: it is shutting down, restarting or recycling connections. Try again.`
    : `The call ended because the server closed the connection with GOAWAY ${goaway.errorName}${data}.`;
}

/**
 * grpc-js has no connect timeout: a call to a server that never answers the HTTP/2 preface
 * waits until its deadline ("Waiting for LB pick") or until the user cancels it.
 */
function handshakeExplanation(end: CallEnd, facts: ChannelFacts): string | null {
  if ((end.code !== GrpcStatus.DEADLINE_EXCEEDED && end.code !== GrpcStatus.CANCELLED) || facts.isReady()) return null;
  const pending = facts.pendingHandshake();
  if (pending === null) return null;
  const seconds = Math.max(0, (Date.now() - pending.connectedAt) / 1000).toFixed(1);
  return pending.stage === 'tls'
    ? `The server at ${facts.target} accepted the TCP connection but never answered the TLS handshake (no reply to the TLS ClientHello in ${seconds} s). A TLS or gRPC server answers at once: check the address and port.`
    : `${handshakeNeverCompleted(facts.target, facts.security.tls ? 'tls' : 'tcp')} (no HTTP/2 SETTINGS from it in ${seconds} s). ${HANDSHAKE_HINT}`;
}

/** A user-facing explanation of how the call ended, or null to show grpc-js's details as they are. */
export function explainCallEnd(end: CallEnd, facts: ChannelFacts): string | null {
  if (end.code === GrpcStatus.OK) return null;
  const handshake = handshakeExplanation(end, facts);
  if (handshake !== null) return withGrpcText(handshake, end.details);
  if (end.code === GrpcStatus.CANCELLED && end.cancelledHere === true) return null;
  const notGrpc = nonGrpcResponse(end);
  if (notGrpc !== null) return withGrpcText(describeNonGrpcResponse(facts.target, notGrpc), end.details);
  const goaway = goawayExplanation(end, facts);
  if (goaway !== null) return withGrpcText(goaway, end.details);
  const limitEnd = { code: end.code, details: end.details, headersReceived: end.headers !== null, deadlineMs: end.deadlineMs };
  const limit = explainDeadline(limitEnd, facts.target) ?? explainMessageSize(limitEnd, facts.messageLimits);
  if (limit !== null) return withGrpcText(limit, end.details);
  if (/^Connection dropped/.test(end.details) && endedByConnection(end)) return withGrpcText(connectionLostMidCall(facts.target), end.details);
  return end.code === GrpcStatus.UNAVAILABLE ? explainConnectionFailure(end.details, facts) : null;
}
