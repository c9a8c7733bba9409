import { describe, expect, it } from 'vitest';
import { MOCK_LIMITS, type MockRequestRecord } from '../../../shared/mock';
import { useMockStore } from './mock-store';

const record = (id: number, status: MockRequestRecord['status'] = null): MockRequestRecord => ({
  id, at: 1_700_000_000_000 + id, path: '/demo.v1.DemoService/Echo', metadata: [], messages: [], moreMessages: 0, status,
});

describe('mock store', () => {
  it('updates a received call in place (same id) and keeps at most the engine’s number of calls', () => {
    const store = useMockStore.getState();
    store.update({ requests: [] });
    store.putRequest(record(1));
    store.putRequest(record(2));
    store.putRequest(record(1, { code: 5, message: 'gone' }));
    expect(useMockStore.getState().requests.map((r) => [r.id, r.status?.code ?? null])).toEqual([[1, 5], [2, null]]);
    for (let id = 3; id <= MOCK_LIMITS.keptRequests + 10; id++) store.putRequest(record(id));
    const { requests } = useMockStore.getState();
    expect(requests).toHaveLength(MOCK_LIMITS.keptRequests);
    expect(requests.at(-1)?.id).toBe(MOCK_LIMITS.keptRequests + 10);
  });

  it('replaces one method’s rule and keeps the others', () => {
    const store = useMockStore.getState();
    store.update({ rules: { methods: [] } });
    const base = { status: null, latencyMs: 0, messageCount: 3, intervalMs: 100, responseJson: null };
    store.putRule({ method: 'a.S/One', ...base });
    store.putRule({ method: 'a.S/Two', ...base });
    store.putRule({ method: 'a.S/One', ...base, latencyMs: 50 });
    expect(useMockStore.getState().rules.methods.map((r) => [r.method, r.latencyMs])).toEqual([['a.S/Two', 0], ['a.S/One', 50]]);
  });
});
