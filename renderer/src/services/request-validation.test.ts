import { describe, expect, it } from 'vitest';
import { metadataEntries } from './request-validation';

describe('metadataEntries (checked before Invoke)', () => {
  it('shows the same refusal the engine gives for a key HTTP/2 forbids', () => {
    expect(metadataEntries([{ id: '1', key: 'Connection', value: 'x' }]).problem).toBe(
      'Metadata key "Connection" is an HTTP/2 connection-specific header; HTTP/2 forbids it in a request (RFC 9113 §8.2.2), so the call is not started.',
    );
    expect(metadataEntries([{ id: '1', key: 'user-agent', value: 'me' }]).problem).toMatch(/set by gRPC itself/);
  });

  it('names the limit when there is too much metadata, auth included', () => {
    const rows = Array.from({ length: 101 }, (_, i) => ({ id: String(i), key: `x-k${i}`, value: 'v' }));
    expect(metadataEntries(rows)).toEqual({ entries: [], problem: expect.stringMatching(/over the limit of 100 .*"x-k100"/) });
    expect(metadataEntries([{ id: '1', key: 'authorization', value: `Bearer ${'t'.repeat(20_000)}` }]).problem).toMatch(/over the limit of 16,384 bytes .*"authorization"/);
    expect(metadataEntries([{ id: '1', key: 'x-ok', value: 'v' }])).toEqual({ entries: [{ key: 'x-ok', value: 'v' }], problem: null });
  });
});
