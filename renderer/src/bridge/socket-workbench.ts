// The WorkbenchApi over the web host's WebSocket: invoke with request ids and pending
// promises, event batches to listeners, reconnects with backoff, and a status the UI shows.
// A dropped socket never leaves an invoke hanging and never rejects: pending invokes resolve
// with an INTERNAL error that says what happened.
import type { ChannelName, ChannelRequest, ChannelResponse, EventBatch } from '../../../shared/contract';
import { err, type Result } from '../../../shared/result';
import {
  createStatusCell,
  NO_TOKEN_REASON,
  TOKEN_REFUSED_REASON,
  type HostConnectionListener,
  type HostConnectionStatus,
} from './host-connection-status';
import { reconnectDelayMs } from './reconnect-backoff';
import { CLOSE_CODES, isPresentableToken, parseHostMessage, socketProtocols } from './socket-protocol';
import type { WorkbenchConnection } from './workbench-connection';

export interface SocketHandlers {
  open(): void;
  message(data: unknown): void;
  close(code: number, reason: string): void;
}

export interface SocketHandle {
  send(text: string): void;
  close(code?: number, reason?: string): void;
}

/**
 * Opens a WebSocket offering these subprotocols (they carry the token) and reports on it;
 * injected so the same client runs in Node tests.
 */
export type SocketFactory = (url: string, protocols: string[], handlers: SocketHandlers) => SocketHandle;

export interface SocketWorkbenchOptions {
  /** ws://HOST:PORT/ws */
  url: string;
  /** null: the page was opened without a token; the client fails at once and says so. */
  token: string | null;
  /** What the status says when token is null. Default NO_TOKEN_REASON. */
  noTokenReason?: string;
  createSocket: SocketFactory;
  /** Called when the host refuses the token, so the caller can forget it. */
  onTokenRefused?: () => void;
  reconnectDelayMs?: (attempt: number) => number;
}

export interface SocketWorkbench extends WorkbenchConnection {
  /** Resolves once the first attempt settled: connected, or known to be failing. */
  firstAttempt(): Promise<void>;
  /**
   * Drops the current socket and connects again with this token (the user opened the URL of
   * a restarted host in this tab). Does nothing if already connected with it. null fails with
   * noTokenReason (default NO_TOKEN_REASON).
   */
  setToken(token: string | null, noTokenReason?: string): void;
  /** Closes the socket for good; pending invokes resolve with an error. */
  close(): void;
}

const LOST_CONNECTION = 'Lost the connection to the gRPC Workbench host before it answered. Check that the host (npm run web) is still running; the page reconnects by itself.';

type Resolve = (result: Result<unknown>) => void;

interface QueuedInvoke {
  channel: ChannelName;
  request: unknown;
  resolve: Resolve;
}

