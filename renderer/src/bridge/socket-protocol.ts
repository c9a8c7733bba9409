// The web host's WebSocket protocol, seen from the page. Mirrors
// electron/web-host/socket-protocol.ts (the renderer may not import from electron/);
// test/web-host/bridge.test.ts runs this bridge against the real host to keep them in step.
import type { EventBatch } from '../../../shared/contract';
import type { Result } from '../../../shared/result';

export const SOCKET_PATH = '/ws';
/** The upgrade URL's query parameter naming the page (see page-id.ts). */
export const PAGE_ID_PARAM = 'page';

/** The page offers both; the host selects the first and checks the token during the upgrade. */
export const SUBPROTOCOL = 'grpc-workbench.v1';
export const TOKEN_SUBPROTOCOL_PREFIX = 'grpc-workbench.token.';

/**
 * A subprotocol must be an HTTP token (new WebSocket throws otherwise): the host's tokens are
 * base64url, so anything else (a mistyped URL) cannot be the right token anyway.
 */
export function isPresentableToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{1,256}$/.test(token);
}

export function socketProtocols(token: string): string[] {
  return [SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${token}`];
}

export const CLOSE_CODES = {
  tokenRefused: 4001,
  goingAway: 1001,
  protocolError: 1008,
} as const;

export type HostMessage =
  | { type: 'ready' }
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'events'; batch: EventBatch };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Reads one frame from the host; null for anything that is not a known message. */
export function parseHostMessage(data: unknown): HostMessage | null {
  if (typeof data !== 'string') return null;
  let message: unknown;
  try {
    message = JSON.parse(data);
  } catch {
    return null;
  }
  if (!isRecord(message)) return null;
  if (message.type === 'ready') return { type: 'ready' };
  if (message.type === 'result' && typeof message.id === 'number' && isRecord(message.result) && typeof message.result.ok === 'boolean') {
    return { type: 'result', id: message.id, result: message.result as Result<unknown> };
  }
  if (message.type === 'events' && isRecord(message.batch) && typeof message.batch.seq === 'number' && Array.isArray(message.batch.events)) {
    return { type: 'events', batch: message.batch as unknown as EventBatch };
  }
  return null;
}
