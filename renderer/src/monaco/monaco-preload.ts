import { useAppStore } from '../store/app-store';
import { loadMonaco } from './monaco-runtime';

/**
 * Loads Monaco once it is about to be needed: when the catalog gets its first services (the next
 * step is opening a method) or a tab is open (e.g. a restored workspace), after that frame is
 * painted. Parsing and running its chunk is one main-thread task of 250-650 ms on the 2-core
 * machine; started at page load it landed on the click on `Start demo server` or on the answer's
 * render, and held back the services it was not needed for. The editor loads it itself too (see
 * RequestBodyEditor), so this only starts it earlier.
 */
export function startMonacoPreload(): void {
  const needed = (): boolean => {
    const state = useAppStore.getState();
    return state.tabs.length > 0 || state.protoSets.length > 0;
  };
  const loadAfterPaint = (): void => {
    requestAnimationFrame(() => setTimeout(() => void loadMonaco(), 0));
  };
  if (needed()) {
    loadAfterPaint();
    return;
  }
  const unsubscribe = useAppStore.subscribe(() => {
    if (!needed()) return;
    unsubscribe();
    loadAfterPaint();
  });
}
