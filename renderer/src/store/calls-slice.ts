import type { StateCreator } from 'zustand';
import type { CallId } from '../../../shared/ids';
import type { AppState } from './app-state';
import type { CallRecord } from './call-record';

export interface CallsSlice {
  /** Latest call of each tab, by call id. Older calls are dropped when a tab starts a new one. */
  calls: Record<string, CallRecord>;
  /** Forget a call's record (its messages go with it). */
  removeCall: (callId: CallId) => void;
}

export const createCallsSlice: StateCreator<AppState, [], [], CallsSlice> = (set) => ({
  calls: {},
  removeCall: (callId) =>
    set((state) => {
      if (!(callId in state.calls)) return {};
      const { [callId]: _removed, ...calls } = state.calls;
      return { calls };
    }),
});
