import { create } from 'zustand';
import type { ProtoSetId } from '../../../shared/ids';
import { MOCK_LIMITS, type MockMethodRule, type MockRequestRecord, type MockRules, type MockServerState } from '../../../shared/mock';

/** The mock server as the page sees it: its state, the calls it received, its rules and where they are saved. */
export interface MockView {
  server: MockServerState;
  /** Oldest first, at most MOCK_LIMITS.keptRequests, as the engine keeps them. */
  requests: MockRequestRecord[];
  rules: MockRules;
  /** The collection folder whose grpc-mock.json holds the rules; null = kept for this run only. */
  rulesFolder: string | null;
  /** The proto set the next Start mock server serves; null = the first loaded. */
  chosenProtoSet: ProtoSetId | null;
  panelOpen: boolean;
  busy: boolean;
  problem: string | null;
}

interface MockStore extends MockView {
  update(change: Partial<MockView>): void;
  /** A received call, new or updated (same id): replaced in place, else appended. */
  putRequest(record: MockRequestRecord): void;
  /** One method's rule, replacing the one it had. */
  putRule(rule: MockMethodRule): void;
}

export const STOPPED_MOCK: MockServerState = { running: false, address: null, protoSetId: null, services: [] };

export const useMockStore = create<MockStore>((set) => ({
  server: STOPPED_MOCK,
  requests: [],
  rules: { methods: [] },
  rulesFolder: null,
  chosenProtoSet: null,
  panelOpen: false,
  busy: false,
  problem: null,
  update: (change) => set(change),
  putRequest: (record) =>
    set((s) => {
      const index = s.requests.findIndex((r) => r.id === record.id);
      if (index >= 0) {
        const requests = [...s.requests];
        requests[index] = record;
        return { requests };
      }
      return { requests: [...s.requests, record].slice(-MOCK_LIMITS.keptRequests) };
    }),
  putRule: (rule) => set((s) => ({ rules: { methods: [...s.rules.methods.filter((r) => r.method !== rule.method), rule] } })),
}));
