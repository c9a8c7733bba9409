import { create } from 'zustand';
import type { CallOutcome } from '../../../shared/checks';
import type { CallId } from '../../../shared/ids';

/** What a capture did after a call, as the Checks view lists it (a secret's value is never kept here). */
export type CaptureReport =
  | { variable: string; ok: true; shown: string; secret: boolean }
  | { variable: string; ok: false; message: string };

/** The last ended call of one tab, as its checks see it. */
export interface TabCallOutcome {
  callId: CallId;
  outcome: CallOutcome;
  /** Set when message checks cannot see every received message (the page keeps only the latest ones). */
  messagesIncomplete: string | null;
  /** Some received messages are in `outcome` as their preview only (read whole once a message check or capture needs them). */
  previewsUnread: boolean;
  /** Null while captures are being written, [] when the request has none (or the call did not end OK). */
  captures: CaptureReport[] | null;
}

interface CheckOutcomeStore {
  byTab: Record<string, TabCallOutcome>;
  put(tabId: string, value: TabCallOutcome): void;
  setCaptures(tabId: string, callId: CallId, captures: CaptureReport[]): void;
  forget(tabId: string): void;
}

/**
 * Per page and not saved: the Checks view evaluates the tab's checks (as edited now) against
 * this outcome, so results follow edits without calling again.
 */
export const useCheckOutcomeStore = create<CheckOutcomeStore>()((set) => ({
  byTab: {},
  put: (tabId, value) => set((s) => ({ byTab: { ...s.byTab, [tabId]: value } })),
  setCaptures: (tabId, callId, captures) =>
    set((s) => {
      const current = s.byTab[tabId];
      if (current?.callId !== callId) return {};
      return { byTab: { ...s.byTab, [tabId]: { ...current, captures } } };
    }),
  forget: (tabId) =>
    set((s) => {
      const { [tabId]: _gone, ...rest } = s.byTab;
      return { byTab: rest };
    }),
}));
