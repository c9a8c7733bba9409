import { TLS_FIELD_LABELS, type SecurityDescription } from './credentials';
import { nameNotResolved, type NameResolution } from './name-resolution';

/**
 * grpc-js reports a failed connection as UNAVAILABLE with details like
 * "No connection established. Last error: Error: unable to verify the first certificate.
 * Resolution note: ". True, but it does not tell the user which setting to change. This turns
 * the known failures into a sentence that does, keeping grpc-js's words at the end.
 */
export interface FailureContext {
  /** The target as shown to the user (host:port, unix:///path). */
  target: string;
  security: SecurityDescription;
  /** The host name the target resolves, when it is one (not an IP address or a socket): says why it failed. */
  resolution?: NameResolution | null;
}

const CA = `'${TLS_FIELD_LABELS.caPath}'`;
const CERT = `'${TLS_FIELD_LABELS.certPath}'`;
const KEY = `'${TLS_FIELD_LABELS.keyPath}'`;
const NAME = `'${TLS_FIELD_LABELS.serverNameOverride}'`;
const SKIP = "'Skip certificate verification'";

/** grpc-js's text without its boilerplate: "No connection established. Last error: " and an empty resolution note. */
export function cleanGrpcDetails(details: string): string {
  return details
    .replace(/^No connection established\. Last error: /, '')
    .replace(/\s*\(\d{4}-\d\d-\d\dT[\d:.]+Z\)/g, '')
    .replace(/\.?\s*Resolution note:\s*$/, '')
    .replace(/^Error(?: \[[A-Z_0-9]+\])?: /, '')
    .replace(/[0-9A-F]{8,}:error:[0-9A-F]+:SSL routines:[a-z0-9_]+:([^:]+):\S+:\d+:(\s*SSL alert number \d+)?/g, (_m, what: string) => `SSL: ${what}`)
    .replace(/\s+/g, ' ')
    .trim();
}

function untrusted(ctx: FailureContext): string {
  const { caPath } = ctx.security;
  return caPath !== ''
    ? `TLS handshake failed: the server's certificate is not signed by the CA in ${CA} (${caPath}). Choose the CA file that issued the server's certificate, or turn on ${SKIP} for a test server.`
    : `TLS handshake failed: the server's certificate is not signed by a CA in the system trust store (it may be self-signed or from a private CA). Set ${CA} to the CA that issued it, or turn on ${SKIP} for a test server.`;
}

function wrongName(ctx: FailureContext, raw: string): string {
  const { serverName, serverNameOverridden } = ctx.security;
  // Node: "Host: a.example. is not in the cert's altnames: DNS:b.example" (or "... cert's list: ." when it has none of that kind).
  const names = /is not in the cert's (?:altnames|list): ?(.*?)\.?$/i.exec(raw)?.[1]?.trim();
  const has = names ? ` (the certificate is for ${names})` : '';
  return serverNameOverridden
    ? `TLS handshake failed: the server's certificate is not valid for "${serverName}", the name in ${NAME}${has}. Put a name from the certificate in ${NAME}.`
    : `TLS handshake failed: the server's certificate is not valid for "${serverName ?? ctx.target}"${has}. Connect using a name in the certificate, or set ${NAME} to one of them.`;
}

function clientCertificateProblem(ctx: FailureContext): string {
  const { certPath } = ctx.security;
  return certPath === ''
    ? `The server requires a client certificate (mTLS) and none is set. Set ${CERT} and ${KEY}.`
    : `The server rejected the client certificate in ${CERT} (${certPath}): it is not signed by a CA the server trusts, or is not valid for client authentication. Use a client certificate issued by the server's client CA.`;
}

/** What a server that takes the connection but never speaks HTTP/2 may be, and what to do. */
export const HANDSHAKE_HINT =
  'Is it a TLS server? Then turn TLS on (or use https://). Is it an HTTP/1 server (a web server or REST API)? gRPC needs HTTP/2 on that port. Check the address and port.';

/** The start of every "the connection is up but HTTP/2 never started" explanation. */
export function handshakeNeverCompleted(target: string, connection: 'tcp' | 'tls'): string {
  return connection === 'tcp'
    ? `The server at ${target} accepted the TCP connection but never completed the HTTP/2 handshake`
    : `The server at ${target} accepted the TCP connection and the TLS handshake but never completed the HTTP/2 handshake`;
}

/**
 * grpc-js's "Connection dropped": the HTTP/2 session under a running call closed without a
 * GOAWAY or a status, which is what a server process that exits or is killed looks like.
 */
