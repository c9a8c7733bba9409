import { create } from 'zustand';
import type { LoadTestSnapshot } from '../../../shared/load-test';

/** The Load test region of one request tab: its fields as typed, the run it shows and its last snapshot. */
export interface LoadTestView {
  open: boolean;
  concurrency: string;
  totalRequests: string;
  durationS: string;
  ratePerSecond: string;
  connections: string;
  /** Client and bidi streams only. */
  messagesPerStream: string;
  messageIntervalMs: string;
  /** What the last Export as Locust file saved (or why it could not). */
  locustNote: string | null;
  loadId: string | null;
  starting: boolean;
  snapshot: LoadTestSnapshot | null;
  problem: string | null;
}

export const EMPTY_LOAD_TEST: LoadTestView = {
  open: false, concurrency: '10', totalRequests: '200', durationS: '', ratePerSecond: '', connections: '1', messagesPerStream: '1', messageIntervalMs: '0', locustNote: null,
  loadId: null, starting: false, snapshot: null, problem: null,
};

interface LoadTestStore {
  byTab: Record<string, LoadTestView>;
  update(tabId: string, change: Partial<LoadTestView>): void;
  /** A snapshot from the engine: shown by the tab whose run it is. */
  applySnapshot(snapshot: LoadTestSnapshot): void;
  forget(tabId: string): void;
}

export const useLoadTestStore = create<LoadTestStore>((set) => ({
  byTab: {},
  update: (tabId, change) => set((s) => ({ byTab: { ...s.byTab, [tabId]: { ...(s.byTab[tabId] ?? EMPTY_LOAD_TEST), ...change } } })),
  applySnapshot: (snapshot) =>
    set((s) => {
      const entry = Object.entries(s.byTab).find(([, view]) => view.loadId === snapshot.loadId);
      if (!entry) return s;
      return { byTab: { ...s.byTab, [entry[0]]: { ...entry[1], snapshot } } };
    }),
  forget: (tabId) =>
    set((s) => {
      const { [tabId]: _gone, ...rest } = s.byTab;
      return { byTab: rest };
    }),
}));
