// Request metadata a user may add: keys HTTP/2 or grpc-js own, pseudo-headers, grpc-*,
// bad -bin values, characters HTTP/2 forbids, and too many or too large entries.
import type { MetadataEntry } from '../../../shared/metadata';
import { withMetadata, type CorpusCase, type CorpusCategory } from '../corpus-kit';

function md(name: string, entries: MetadataEntry[], code: string, messageRe: RegExp, defect?: string): CorpusCase {
  return { name, code, message: messageRe, defect, run: (kit) => kit.callOutcome(withMetadata(kit, entries)) };
}
const one = (key: string, value = 'x'): MetadataEntry[] => [{ key: 'x-ok', value: 'fine' }, { key, value }];

export const metadataCases: CorpusCategory = {
  category: 'metadata',
  cases: [
    md('connection', one('connection'), 'INVALID_REQUEST', /^Metadata key "connection" is an HTTP\/2 connection-specific header;/),
    md('Keep-Alive (any case)', one('Keep-Alive'), 'INVALID_REQUEST', /^Metadata key "Keep-Alive" is an HTTP\/2 connection-specific header;/),
    md('proxy-connection', one('proxy-connection'), 'INVALID_REQUEST', /^Metadata key "proxy-connection" is an HTTP\/2 connection-specific header;/),
    md('transfer-encoding', one('transfer-encoding', 'chunked'), 'INVALID_REQUEST', /^Metadata key "transfer-encoding" is an HTTP\/2 connection-specific header;/),
    md('upgrade', one('upgrade', 'h2c'), 'INVALID_REQUEST', /^Metadata key "upgrade" is an HTTP\/2 connection-specific header;/),
    md('http2-settings', one('http2-settings'), 'INVALID_REQUEST', /^Metadata key "http2-settings" is an HTTP\/2 connection-specific header;/),
    md('te', one('te', 'trailers'), 'INVALID_REQUEST', /^Metadata key "te" is set by gRPC itself \(always "trailers", the only value HTTP\/2 allows, RFC 9113 §8\.2\.2\);/),
    md('host', one('host', 'example.com'), 'INVALID_REQUEST', /^Metadata key "host" would contradict the :authority gRPC sends from the server address \(HTTP\/2 carries the host as :authority, RFC 9113 §8\.3\.1\), so the call is /),
    md('content-type', one('content-type', 'application/json'), 'INVALID_REQUEST', /^Metadata key "content-type" is set by gRPC itself \(always "application\/grpc"\);/),
    md('user-agent', one('user-agent', 'curl'), 'INVALID_REQUEST', /^Metadata key "user-agent" is set by gRPC itself \(from the connection's user-agent setting, in front of grpc-workbench\/<version>\);/),
    md('accept-encoding', one('accept-encoding', 'gzip'), 'INVALID_REQUEST', /^Metadata key "accept-encoding" is set by gRPC itself \(always "identity"\);/),
    md('grpc-timeout', one('grpc-timeout', '1S'), 'INVALID_REQUEST', /^Metadata key "grpc-timeout" is reserved for gRPC itself;/),
    md('grpc-status', one('grpc-status', '0'), 'INVALID_REQUEST', /^Metadata key "grpc-status" is reserved: keys starting with "grpc-" belong to gRPC itself\./),
    md('grpc-encoding', one('grpc-encoding', 'gzip'), 'INVALID_REQUEST', /^Metadata key "grpc-encoding" is reserved for gRPC itself;/),
    md('grpc-custom', one('grpc-custom'), 'INVALID_REQUEST', /^Metadata key "grpc-custom" is reserved: keys starting with "grpc-" belong to gRPC itself\./),
    md(':authority pseudo-header', one(':authority', 'evil'), 'INVALID_REQUEST', /^Metadata key ":authority" is an HTTP\/2 pseudo-header;/),
    md(':path pseudo-header', one(':path', '/x'), 'INVALID_REQUEST', /^Metadata key ":path" is an HTTP\/2 pseudo-header;/),
    md(':method pseudo-header', one(':method', 'GET'), 'INVALID_REQUEST', /^Metadata key ":method" is an HTTP\/2 pseudo-header;/),
    md('an empty key with a value', [{ key: '', value: 'orphan' }], 'INVALID_REQUEST', /^Metadata keys cannot be empty\./),
    md('a key with a space', one('x my key'), 'INVALID_REQUEST', /^Metadata key "x my key" may use only letters, digits, "-", "_" and "\."\./),
    md('a key with a colon inside', one('x:key'), 'INVALID_REQUEST', /^Metadata key "x:key" may use only letters, digits, "-", "_" and "\."\./),
    md('a key with non-ASCII letters', one('x-grüße'), 'INVALID_REQUEST', /^Metadata key "x-grüße" may use only letters, digits, "-", "_" and "\."\./),
    md('a key with a newline', one('x-a\nb'), 'INVALID_REQUEST', /^Metadata key "x-a\nb" may use only letters, digits, "-", "_" and "\."/),
    md('a value with a newline (header injection)', one('x-user', 'ada\r\nx-admin: yes'), 'INVALID_REQUEST', /^Metadata "x-user" has characters HTTP\/2 headers cannot carry \(only printable ASCII\)\./),
    md('a value with non-ASCII text', one('x-user', 'Grüße'), 'INVALID_REQUEST', /^Metadata "x-user" has characters HTTP\/2 headers cannot carry \(only printable ASCII\)\./),
    md('a value with a NUL byte', one('x-user', 'a\u0000b'), 'INVALID_REQUEST', /^Metadata "x-user" has characters HTTP\/2 headers cannot carry \(only printable ASCII\)\./),
    md('a -bin value that is not base64', one('x-trace-bin', 'not base64!'), 'INVALID_REQUEST', /^Metadata "x-trace-bin" ends in -bin, so its value must be base64 \(e\.g\./),
    md('a -bin value with base64 padding in the middle', one('x-trace-bin', 'YQ==YQ=='), 'INVALID_REQUEST', /^Metadata "x-trace-bin" ends in -bin, so its value must be base64 \(e\.g\./),
    md('1,000 entries (over 100)', Array.from({ length: 1000 }, (_, i) => ({ key: `x-k${i}`, value: 'v' })), 'INVALID_REQUEST', /^Request metadata has 1000 entries, over the limit of 100 \(servers cap the number of HTTP\/2 headers;/),
    md('one 1 MiB value (over 16 KiB)', one('x-token', 'a'.repeat(1024 * 1024)), 'INVALID_REQUEST', /^Request metadata is 1,048,655 bytes, over the limit of 16,384 bytes \(16 KiB, counted as HTTP\/2 does: key \+ value \+ 32 per entry;/),
    md('many entries that add up over 16 KiB', Array.from({ length: 90 }, (_, i) => ({ key: `x-part${i}`, value: 'v'.repeat(300) })), 'INVALID_REQUEST', /^Request metadata is 30,590 bytes, over the limit of 16,384 bytes \(16 KiB, counted as HTTP\/2 does: key \+ value \+ 32 per entry;/),
    {
      name: 'server reflection with a refused key',
      code: 'INVALID_REQUEST',
      message: /^Metadata key "te" is set by gRPC itself \(always "trailers", the only value HTTP\/2 allows, RFC 9113 §8\.2\.2\);/,
      recover: 'import',
      run: (kit) => kit.resultOutcome(kit.invoke('protos:reflect', { connection: kit.connection(), metadata: one('te', 'trailers') })),
    },
  ],
};