export function connectionLostMidCall(target: string): string {
  return `The connection to ${target} was lost while the call was running: the server closed it or stopped. The messages received so far are kept. Check that the server is running, then try again.`;
}

/** A user-facing explanation for a connection failure, or null when the details are not one we recognise. */
export function explainConnectionFailure(details: string, ctx: FailureContext): string | null {
  const raw = cleanGrpcDetails(details);
  const tls = ctx.security.tls;
  const says = (pattern: RegExp): boolean => pattern.test(details);
  let explanation: string | null = null;

  if (says(/ECONNREFUSED/)) {
    explanation = `Could not connect to ${ctx.target}: the connection was refused. Check that the server is running and listening on that address and port.`;
  } else if (says(/ENOTFOUND|EAI_AGAIN|Name resolution failed/) && ctx.resolution) {
    explanation = `${nameNotResolved(ctx.resolution.host, ctx.resolution.failure())}. Check the spelling of the address and your network or DNS settings.`;
  } else if (says(/ENOTFOUND|EAI_AGAIN|Name resolution failed/)) {
    explanation = `Could not resolve the host name of ${ctx.target}. Check the spelling of the address and your network or DNS settings.`;
  } else if (says(/ETIMEDOUT|EHOSTUNREACH|ENETUNREACH/)) {
    explanation = `Could not reach ${ctx.target}: the network did not answer. Check the address, VPN and firewall.`;
  } else if (says(/connect ENOENT|ENOTSOCK/)) {
    explanation = `There is no server socket at ${ctx.target}. Check the path and that the server is running.`;
  } else if (tls && says(/wrong version number|packet length too long|unknown protocol|http request|record layer failure/i)) {
    explanation = `TLS handshake failed: the server at ${ctx.target} answered in plaintext, not TLS. Turn TLS off for this connection.`;
  } else if (tls && says(/ERR_TLS_CERT_ALTNAME_INVALID|does not match certificate's altnames/)) {
    explanation = wrongName(ctx, raw);
  } else if (tls && says(/certificate has expired|CERT_HAS_EXPIRED/)) {
    explanation = `TLS handshake failed: the server's certificate has expired. Renew it on the server, or turn on ${SKIP} for a test server.`;
  } else if (tls && says(/not yet valid|CERT_NOT_YET_VALID/)) {
    explanation = `TLS handshake failed: the server's certificate is not valid yet (check the clocks), or turn on ${SKIP} for a test server.`;
  } else if (tls && says(/unable to verify the first certificate|unable to get (?:local )?issuer certificate|self[- ]signed certificate|certificate signature failure|UNABLE_TO_VERIFY_LEAF_SIGNATURE/i)) {
    explanation = untrusted(ctx);
  } else if (tls && says(/certificate required|alert number 116/i)) {
    explanation = clientCertificateProblem({ ...ctx, security: { ...ctx.security, certPath: '' } });
  } else if (tls && says(/unknown ca|bad certificate|certificate unknown|alert number (?:42|46|48)|handshake failure/i)) {
    explanation = ctx.security.certPath !== '' ? clientCertificateProblem(ctx) : `TLS handshake failed: the server refused the handshake. If it requires a client certificate (mTLS), set ${CERT} and ${KEY}.`;
  } else if (!tls && says(/Protocol error|ERR_HTTP2_ERROR/i)) {
    // nghttp2 read the server's first bytes as HTTP/2 frames and they were not: an HTTP/1 answer, a TLS alert, anything else.
    explanation = `${handshakeNeverCompleted(ctx.target, 'tcp')}: it answered with something that is not HTTP/2. ${HANDSHAKE_HINT}`;
  } else if (!tls && says(/Failed to connect|before starting HTTP\/2 handshake|ECONNRESET|socket hang up/i)) {
    explanation = `The server at ${ctx.target} closed the connection before the HTTP/2 handshake finished. If the server uses TLS, turn TLS on (or use https://).`;
  } else if (tls && says(/Failed to connect|before secure TLS connection|ECONNRESET|socket hang up/i)) {
    explanation = ctx.security.certPath !== ''
      ? `The server at ${ctx.target} closed the connection during the TLS handshake. It may not trust the client certificate in ${CERT} (${ctx.security.certPath}), or may not speak TLS on this port.`
      : `The server at ${ctx.target} closed the connection during the TLS handshake. It may require a client certificate (set ${CERT} and ${KEY}), or may not speak TLS on this port.`;
  }
  return explanation === null ? null : `${explanation} (grpc-js: ${raw})`;
}
