// The browser shell's wire protocol over one WebSocket at /ws (JSON text frames).
//   page -> host: {type:'hello', token}            first message, within the auth timeout
//   host -> page: {type:'ready'}                   the token was accepted
//   page -> host: {type:'invoke', id, channel, request}
//   host -> page: {type:'result', id, result}      result is a contract Result
//   host -> page: {type:'events', batch}           the engine's EventBatch, as it comes
// The renderer's bridge (renderer/src/bridge/socket-protocol.ts) mirrors these definitions;
// test/web-host/bridge.test.ts runs the real bridge against the real host to keep them in step.
import { z } from 'zod';
import type { EventBatch } from '../../shared/contract';
import type { Result } from '../../shared/result';

export const SOCKET_PATH = '/ws';

/** Close codes the page acts on (4000-4999 are for applications). */
export const CLOSE_CODES = {
  /** Missing or wrong token: the page stops reconnecting and tells the user. */
  tokenRefused: 4001,
  /** No hello within the auth timeout. */
  authTimeout: 4002,
  /** The host is shutting down (the standard "going away"). */
  goingAway: 1001,
  /** A message that is not part of this protocol. */
  protocolError: 1008,
} as const;

/** The hello is tiny; anything larger before authentication is refused unread. */
export const MAX_HELLO_BYTES = 1024;

export const helloMessage = z.strictObject({ type: z.literal('hello'), token: z.string().max(256) });

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
