import type { ClientHttp2Session } from 'node:http2';
import { addSessionTapListener } from './http2-session-tap';

/**
 * Which HTTP/2 sessions have a connected socket but no HTTP/2 handshake yet.
 *
 * grpc-js creates the HTTP/2 session only once the TCP (and TLS) connection is up, and a call
 * waits until the server's SETTINGS arrive. A server that accepts TCP and never speaks HTTP/2
 * (a silent port, a TLS server reached in plaintext that waits for a ClientHello) leaves the
 * call waiting until its deadline, and grpc-js then says only "Waiting for LB pick". The
 * session tap sees both moments, so this can tell that apart from a server that is not there.
 */
export interface PendingHandshake {
  /** The server's address as grpc-js names a subchannel: "127.0.0.1:50051", "[::1]:50051". */
  address: string;
  /** When the socket was up (epoch ms). */
  connectedAt: number;
}

const pending = new Map<ClientHttp2Session, PendingHandshake>();
let installed = false;

function addressOf(session: ClientHttp2Session): string | null {
  try {
    const { remoteAddress, remotePort } = session.socket;
    if (remoteAddress === undefined || remotePort === undefined) return null; // unix sockets
    return remoteAddress.includes(':') ? `[${remoteAddress}]:${remotePort}` : `${remoteAddress}:${remotePort}`;
  } catch {
    return null;
  }
}

/** Start watching (idempotent; the watch lasts for the life of the process, like the channels). */
export function watchHandshakes(): void {
  if (installed) return;
  installed = true;
  addSessionTapListener({
    onSessionStarted: (session) => {
      const address = addressOf(session);
      if (address !== null) pending.set(session, { address, connectedAt: Date.now() });
    },
    // The tap calls this on the server's first SETTINGS frame.
    onSessionReady: (session) => pending.delete(session),
    onSessionClosed: (session) => pending.delete(session),
  });
}

/** The oldest session to one of these addresses still waiting for the server's HTTP/2 SETTINGS, if any. */
export function pendingHandshakeTo(addresses: readonly string[]): PendingHandshake | null {
  let oldest: PendingHandshake | null = null;
  for (const handshake of pending.values()) {
    if (!addresses.includes(handshake.address)) continue;
    if (oldest === null || handshake.connectedAt < oldest.connectedAt) oldest = handshake;
  }
  return oldest;
}
