/** One metadata entry as the user typed it. Keys ending in "-bin" carry base64 values. */
export interface MetadataEntry {
  key: string;
  value: string;
}

/** Metadata received from a server. Binary values (keys ending in "-bin") are base64. */
export type ReceivedMetadata = MetadataEntry[];

const KEY_PATTERN = /^[0-9a-z_.-]+$/;

const NOT_STARTED = 'so the call is not started';

function connectionSpecific(citation: string): (key: string) => string {
  return (key) => `Metadata key "${key}" is an HTTP/2 connection-specific header; HTTP/2 forbids it in a request (${citation}), ${NOT_STARTED}.`;
}

function setByGrpc(wireValue: string, hint = ''): (key: string) => string {
  return (key) => `Metadata key "${key}" is set by gRPC itself (${wireValue}); a value typed here would be replaced without notice, ${NOT_STARTED}.${hint}`;
}

function reservedForGrpc(instead: string): (key: string) => string {
  return (key) => `Metadata key "${key}" is reserved for gRPC itself; ${instead}`;
}

/**
 * The one list of request metadata keys the workbench refuses, with why. Keys are lower case
 * (metadata keys are case-insensitive and go out lower-cased). Two kinds:
 * - HTTP/2 connection-specific headers. Node's HTTP/2 throws on them when grpc-js opens the
 *   stream; grpc-js treats that as a broken connection and retries the pick at once, forever:
 *   a hot loop at 100% CPU, with the call never ending, on a channel other tabs share.
 * - Headers grpc-js writes itself for every call, replacing whatever the user typed.
 * Keys starting with "grpc-" and pseudo-headers (":path", ...) are refused by pattern below.
 */
const RESERVED_KEYS: ReadonlyMap<string, (key: string) => string> = new Map([
  ['connection', connectionSpecific('RFC 9113 §8.2.2')],
  ['keep-alive', connectionSpecific('RFC 9113 §8.2.2')],
  ['proxy-connection', connectionSpecific('RFC 9113 §8.2.2')],
  ['transfer-encoding', connectionSpecific('RFC 9113 §8.2.2')],
  ['upgrade', connectionSpecific('RFC 9113 §8.2.2')],
  ['http2-settings', connectionSpecific('it only belongs to an HTTP/1.1 upgrade, RFC 7540 §3.2.1')],
  ['te', setByGrpc('always "trailers", the only value HTTP/2 allows, RFC 9113 §8.2.2')],
  ['host', (key) => `Metadata key "${key}" would contradict the :authority gRPC sends from the server address (HTTP/2 carries the host as :authority, RFC 9113 §8.3.1), ${NOT_STARTED}. To send another authority, use the Server name override.`],
  ['content-type', setByGrpc('always "application/grpc"')],
  ['accept-encoding', setByGrpc('always "identity"', ' Message compression is the Compression connection setting.')],
  ['user-agent', setByGrpc('from the connection\'s user-agent setting, in front of grpc-workbench/<version>', ' Set that instead: userAgent in the connection settings of a collection, or --user-agent in an imported grpcurl command.')],
  ['grpc-timeout', reservedForGrpc('set the deadline instead.')],
  ['grpc-encoding', reservedForGrpc('choose the Compression connection setting instead.')],
  ['grpc-accept-encoding', reservedForGrpc('gRPC lists the compressions it accepts by itself.')],
]);

/** Every key reservedMetadataKeyProblem refuses by name (besides any "grpc-" key and pseudo-headers). */
export const RESERVED_METADATA_KEYS: readonly string[] = [...RESERVED_KEYS.keys()];

/**
 * Why the workbench refuses to send this request metadata key, or null if it may be sent:
 * HTTP/2 connection-specific headers, pseudo-headers, "grpc-" keys and the headers grpc-js
 * sets itself. Case-insensitive. The one source for the renderer (before Invoke) and the
 * engine (which refuses the call before any channel work).
 */
export function reservedMetadataKeyProblem(key: string): string | null {
  const shown = key.trim();
  const lower = shown.toLowerCase();
  const known = RESERVED_KEYS.get(lower);
  if (known !== undefined) return known(shown);
  if (lower.startsWith(':')) {
    return `Metadata key "${shown}" is an HTTP/2 pseudo-header; gRPC sets the request's pseudo-headers (:method, :scheme, :path and :authority, RFC 9113 §8.3.1) itself and metadata cannot add one, ${NOT_STARTED}.`;
  }
  if (lower.startsWith('grpc-')) return `Metadata key "${shown}" is reserved: keys starting with "grpc-" belong to gRPC itself.`;
  return null;
}

