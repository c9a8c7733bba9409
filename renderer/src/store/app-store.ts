import type { StateCreator } from 'zustand';
import { create } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { AppState } from './app-state';
import { createCallsSlice } from './calls-slice';
import { createCatalogSlice } from './catalog-slice';
import { createCollectionsSlice } from './collections-slice';
import { createConnectionsSlice } from './connections-slice';
import { createRequestsSlice } from './requests-slice';
import { createUiSlice } from './ui-slice';

const initializer: StateCreator<AppState> = (...a) => ({
  ...createCatalogSlice(...a),
  ...createRequestsSlice(...a),
  ...createCallsSlice(...a),
  ...createConnectionsSlice(...a),
  ...createUiSlice(...a),
  ...createCollectionsSlice(...a),
});

/** A fresh store outside React (unit tests make their own). */
export function createAppStore() {
  return createStore<AppState>()(initializer);
}

/** The app's store, as a React hook: select narrowly, and with useShallow for derived lists. */
export const useAppStore = create<AppState>()(initializer);
