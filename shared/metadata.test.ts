import { describe, expect, it } from 'vitest';
import {
  MAX_REQUEST_METADATA_BYTES,
  MAX_REQUEST_METADATA_ENTRIES,
  RESERVED_METADATA_KEYS,
  metadataEntryBytes,
  metadataKeyProblem,
  requestMetadataSizeProblem,
  reservedMetadataKeyProblem,
  type MetadataEntry,
} from './metadata';

describe('reservedMetadataKeyProblem', () => {
  it.each(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade'])('refuses the HTTP/2 connection-specific header %s, citing RFC 9113', (key) => {
    expect(reservedMetadataKeyProblem(key)).toBe(
      `Metadata key "${key}" is an HTTP/2 connection-specific header; HTTP/2 forbids it in a request (RFC 9113 §8.2.2), so the call is not started.`,
    );
  });

  it('refuses http2-settings as connection-specific too', () => {
    expect(reservedMetadataKeyProblem('http2-settings')).toMatch(/^Metadata key "http2-settings" is an HTTP\/2 connection-specific header;.*RFC 7540 §3\.2\.1.*not started\.$/);
  });

  it('is case-insensitive and shows the key as typed', () => {
    expect(reservedMetadataKeyProblem('Connection')).toMatch(/^Metadata key "Connection" is an HTTP\/2 connection-specific header/);
    expect(reservedMetadataKeyProblem(' TRANSFER-Encoding ')).toMatch(/"TRANSFER-Encoding" is an HTTP\/2 connection-specific header/);
    expect(reservedMetadataKeyProblem('User-Agent')).toMatch(/"User-Agent" is set by gRPC itself/);
    expect(reservedMetadataKeyProblem('GRPC-Timeout')).toMatch(/reserved for gRPC itself; set the deadline instead\./);
  });

  it('refuses the headers grpc-js sets itself, saying it would replace them and what to use instead', () => {
    expect(reservedMetadataKeyProblem('te')).toMatch(/set by gRPC itself \(always "trailers", the only value HTTP\/2 allows/);
    expect(reservedMetadataKeyProblem('content-type')).toMatch(/set by gRPC itself \(always "application\/grpc"\); a value typed here would be replaced without notice, so the call is not started\./);
    expect(reservedMetadataKeyProblem('accept-encoding')).toMatch(/Compression connection setting/);
    expect(reservedMetadataKeyProblem('user-agent')).toMatch(/user-agent setting.*--user-agent/);
    expect(reservedMetadataKeyProblem('host')).toMatch(/contradict the :authority.*RFC 9113 §8\.3\.1.*Server name override/);
  });

  it('refuses grpc-* keys, with the setting to use where there is one', () => {
    expect(reservedMetadataKeyProblem('grpc-timeout')).toBe('Metadata key "grpc-timeout" is reserved for gRPC itself; set the deadline instead.');
    expect(reservedMetadataKeyProblem('grpc-encoding')).toMatch(/reserved for gRPC itself; choose the Compression connection setting instead\./);
    expect(reservedMetadataKeyProblem('grpc-previous-rpc-attempts')).toBe('Metadata key "grpc-previous-rpc-attempts" is reserved: keys starting with "grpc-" belong to gRPC itself.');
  });

  it('refuses pseudo-headers by name', () => {
    expect(reservedMetadataKeyProblem(':authority')).toMatch(/^Metadata key ":authority" is an HTTP\/2 pseudo-header; gRPC sets the request.s pseudo-headers \(:method, :scheme, :path and :authority/);
    expect(reservedMetadataKeyProblem(':protocol')).toMatch(/pseudo-header/);
  });

  it('lets ordinary keys through, including ones that only look similar', () => {
    for (const key of ['authorization', 'x-api-key', 'x-connection', 'connection-id', 'hostname', 'x-user-agent', 'grpc', 'grpcx-trace', 'te-x', 'trace-bin']) {
      expect(reservedMetadataKeyProblem(key)).toBeNull();
    }
  });

  it('every listed key has a message', () => {
    expect(RESERVED_METADATA_KEYS.length).toBeGreaterThan(10);
    for (const key of RESERVED_METADATA_KEYS) expect(reservedMetadataKeyProblem(key)).toContain(`"${key}"`);
  });
});

describe('metadataKeyProblem', () => {
  it('checks reserved keys before the character set, so a pseudo-header gets the specific message', () => {
    expect(metadataKeyProblem(':path')).toMatch(/pseudo-header/);
    expect(metadataKeyProblem('connection')).toMatch(/connection-specific/);
    expect(metadataKeyProblem('bad key!')).toMatch(/may use only/);
    expect(metadataKeyProblem('')).toMatch(/cannot be empty/);
    expect(metadataKeyProblem('x-trace')).toBeNull();
  });
});

describe('requestMetadataSizeProblem', () => {
  const many = (n: number): MetadataEntry[] => Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: 'v' }));

  it('accepts up to the entry limit and names the first entry over it', () => {
    expect(requestMetadataSizeProblem(many(MAX_REQUEST_METADATA_ENTRIES))).toBeNull();
    const problem = requestMetadataSizeProblem(many(1_000));
    expect(problem).toMatchObject({ index: 100, key: 'k100' });
    expect(problem?.message).toBe(
      'Request metadata has 1000 entries, over the limit of 100 (servers cap the number of HTTP/2 headers; grpc-js servers fail at 119). The first entry over it is "k100" (entry 101), so the call is not started.',
    );
  });

  it('counts key + value + 32 per entry, as HTTP/2 does, and names the limit and the entry that crosses it', () => {
    expect(metadataEntryBytes({ key: 'abc', value: '12345' })).toBe(40);
    const fits: MetadataEntry[] = [{ key: 'x-a', value: 'a'.repeat(MAX_REQUEST_METADATA_BYTES - 3 - 32) }];
    expect(requestMetadataSizeProblem(fits)).toBeNull();
    const problem = requestMetadataSizeProblem([{ key: 'x-small', value: 'v' }, { key: 'x-token', value: 'a'.repeat(1024 * 1024) }, { key: 'x-after', value: 'v' }]);
    expect(problem).toMatchObject({ index: 1, key: 'x-token' });
    expect(problem?.message).toBe(
      'Request metadata is 1,048,695 bytes, over the limit of 16,384 bytes (16 KiB, counted as HTTP/2 does: key + value + 32 per entry; many servers refuse more). ' +
        'It goes over at "x-token" (1,048,615 bytes), so the call is not started.',
    );
  });

  it('accepts empty metadata', () => {
    expect(requestMetadataSizeProblem([])).toBeNull();
  });
});
