// The state of the renderer's link to its shell, for the UI to show. Only the browser shell
// can lose it (the WebSocket to the web host); in Electron it is always connected.

export type HostConnectionStatus =
  | { state: 'connecting' }
  | { state: 'connected' }
  /** The link dropped (or never came up); the next attempt starts in retryInMs. */
  | { state: 'reconnecting'; reason: string; attempt: number; retryInMs: number }
  /** Retrying would not help (e.g. the token was refused); reason says what to do. */
  | { state: 'failed'; reason: string };

export type HostConnectionListener = (status: HostConnectionStatus) => void;

export const TOKEN_REFUSED_REASON = "This page's access token was refused: open the exact URL the host printed.";
export const NO_TOKEN_REASON = 'This page has no access token: open the exact URL the host printed (it ends in #token=...).';
export const LAUNCH_REFUSED_REASON =
  "This page's one-time launch link was already used or has expired: open the exact URL the host printed (it ends in #token=...).";

/** A tiny observable value: the current status plus change notifications. */
export interface StatusCell {
  get(): HostConnectionStatus;
  set(status: HostConnectionStatus): void;
  subscribe(listener: HostConnectionListener): () => void;
}

export function createStatusCell(initial: HostConnectionStatus): StatusCell {
  let current = initial;
  const listeners = new Set<HostConnectionListener>();
  return {
    get: () => current,
    set(status) {
      current = status;
      for (const listener of [...listeners]) {
        try {
          listener(status);
        } catch (error) {
          console.error('A connection status listener failed:', error);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
