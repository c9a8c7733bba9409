import { describe, expect, it } from 'vitest';
import { buildRequestMetadata } from './call-metadata';

describe('buildRequestMetadata', () => {
  it('sends what the user typed, lower-cased, with nothing dropped but the empty row', () => {
    const built = buildRequestMetadata([{ key: 'X-Trace', value: 'a' }, { key: '', value: '' }, { key: 'x-trace', value: 'b' }, { key: 'authorization', value: 'Bearer t' }]);
    expect(built.ok && built.value.toJSON()).toEqual({ 'x-trace': ['a', 'b'], authorization: ['Bearer t'] });
  });

  it('refuses keys gRPC would replace or HTTP/2 forbids, naming the entry as typed', () => {
    const cases: [string, RegExp][] = [
      ['User-Agent', /^Metadata key "User-Agent" is set by gRPC itself .*user-agent setting/],
      ['te', /"te" is set by gRPC itself \(always "trailers"/],
      ['content-type', /"content-type" is set by gRPC itself/],
      ['host', /"host" would contradict the :authority/],
      ['Keep-Alive', /"Keep-Alive" is an HTTP\/2 connection-specific header/],
      [':path', /":path" is an HTTP\/2 pseudo-header/],
      ['grpc-timeout', /set the deadline instead/],
    ];
    for (const [key, message] of cases) {
      const built = buildRequestMetadata([{ key: 'x-ok', value: '1' }, { key, value: 'v' }]);
      expect(!built.ok && built.error, key).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringMatching(message), details: { field: 'metadata', index: 1, key } });
    }
  });

  it('refuses metadata over the bounds, pointing at the entry by its place in the request', () => {
    const rows = [{ key: '', value: '' }, ...Array.from({ length: 101 }, (_, i) => ({ key: `X-K${i}`, value: 'v' }))];
    const tooMany = buildRequestMetadata(rows);
    expect(!tooMany.ok && tooMany.error.details).toEqual({ field: 'metadata', index: 101, key: 'X-K100' });
    expect(!tooMany.ok && tooMany.error.message).toMatch(/over the limit of 100/);

    const big = buildRequestMetadata([{ key: 'x-blob-bin', value: 'QUJD'.repeat(5_000) }]);
    expect(!big.ok && big.error.message).toMatch(/^Request metadata is 20,042 bytes, over the limit of 16,384 bytes .*"x-blob-bin"/);
  });
});
