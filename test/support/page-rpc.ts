// Invokes over a page's WebSocket to the web host without the test kit's 5 s wait: each
// answer, or null once the socket closed (the host died).
import type { Result } from '../../shared/result';
import type { PageClient } from '../web-host/host-test-kit';

export type PageRpc = <T>(channel: string, request: unknown) => Promise<Result<T> | null>;

export function pageRpc(page: PageClient): PageRpc {
  let nextId = 1_000_000;
  const pending = new Map<number, (result: Result<unknown> | null) => void>();
  page.socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as { type: string; id?: number; result?: Result<unknown> };
    if (message.type === 'result' && message.id !== undefined) pending.get(message.id)?.(message.result ?? null);
  });
  page.socket.on('close', () => {
    for (const settle of pending.values()) settle(null);
    pending.clear();
  });
  return <T>(channel: string, request: unknown): Promise<Result<T> | null> =>
    new Promise((settle) => {
      if (page.socket.readyState !== page.socket.OPEN) return settle(null);
      nextId += 1;
      const id = nextId;
      pending.set(id, (result) => {
        pending.delete(id);
        settle(result as Result<T> | null);
      });
      page.socket.send(JSON.stringify({ type: 'invoke', id, channel, request }));
    });
}
