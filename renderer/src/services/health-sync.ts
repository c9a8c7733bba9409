import type { WorkbenchApi } from '../../../shared/contract';
import { useAppStore } from '../store/app-store';
import { applyHealthWatchEvent, useHealthStore } from '../store/health-store';

/**
 * Follows Health/Watch streams: each 'health' event updates the status of the tab that owns
 * the watch; a closed tab's watch is stopped (the engine stops a gone page's watches itself).
 */
export function startHealthSync(api: WorkbenchApi): () => void {
  const stopEvents = api.onEvents((batch) => {
    for (const event of batch.events) {
      if (event.kind !== 'health') continue;
      applyHealthWatchEvent(event);
    }
  });
  const stopTabs = useAppStore.subscribe((state, previous) => {
    if (state.tabs === previous.tabs) return;
    const open = new Set(state.tabs.map((t) => t.id));
    const { byOwner, forget } = useHealthStore.getState();
    for (const [key, view] of Object.entries(byOwner)) {
      if (key === 'defaults' || open.has(key)) continue;
      if (view.watchId !== null) void api.invoke('health:unwatch', { watchId: view.watchId });
      forget(key);
    }
  });
  return () => {
    stopEvents();
    stopTabs();
  };
}
