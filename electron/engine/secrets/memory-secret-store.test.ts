import { describe, expect, it } from 'vitest';
import { createMemorySecretStore, memoryFallbackDetail } from './memory-secret-store';

describe('createMemorySecretStore', () => {
  it('keeps values per key for this run and reports itself as memory', async () => {
    const store = createMemorySecretStore(memoryFallbackDetail('Testing.'));
    expect(store.status()).toEqual({
      backend: 'memory',
      detail: 'No OS keychain was found, so secrets are kept in memory for this run only and never written to disk. Reason: Testing.',
    });
    const one = { collection: '/one', environment: 'dev', name: 'token' };
    const two = { collection: '/two', environment: 'dev', name: 'token' };
    expect(await store.set(one, 'first')).toEqual({ ok: true, value: null });
    expect(await store.set(two, 'second')).toEqual({ ok: true, value: null });
    expect(await store.get(one)).toEqual({ ok: true, value: 'first' });
    expect(await store.get(two)).toEqual({ ok: true, value: 'second' });
    expect(await store.delete(one)).toEqual({ ok: true, value: null });
    expect(await store.delete(one)).toEqual({ ok: true, value: null });
    expect(await store.get(one)).toEqual({ ok: true, value: null });
    await expect(createMemorySecretStore('other run').get(two)).resolves.toEqual({ ok: true, value: null });
  });
});
