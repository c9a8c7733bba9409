import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';

/** What every kind of server call has: the cancelled flag and its 'cancelled' event. */
interface CancellableCall {
  readonly cancelled: boolean;
  once(event: 'cancelled', listener: () => void): unknown;
}

/**
 * A signal that fires when the client cancels the call (or its deadline passes) or when the
 * server stops, so every wait in a handler ends and no timer outlives its call.
 */
export function callSignal(call: CancellableCall, serverSignal: AbortSignal): AbortSignal {
  const cancelled = new AbortController();
  if (call.cancelled) cancelled.abort();
  else call.once('cancelled', () => cancelled.abort());
  return AbortSignal.any([cancelled.signal, serverSignal]);
}

/** Waits ms; false when the signal fired first (the timer is cleared either way). */
export async function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  try {
    await delay(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

/** Waits for 'drain' after a write returned false; false when the signal fired first. */
export async function waitForDrain(stream: NodeJS.EventEmitter, signal: AbortSignal): Promise<boolean> {
  try {
    await once(stream, 'drain', { signal });
    return true;
  } catch {
    return false;
  }
}
