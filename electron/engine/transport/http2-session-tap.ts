import http2 from 'node:http2';
import type { ClientHttp2Session } from 'node:http2';

/**
 * Observes every client HTTP/2 session in this process: keepalive pings (sent, acked with
 * RTT, failed), GOAWAY frames and the session's life.
 *
 * grpc-js has no public API for pings or GOAWAY. It does call `http2.connect(...)` on the
 * shared `http2` module object each time a subchannel connects (transport.js:
 * `const session = http2.connect(...)`), and sends keepalives with `session.ping(cb)`. So we
 * replace `connect` on that module object with a wrapper that instruments each new session:
 *  - `ping` is wrapped on the instance: Node hands the callback the measured RTT (`duration`).
 *  - `emit` is wrapped on the instance, not listened to: grpc-js calls
 *    `session.removeAllListeners()` once the session is up, which would drop our listeners,
 *    and an emit wrapper sees 'goaway' before grpc-js's own handler tears the transport down.
 *  - PINGs the server sends: Node calls into JS for a received PING (and emits 'ping' with its
 *    payload) only while the session has a 'ping' listener (core.js kSessionHasPingListeners,
 *    kept by its 'newListener'/'removeListener' hooks). grpc-js's removeAllListeners() would
 *    remove ours and with it that flag, so `removeAllListeners` is wrapped on the instance to
 *    keep our one no-op listener; everything else is removed as before.
 * Why not grpc-js's tracers (GRPC_TRACE=keepalive)? They are free text that changes between
 * releases and must be enabled process-wide before grpc-js loads. Channelz counts pings
 * (keepAlivesSent) but has no RTT, ack or GOAWAY. The tap's contract with grpc-js is two
 * public Node APIs (http2.connect, session.ping) and is checked by the tests against real servers.
 */
export interface SessionTapListener {
  /**
   * grpc-js created the session: its socket is connected (TCP, and TLS when on), and the
   * HTTP/2 handshake (the server's SETTINGS) has not happened yet.
   */
  onSessionStarted?(session: ClientHttp2Session): void;
  /** The session finished its HTTP/2 handshake and grpc-js has wrapped it in a transport. */
  onSessionReady?(session: ClientHttp2Session): void;
  onPingSent?(session: ClientHttp2Session): void;
  onPingAck?(session: ClientHttp2Session, rttMs: number): void;
  onPingFailed?(session: ClientHttp2Session, error: Error): void;
  /** The server sent a PING (not an ack of ours): its keepalive. */
  onPingReceived?(session: ClientHttp2Session): void;
  onGoaway?(session: ClientHttp2Session, errorCode: number, lastStreamId: number, debugData: Buffer | undefined): void;
  onSessionClosed?(session: ClientHttp2Session): void;
}

type ConnectFn = typeof http2.connect;
type PingCallback = (error: Error | null, duration: number, payload: Buffer) => void;
type PingFn = (...args: unknown[]) => boolean;
type EmitFn = (event: string | symbol, ...args: unknown[]) => boolean;
type RemoveAllFn = (event?: string | symbol) => unknown;

/** Our 'ping' listener: it does nothing itself, its presence makes Node report received PINGs (see above). */
function keepPingsReported(): void {}

/** Keeps keepPingsReported through grpc-js's session.removeAllListeners(), which otherwise behaves as Node's. */
function keepPingListener(session: ClientHttp2Session): void {
  const target = session as unknown as { removeAllListeners: RemoveAllFn };
  const original = target.removeAllListeners;
  const removeOtherPingListeners = () => {
    for (const listener of session.listeners('ping')) if (listener !== keepPingsReported) session.removeListener('ping', listener as () => void);
  };
  target.removeAllListeners = function tappedRemoveAll(this: unknown, ...args: [event?: string | symbol]): unknown {
    if (args.length > 0) {
      if (args[0] !== 'ping') return original.apply(this, args);
      removeOtherPingListeners();
      return this;
    }
    // Node's order: every event but 'removeListener', then 'removeListener' itself.
    for (const name of session.eventNames()) if (name !== 'removeListener' && name !== 'ping') original.call(this, name);
    removeOtherPingListeners();
    original.call(this, 'removeListener');
    return this;
  };
  session.on('ping', keepPingsReported);
}

/** Marks our wrapper on the module object so a second copy of this file never wraps twice. */
const TAP_MARK = Symbol.for('grpc-workbench.http2-session-tap');

interface TapState {
  original: ConnectFn;
  listeners: Set<SessionTapListener>;
}

type TappedConnect = ConnectFn & { [TAP_MARK]?: TapState };

function notify(state: TapState, call: (listener: SessionTapListener) => void): void {
  for (const listener of state.listeners) {
    try {
      call(listener);
    } catch {
      // An observer must never break the connection it observes.
    }
  }
}

function instrument(state: TapState, session: ClientHttp2Session): void {
  const target = session as unknown as { ping: PingFn; emit: EmitFn };
  const originalPing = target.ping;
  target.ping = function tappedPing(this: unknown, ...args: unknown[]): boolean {
    const callbackIndex = args.findIndex((a) => typeof a === 'function');
    if (callbackIndex >= 0) {
      const callback = args[callbackIndex] as PingCallback;
      args[callbackIndex] = (error: Error | null, duration: number, payload: Buffer) => {
        if (error) notify(state, (l) => l.onPingFailed?.(session, error));
        else notify(state, (l) => l.onPingAck?.(session, duration));
        callback(error, duration, payload);
      };
    }
    const sent = originalPing.apply(this, args);
    if (sent) notify(state, (l) => l.onPingSent?.(session));
    return sent;
  };

  const originalEmit = target.emit;
  let ready = false;
  target.emit = function tappedEmit(this: unknown, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'ping') {
      notify(state, (l) => l.onPingReceived?.(session));
    } else if (event === 'goaway') {
      const [code, lastStreamId, data] = args as [number, number, Buffer | undefined];
      notify(state, (l) => l.onGoaway?.(session, code, lastStreamId, data));
    } else if (event === 'close') {
      notify(state, (l) => l.onSessionClosed?.(session));
    }
    const result = originalEmit.call(this, event, ...args);
    if (event === 'remoteSettings' && !ready) {
      ready = true;
      // grpc-js builds its transport in its own 'remoteSettings' handler (just ran) and registers
      // the socket with its subchannel a promise tick later; setImmediate runs after both.
      setImmediate(() => notify(state, (l) => l.onSessionReady?.(session)));
    }
    return result;
  };
  keepPingListener(session);
}

function install(): TapState {
  const current = http2.connect as TappedConnect;
  const existing = current[TAP_MARK];
  if (existing) return existing;
  const state: TapState = { original: current, listeners: new Set() };
  const tapped = function tappedConnect(this: unknown, ...args: Parameters<ConnectFn>): ClientHttp2Session {
    const session = (state.original as (...a: unknown[]) => ClientHttp2Session).apply(this, args);
    if (state.listeners.size > 0) {
      instrument(state, session);
      notify(state, (l) => l.onSessionStarted?.(session));
    }
    return session;
  } as TappedConnect;
  tapped[TAP_MARK] = state;
  http2.connect = tapped;
  return state;
}

/** Start observing client HTTP/2 sessions created from now on; returns the function that stops. */
export function addSessionTapListener(listener: SessionTapListener): () => void {
  const state = install();
  state.listeners.add(listener);
  return () => {
    state.listeners.delete(listener);
    const current = http2.connect as TappedConnect;
    if (state.listeners.size === 0 && current[TAP_MARK] === state) http2.connect = state.original;
  };
}
