import { Metadata } from '@grpc/grpc-js';
import { metadataKeyProblem, requestMetadataSizeProblem, type MetadataEntry, type ReceivedMetadata } from '../../../shared/metadata';
import { err, ok, type Result } from '../../../shared/result';

/** HTTP/2 header values must be printable ASCII (grpc-js checks the same). */
const PRINTABLE_ASCII = /^[ -~]*$/;
/** Standard or URL-safe base64, padding optional. */
const BASE64 = /^(?:[A-Za-z0-9+/_-]{4})*(?:[A-Za-z0-9+/_-]{2}(?:==)?|[A-Za-z0-9+/_-]{3}=?)?$/;

function problem(index: number, key: string, message: string): Result<never> {
  return err('INVALID_REQUEST', message, { field: 'metadata', index, key });
}

/**
 * The request metadata the user typed, as grpc-js Metadata. Keys are lower-cased (gRPC keys
 * are case-insensitive, grpc-js accepts lower case only); values of "-bin" keys are base64 and
 * go out as bytes. Rows with neither key nor value are the editor's empty row and are skipped.
 * Nothing else is dropped or replaced: a key that HTTP/2 forbids or that grpc-js sets itself
 * (shared/metadata.ts) and metadata over the size bounds refuse the whole call, saying why.
 * Run it before any channel work: a connection-specific header would send grpc-js into an
 * endless retry loop on the (shared) channel.
 */
export function buildRequestMetadata(entries: readonly MetadataEntry[]): Result<Metadata> {
  const metadata = new Metadata();
  const sent: { index: number; entry: MetadataEntry }[] = [];
  for (const [index, entry] of entries.entries()) {
    const key = entry.key.trim().toLowerCase();
    if (key === '' && entry.value.trim() === '') continue;
    // The key as typed (trimmed), so the message shows what the user wrote.
    const keyProblem = metadataKeyProblem(entry.key.trim());
    if (keyProblem !== null) return problem(index, entry.key, keyProblem);
    sent.push({ index, entry: { key, value: entry.value } });
    if (key.endsWith('-bin')) {
      const value = entry.value.trim();
      if (!BASE64.test(value)) {
        return problem(index, entry.key, `Metadata "${key}" ends in -bin, so its value must be base64 (e.g. "aGVsbG8=" for "hello"); "${entry.value}" is not.`);
      }
      metadata.add(key, Buffer.from(value, value.includes('-') || value.includes('_') ? 'base64url' : 'base64'));
    } else {
      if (!PRINTABLE_ASCII.test(entry.value)) {
        return problem(index, entry.key, `Metadata "${key}" has characters HTTP/2 headers cannot carry (only printable ASCII). Send other text as bytes: name the key "${key}-bin" and give the value in base64.`);
      }
      metadata.add(key, entry.value);
    }
  }
  const tooMuch = requestMetadataSizeProblem(sent.map((s) => s.entry));
  if (tooMuch !== null) {
    // Name the entry by its place in the request and as the user typed it.
    const index = sent[tooMuch.index]?.index ?? tooMuch.index;
    return problem(index, entries[index]?.key ?? tooMuch.key, tooMuch.message);
  }
  return ok(metadata);
}

/** Metadata received from the server, in order; binary values as base64. */
export function toReceivedMetadata(metadata: Metadata): ReceivedMetadata {
  const received: ReceivedMetadata = [];
  for (const [key, values] of Object.entries(metadata.toJSON())) {
    for (const value of values) {
      received.push({ key, value: typeof value === 'string' ? value : Buffer.from(value).toString('base64') });
    }
  }
  return received;
}