function describeSendFailure(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

export function createSocketWorkbench(options: SocketWorkbenchOptions): SocketWorkbench {
  const status = createStatusCell({ state: 'connecting' });
  const delayFor = options.reconnectDelayMs ?? reconnectDelayMs;
  const eventListeners = new Set<(batch: EventBatch) => void>();
  const pending = new Map<number, Resolve>();
  /** Invokes made before the first connection was ready; sent as soon as it is. */
  let queued: QueuedInvoke[] = [];
  let socket: SocketHandle | null = null;
  let ready = false;
  let everConnected = false;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  let token = options.token;
  let settleFirstAttempt: () => void = () => undefined;
  const firstAttempt = new Promise<void>((resolve) => {
    settleFirstAttempt = resolve;
  });

  const setStatus = (next: HostConnectionStatus): void => {
    status.set(next);
    if (next.state !== 'connecting') settleFirstAttempt();
  };

  const failQueued = (message: string): void => {
    const waiting = queued;
    queued = [];
    for (const item of waiting) item.resolve(err('INTERNAL', message));
  };

  let lastId = 0;
  const nextId = (): number => (lastId += 1);

  const send = (channel: ChannelName, request: unknown, resolve: Resolve): void => {
    let text: string;
    const id = nextId();
    try {
      text = JSON.stringify({ type: 'invoke', id, channel, request });
    } catch (cause) {
      resolve(err('INVALID_REQUEST', `The ${channel} request cannot be sent: ${describeSendFailure(cause)}.`));
      return;
    }
    pending.set(id, resolve);
    try {
      socket?.send(text);
    } catch (cause) {
      pending.delete(id);
      resolve(err('INTERNAL', `The ${channel} request could not be sent to the gRPC Workbench host: ${describeSendFailure(cause)}.`));
    }
  };

  const onMessage = (data: unknown): void => {
    const message = parseHostMessage(data);
    if (message === null) return;
    if (message.type === 'ready') {
      ready = true;
      everConnected = true;
      attempt = 0;
      setStatus({ state: 'connected' });
      const waiting = queued;
      queued = [];
      for (const item of waiting) send(item.channel, item.request, item.resolve);
    } else if (message.type === 'result') {
      const resolve = pending.get(message.id);
      pending.delete(message.id);
      resolve?.(message.result);
    } else {
      for (const listener of [...eventListeners]) {
        try {
          listener(message.batch);
        } catch (error) {
          console.error('An event batch listener failed:', error);
        }
      }
    }
  };

  const failPending = (): void => {
    const inFlight = [...pending.values()];
    pending.clear();
    for (const resolve of inFlight) resolve(err('INTERNAL', LOST_CONNECTION));
  };

  const refuseToken = (): void => {
    options.onTokenRefused?.();
    failQueued(TOKEN_REFUSED_REASON);
    setStatus({ state: 'failed', reason: TOKEN_REFUSED_REASON });
  };

  const onClose = (code: number, reason: string): void => {
    const wasReady = ready;
    socket = null;
    ready = false;
    failPending();
    if (closed) return;
    if (code === CLOSE_CODES.tokenRefused) {
      refuseToken();
      return;
    }
    attempt += 1;
    const retryInMs = delayFor(attempt);
    const because = reason ? ` (${reason})` : '';
    const why = wasReady || everConnected
      ? `Lost the connection to the gRPC Workbench host${because}. Is npm run web still running? Reconnecting...`
      : `Cannot reach the gRPC Workbench host${because}. Is npm run web still running? Retrying...`;
    failQueued(why);
    setStatus({ state: 'reconnecting', reason: why, attempt, retryInMs });
    retryTimer = setTimeout(open, retryInMs);
  };

  function open(): void {
    retryTimer = null;
    if (closed || token === null) return;
    if (!isPresentableToken(token)) {
      refuseToken(); // it could not be the host's; say so rather than retry for ever
      return;
    }
    let opened: SocketHandle | null = null;
    const isCurrent = () => opened !== null && socket === opened;
    try {
      // The token goes in the upgrade (a subprotocol), so the host checks it before it reads
      // any frame; the host says ready at once if it accepts it.
      opened = options.createSocket(options.url, socketProtocols(token), {
        open: () => undefined,
        message: (data) => {
          if (isCurrent()) onMessage(data);
        },
        close: (code, reason) => {
          if (isCurrent()) onClose(code, reason);
        },
      });
      socket = opened;
    } catch (cause) {
      // e.g. a malformed URL: behave as if the socket closed at once.
      socket = null;
      onClose(1006, describeSendFailure(cause));
    }
  }

  if (token === null) setStatus({ state: 'failed', reason: options.noTokenReason ?? NO_TOKEN_REASON });
  else open();

  const invoke = <C extends ChannelName>(channel: C, request: ChannelRequest<C>): Promise<Result<ChannelResponse<C>>> =>
    new Promise<Result<unknown>>((resolve) => {
      const current = status.get();
      if (ready && socket !== null) send(channel, request, resolve);
      else if (current.state === 'connecting') queued.push({ channel, request, resolve });
      else if (current.state === 'failed') resolve(err('INTERNAL', current.reason));
      else if (current.state === 'reconnecting') resolve(err('INTERNAL', `Not connected to the gRPC Workbench host: ${current.reason}`));
      else resolve(err('INTERNAL', 'Not connected to the gRPC Workbench host.'));
    }) as Promise<Result<ChannelResponse<C>>>; // the host answers each channel with its own response type

  return {
    invoke,
    onEvents(listener) {
      eventListeners.add(listener);
      return () => {
        eventListeners.delete(listener);
      };
    },
    status: () => status.get(),
    onStatus: (listener: HostConnectionListener) => status.subscribe(listener),
    firstAttempt: () => firstAttempt,
    setToken(next, noTokenReason = NO_TOKEN_REASON) {
      if (closed) return;
      if (next !== null && next === token && status.get().state === 'connected') return;
      token = next;
      if (retryTimer !== null) clearTimeout(retryTimer);
      retryTimer = null;
      const current = socket;
      socket = null; // its close event is no longer ours
      ready = false;
      current?.close(1000, 'reconnecting with a new access token');
      failPending();
      attempt = 0;
      if (next === null) {
        failQueued(noTokenReason);
        setStatus({ state: 'failed', reason: noTokenReason });
        return;
      }
      setStatus({ state: 'connecting' });
      open();
    },
    close() {
      if (closed) return;
      closed = true;
      if (retryTimer !== null) clearTimeout(retryTimer);
      const current = socket;
      socket = null;
      ready = false;
      current?.close(1000, 'closed by the page');
      failPending();
      failQueued('The connection to the gRPC Workbench host was closed.');
      setStatus({ state: 'failed', reason: 'The connection to the gRPC Workbench host was closed.' });
    },
  };
}
