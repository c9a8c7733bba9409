import type { CallId } from '../../../shared/ids';
import type { AppState } from '../store/app-state';
import { useAppStore } from '../store/app-store';
import { workbench } from './api-handle';

/** The engine forgets a page's list after 5 minutes without a word (SHOWN_CALLS_TTL_MS); repeat well within. */
const REPEAT_MS = 60_000;
/** Changes within this long are told once (a tab switch or a new call changes the list twice). */
const SETTLE_MS = 100;

function shownCallIds(state: AppState): CallId[] {
  const ids = new Set<CallId>();
  for (const tab of state.tabs) if (tab.callId !== null) ids.add(tab.callId);
  return [...ids].sort();
}

function randomPageId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Tells the engine which calls this page's tabs show, so it keeps their messages and recordings
 * (for loading skipped ranges and Save stream) however many calls finish meanwhile; a call no
 * tab shows any more falls back to the engine's "last 8 finished" rule. Returns the stop function.
 */
export function startShownCallsReporter(): () => void {
  const pageId = randomPageId();
  let told = '';
  let settle: ReturnType<typeof setTimeout> | null = null;
  const tell = (force: boolean) => {
    const callIds = shownCallIds(useAppStore.getState());
    const key = callIds.join(',');
    if (!force && key === told) return;
    if (force && callIds.length === 0 && told === '') return;
    told = key;
    void workbench().invoke('calls:shown', { pageId, callIds });
  };
  const unsubscribe = useAppStore.subscribe((state, previous) => {
    if (state.tabs === previous.tabs) return;
    if (settle !== null) clearTimeout(settle);
    settle = setTimeout(() => {
      settle = null;
      tell(false);
    }, SETTLE_MS);
  });
  const repeat = setInterval(() => tell(true), REPEAT_MS);
  tell(false);
  return () => {
    unsubscribe();
    clearInterval(repeat);
    if (settle !== null) clearTimeout(settle);
  };
}
