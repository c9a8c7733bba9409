// The browser shell's wire protocol over one WebSocket at /ws (JSON text frames).
//   page -> host: the upgrade offers two subprotocols: grpc-workbench.v1 and
//                 grpc-workbench.token.<TOKEN>; the host selects grpc-workbench.v1 (it never
//                 echoes the token back)
//   host -> page: {type:'ready'}                   at once: the token was accepted
//   page -> host: {type:'invoke', id, channel, request}
//   host -> page: {type:'result', id, result}      result is a contract Result
//   host -> page: {type:'events', batch}           the engine's EventBatch, as it comes
//   page -> host: the upgrade URL may carry ?page=<PAGE_ID>: the page's id for this load of the
//                 page (random, new on every reload). Its calls belong to it; a WebSocket
//                 reconnect with the same id is the same page (see engine/calls/call-owners.ts).
// The token is checked during the HTTP upgrade, before any WebSocket frame is read, so a peer
// without it can never send the large messages an authenticated page may (see web-host.ts).
// The renderer's bridge (renderer/src/bridge/socket-protocol.ts) mirrors these definitions;
// test/web-host/bridge.test.ts runs the real bridge against the real host to keep them in step.
import { z } from 'zod';
import type { EventBatch } from '../../shared/contract';
import type { Result } from '../../shared/result';

export const SOCKET_PATH = '/ws';

/** The protocol the host speaks and selects in every upgrade it accepts. */
export const SUBPROTOCOL = 'grpc-workbench.v1';
/** The page presents its token as a second offered subprotocol: this prefix, then the token. */
export const TOKEN_SUBPROTOCOL_PREFIX = 'grpc-workbench.token.';

/** What a client offers in Sec-WebSocket-Protocol (e.g. new WebSocket(url, socketProtocols(token))). */
export function socketProtocols(token: string): string[] {
  return [SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${token}`];
}

/** The token offered in a Sec-WebSocket-Protocol header, or null if none is. */
export function presentedToken(header: string | string[] | undefined): string | null {
  const values = typeof header === 'string' ? header.split(',') : [];
  for (const value of values) {
    const protocol = value.trim();
    if (protocol.startsWith(TOKEN_SUBPROTOCOL_PREFIX)) return protocol.slice(TOKEN_SUBPROTOCOL_PREFIX.length);
  }
  return null;
}

/** The query parameter of the upgrade URL that names the page. */
export const PAGE_ID_PARAM = 'page';
const PAGE_ID = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * The page id in an upgrade URL (/ws?page=...), or null when there is none or it is not one
 * (then the socket is its own page: its calls end after the grace once it closes).
 */
export function pageIdOf(url: string | undefined): string | null {
  const query = (url ?? '').split('#', 1)[0]?.split('?')[1];
  if (query === undefined) return null;
  const value = new URLSearchParams(query).get(PAGE_ID_PARAM);
  return value !== null && PAGE_ID.test(value) ? value : null;
}

/** Close codes the page acts on (4000-4999 are for applications). */
export const CLOSE_CODES = {
  /** Missing or wrong token: the page stops reconnecting and tells the user. */
  tokenRefused: 4001,
  /** The host is shutting down (the standard "going away"). */
  goingAway: 1001,
  /** A message that is not part of this protocol. */
  protocolError: 1008,
} as const;

export const invokeMessage = z.strictObject({
  type: z.literal('invoke'),
  id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  // Left unknown here (even absent): the validated dispatch checks both and names the problem
  // in the Result, which helps a page more than a closed socket.
  channel: z.unknown().optional(),
  request: z.unknown().optional(),
});

export type HostMessage =
  | { type: 'ready' }
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'events'; batch: EventBatch };
