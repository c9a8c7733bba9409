import { useCallback, useEffect, useState } from 'react';
import type { LiveCall } from '../../../../shared/live-calls';
import { listLiveCalls } from '../../services/live-calls';
import { useAppStore } from '../../store/app-store';

/** How often the list is asked for while the Live calls region is open (running times tick). */
const OPEN_POLL_MS = 1_000;
/** How often otherwise, for the count on the button: calls of other pages come and go unseen. */
const CLOSED_POLL_MS = 3_000;

export interface LiveCallsState {
  calls: LiveCall[];
  /** Why the last list failed (e.g. the host is away), or null. */
  error: string | null;
  refresh(): void;
}

/**
 * The engine's running calls (all pages), asked for while connected: every second while the
 * region is open, every few seconds otherwise, and at once when this page's own calls change.
 */
export function useLiveCalls(open: boolean): LiveCallsState {
  const connected = useAppStore((s) => s.bridge.state === 'connected');
  const ownRunning = useAppStore((s) => Object.values(s.calls).filter((c) => c.phase !== 'ended').length);
  const [calls, setCalls] = useState<LiveCall[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [asked, setAsked] = useState(0);
  const refresh = useCallback(() => setAsked((n) => n + 1), []);

  useEffect(() => {
    if (!connected) return;
    let stale = false;
    const ask = () =>
      void listLiveCalls().then((result) => {
        if (stale) return;
        if (result.ok) {
          setCalls(result.value);
          setError(null);
        } else {
          setError(result.error.message);
        }
      });
    ask();
    const timer = setInterval(ask, open ? OPEN_POLL_MS : CLOSED_POLL_MS);
    return () => {
      stale = true;
      clearInterval(timer);
    };
  }, [connected, open, ownRunning, asked]);

  return { calls: connected ? calls : [], error: connected ? error : 'Not connected to the engine.', refresh };
}
