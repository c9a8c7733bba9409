import WebSocket from 'ws';
import type { ChannelName, ChannelRequest, ChannelResponse, EventBatch, WorkbenchApi } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { socketProtocols } from '../../electron/web-host/socket-protocol';

type HostMessage =
  | { type: 'ready' }
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'events'; batch: EventBatch };

export interface SocketApi extends WorkbenchApi {
  close(): Promise<void>;
}

/**
 * The browser shell's protocol (electron/web-host/socket-protocol.ts) from Node: a WebSocket to
 * /ws with the page's Origin and the token as a subprotocol, then invokes and event batches as JSON.
 * This is what the page's bridge does, minus the browser.
 */
export function connectSocketApi(origin: string, token: string, timeoutMs = 10_000): Promise<SocketApi> {
  // The token rides in the upgrade's subprotocols: the host checks it before reading any frame.
  const socket = new WebSocket(`${origin.replace(/^http/, 'ws')}/ws`, socketProtocols(token), { origin, maxPayload: 256 * 1024 * 1024 });
  const listeners = new Set<(batch: EventBatch) => void>();
  const waiting = new Map<number, (result: Result<unknown>) => void>();
  let nextId = 1;

  const api: SocketApi = {
    invoke<C extends ChannelName>(channel: C, request: ChannelRequest<C>): Promise<Result<ChannelResponse<C>>> {
      const id = nextId++;
      return new Promise((resolve) => {
        waiting.set(id, resolve as (result: Result<unknown>) => void);
        socket.send(JSON.stringify({ type: 'invoke', id, channel, request }));
      });
    },
    onEvents(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (socket.readyState === WebSocket.CLOSED) return resolve();
        socket.once('close', () => resolve());
        socket.close();
        setTimeout(() => {
          socket.terminate();
          resolve();
        }, 2_000).unref();
      }),
  };

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error(`the web host did not accept the socket within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.once('close', (code, reason) => {
      clearTimeout(timer);
      reject(new Error(`the web host closed the socket (${code} ${reason.toString()})`));
    });
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as HostMessage;
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve(api);
      } else if (message.type === 'result') {
        const done = waiting.get(message.id);
        waiting.delete(message.id);
        done?.(message.result);
      } else if (message.type === 'events') {
        for (const listener of listeners) listener(message.batch);
      }
    });
  });
}