/** Validate a metadata key as the gRPC spec defines it (lower-case ASCII; grpc- is reserved), and as one the workbench may send. */
export function metadataKeyProblem(key: string): string | null {
  if (key.length === 0) return 'Metadata keys cannot be empty.';
  const reserved = reservedMetadataKeyProblem(key);
  if (reserved !== null) return reserved;
  const lower = key.toLowerCase();
  if (!KEY_PATTERN.test(lower)) return `Metadata key "${key}" may use only letters, digits, "-", "_" and ".".`;
  return null;
}

/**
 * Request metadata bounds. Metadata travels as HTTP/2 headers and servers cap those; above the
 * caps the call dies with a transport error (RESOURCE_EXHAUSTED "Bandwidth exhausted", INTERNAL
 * "RST_STREAM with code 9", ...) that names neither the cause nor the key, so refuse first.
 *
 * Entries: Node's HTTP/2 (so every grpc-js server) takes at most 128 header fields per request
 * (maxHeaderListPairs), and about 10 of those are gRPC's own (:method, :path, te, user-agent,
 * ...): a grpc-js server fails 119 entries. Envoy's default is 100 headers. So 100.
 *
 * Size: counted as HTTP/2 counts SETTINGS_MAX_HEADER_LIST_SIZE, key + value + 32 bytes per entry
 * (RFC 7541 §4.1). gRPC C++/Python/Ruby servers reject metadata above 16 KiB by default
 * (grpc.absolute_max_metadata_size, with random rejections from 8 KiB), grpc-java above 8 KiB;
 * grpc-go and grpc-js accept more. 16 KiB keeps a call that most servers accept and stops the
 * 1 MB values that no common server takes. Values of "-bin" keys count as their base64 text,
 * which is what goes on the wire.
 */
export const MAX_REQUEST_METADATA_ENTRIES = 100;
export const MAX_REQUEST_METADATA_BYTES = 16 * 1024;
/** Per-entry overhead in the HTTP/2 header list size (RFC 7541 §4.1). */
const ENTRY_OVERHEAD_BYTES = 32;

function bytesText(n: number): string {
  return n.toLocaleString('en-US');
}

/** The entry's share of the HTTP/2 header list size: key + value + 32. */
export function metadataEntryBytes(entry: MetadataEntry): number {
  return entry.key.trim().length + entry.value.trim().length + ENTRY_OVERHEAD_BYTES;
}

/**
 * Whether request metadata (already without the editor's empty rows) is within the bounds
 * above; the message names the limit and the entry that goes over it.
 */
export function requestMetadataSizeProblem(entries: readonly MetadataEntry[]): { index: number; key: string; message: string } | null {
  if (entries.length > MAX_REQUEST_METADATA_ENTRIES) {
    const index = MAX_REQUEST_METADATA_ENTRIES;
    const key = entries[index]?.key.trim() ?? '';
    return {
      index,
      key,
      message: `Request metadata has ${entries.length} entries, over the limit of ${MAX_REQUEST_METADATA_ENTRIES} (servers cap the number of HTTP/2 headers; grpc-js servers fail at 119). The first entry over it is "${key}" (entry ${index + 1}), ${NOT_STARTED}.`,
    };
  }
  let total = 0;
  for (const [index, entry] of entries.entries()) {
    const bytes = metadataEntryBytes(entry);
    total += bytes;
    if (total > MAX_REQUEST_METADATA_BYTES) {
      const key = entry.key.trim();
      const whole = entries.reduce((sum, e) => sum + metadataEntryBytes(e), 0);
      return {
        index,
        key,
        message:
          `Request metadata is ${bytesText(whole)} bytes, over the limit of ${bytesText(MAX_REQUEST_METADATA_BYTES)} bytes (16 KiB, counted as HTTP/2 does: key + value + 32 per entry; ` +
          `many servers refuse more). It goes over at "${key}" (${bytesText(bytes)} bytes), ${NOT_STARTED}.`,
      };
    }
  }
  return null;
}
