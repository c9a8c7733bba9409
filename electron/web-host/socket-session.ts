// One page's WebSocket, already authenticated (the token was checked during the upgrade, see
// web-host.ts): say ready, answer invokes through the validated dispatch and forward the
// engine's event batches. Nothing a page sends can throw
// out of here; a page that breaks the protocol is disconnected, not the host.
import type { RawData, WebSocket } from 'ws';
import type { WorkbenchApi } from '../../shared/contract';
import { err, type Result } from '../../shared/result';
import type { Caller, PageOwnership } from '../engine/engine-api';
import type { ValidatedDispatch } from '../engine/dispatch/validated-dispatch';
import { createEventSender, type EventSenderLimits } from './event-sender';
import { CLOSE_CODES, invokeMessage, type HostMessage } from './socket-protocol';

export interface SocketSessionOptions {
  socket: WebSocket;
  dispatch: ValidatedDispatch;
  events: Pick<WorkbenchApi, 'onEvents'>;
  /** The page behind this socket: every request is dispatched as coming from it. */
  caller: Caller;
  /** Told while this socket is open, so the engine knows the page is there (absent: not told). */
  pages?: PageOwnership;
  warn(message: string): void;
  eventLimits?: EventSenderLimits;
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function runSocketSession(options: SocketSessionOptions): void {
  const { socket, warn } = options;
  const events = createEventSender(socket, warn, options.eventLimits);

  const sendResult = (id: number, result: Result<unknown>): void => {
    if (socket.readyState !== socket.OPEN) return;
    let text: string;
    try {
      text = JSON.stringify({ type: 'result', id, result } satisfies HostMessage);
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      text = JSON.stringify({ type: 'result', id, result: err('INTERNAL', `The answer could not be sent to the page: ${reason}.`) } satisfies HostMessage);
    }
    socket.send(text);
  };

  const handleInvoke = (data: RawData): void => {
    const message = invokeMessage.safeParse(parseJson(rawText(data)));
    if (!message.success) {
      socket.close(CLOSE_CODES.protocolError, 'expected {type:"invoke", id, channel, request}');
      return;
    }
    const { id, channel, request } = message.data;
    // The dispatch already turns engine exceptions into Results; the catch is the last guard.
    options.dispatch(channel, request, options.caller).then(
      (result) => sendResult(id, result),
      (cause: unknown) => sendResult(id, err('INTERNAL', `The request failed unexpectedly: ${cause instanceof Error ? cause.message : String(cause)}.`)),
    );
  };

  socket.on('message', (data, isBinary) => {
    if (socket.readyState !== socket.OPEN) return; // closing: ignore what was already in flight
    if (isBinary) {
      socket.close(CLOSE_CODES.protocolError, 'binary messages are not part of this protocol');
      return;
    }
    handleInvoke(data);
  });

  socket.on('error', (error) => warn(`WebSocket error: ${error.message}`));

  socket.send(JSON.stringify({ type: 'ready' } satisfies HostMessage));
  let unsubscribe: (() => void) | null = options.events.onEvents((batch) => events.send(batch));
  const releasePage = options.pages?.connectPage(options.caller.pageId) ?? (() => undefined);
  socket.on('close', () => {
    releasePage();
    events.stop();
    unsubscribe?.();
    unsubscribe = null;
  });
}
