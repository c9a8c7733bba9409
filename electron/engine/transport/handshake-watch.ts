import type { ClientHttp2Session } from 'node:http2';
import type { Socket } from 'node:net';
import { addSessionTapListener } from './http2-session-tap';
import { addTlsOverSocketListener } from './tls-connect-tap';

/**
 * Which connections are up at the TCP level but still wait for the server's side of a
 * handshake: TLS (no answer to the ClientHello yet) or HTTP/2 (no SETTINGS frame yet).
 *
 * grpc-js opens TLS over a connected socket, then creates the HTTP/2 session once TLS is up,
 * and a call waits until the server's SETTINGS arrive. A server that accepts TCP and never
 * speaks (a silent port, a TLS server reached in plaintext that waits for a ClientHello) leaves
 * the call waiting until its deadline, and grpc-js then says only "Waiting for LB pick". The
 * taps (tls-connect-tap.ts, http2-session-tap.ts) see each step start and finish, so this can
 * tell that apart from a server that is not there.
 */
export interface PendingHandshake {
  /** The handshake the server never finished. */
  stage: 'tls' | 'http2';
  /** The server's address as grpc-js names a subchannel: "127.0.0.1:50051", "[::1]:50051". */
  address: string;
  /** When the socket was up (epoch ms). */
  connectedAt: number;
}

const pending = new Map<ClientHttp2Session | Socket, PendingHandshake>();
let installed = false;

function addressOf(socket: Socket): string | null {
  try {
    const { remoteAddress, remotePort } = socket;
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
      const address = addressOf(session.socket);
      if (address !== null) pending.set(session, { stage: 'http2', address, connectedAt: Date.now() });
    },
    // The tap calls this on the server's first SETTINGS frame.
    onSessionReady: (session) => pending.delete(session),
    onSessionClosed: (session) => pending.delete(session),
  });
  addTlsOverSocketListener((tcp, tlsSocket) => {
    const address = addressOf(tcp);
    if (address === null) return;
    pending.set(tlsSocket, { stage: 'tls', address, connectedAt: Date.now() });
    const settle = (): void => {
      pending.delete(tlsSocket);
    };
    tlsSocket.once('secureConnect', settle);
    tlsSocket.once('close', settle);
  });
}

/** The oldest connection to one of these addresses still waiting for the server's side of a handshake, if any. */
export function pendingHandshakeTo(addresses: readonly string[]): PendingHandshake | null {
  let oldest: PendingHandshake | null = null;
  for (const handshake of pending.values()) {
    if (!addresses.includes(handshake.address)) continue;
    if (oldest === null || handshake.connectedAt < oldest.connectedAt) oldest = handshake;
  }
  return oldest;
}
