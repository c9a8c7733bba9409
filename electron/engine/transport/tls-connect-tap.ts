import type { Socket } from 'node:net';
import tls, { type TLSSocket } from 'node:tls';

/**
 * Sees every TLS connection made over an already connected socket. grpc-js opens TLS that way:
 * its secure connector calls `tls.connect({ socket, ... })` on the module object (channel-
 * credentials.js, `(0, tls_1.connect)(...)`) once the TCP connection is up, so a wrapper on
 * that module object sees the moment TCP is done and TLS begins. Like http2-session-tap.ts, the
 * contract with grpc-js is one public Node API, checked by the tests against real servers.
 */
export type TlsOverSocketListener = (tcp: Socket, tlsSocket: TLSSocket) => void;

type ConnectFn = typeof tls.connect;
const TAP_MARK = Symbol.for('grpc-workbench.tls-connect-tap');
type TappedConnect = ConnectFn & { [TAP_MARK]?: Set<TlsOverSocketListener> };

function install(): Set<TlsOverSocketListener> {
  const current = tls.connect as TappedConnect;
  const existing = current[TAP_MARK];
  if (existing) return existing;
  const listeners = new Set<TlsOverSocketListener>();
  const original = current;
  const tapped = function tappedConnect(this: unknown, ...args: unknown[]): TLSSocket {
    const tlsSocket = (original as (...a: unknown[]) => TLSSocket).apply(this, args);
    const options = args.find((a): a is { socket?: unknown } => typeof a === 'object' && a !== null);
    const tcp = options?.socket;
    if (tcp && typeof tcp === 'object' && 'remoteAddress' in tcp) {
      for (const listener of listeners) {
        try {
          listener(tcp as Socket, tlsSocket);
        } catch {
          // An observer must never break the connection it observes.
        }
      }
    }
    return tlsSocket;
  } as TappedConnect;
  tapped[TAP_MARK] = listeners;
  tls.connect = tapped;
  return listeners;
}

/** Observe TLS connections over connected sockets from now on, for the life of the process. */
export function addTlsOverSocketListener(listener: TlsOverSocketListener): void {
  install().add(listener);
}
