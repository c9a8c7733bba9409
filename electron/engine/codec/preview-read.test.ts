// A preview read (readResponse with previewChars) shortens long bytes values before the JSON is
// built: its first previewChars characters must be exactly the full JSON's, and json.length +
// elidedChars exactly the full JSON's length, wherever the bytes sit (nested, repeated, map
// values, a BytesValue wrapper, a oneof), while bytes inside an Any stay whole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create, fromJson, toBinary, type DescMethod, type Registry } from '@bufbuild/protobuf';
import { anyPack } from '@bufbuild/protobuf/wkt';
import { join } from 'node:path';
import { makeTempDir, newStore, removeTempDirs, writeTree } from '../protos/test-fixtures/test-helpers';
import { createMethodCodec } from './create-method-codec';
import type { MethodCodec } from './method-codec';
import { previewBytesKept } from './shorten-bytes-fields';

const PROTO = `syntax = "proto3";
package blobs.v1;
import "google/protobuf/any.proto";
import "google/protobuf/wrappers.proto";
message Inner { string name = 1; bytes data = 2; }
message Blobs {
  string label = 1;
  bytes head = 2;
  repeated bytes parts = 3;
  map<string, bytes> by_name = 4;
  google.protobuf.BytesValue wrapped = 5;
  Inner inner = 6;
  repeated Inner inners = 7;
  oneof choice { bytes chosen = 8; string other = 9; }
  google.protobuf.Any packed = 10;
  int32 after = 11;
}
service BlobService { rpc Get(Blobs) returns (Blobs); }
`;

let registry: Registry;
let method: DescMethod;
let codec: MethodCodec;

beforeAll(async () => {
  const dir = makeTempDir('wb-blobs-');
  writeTree(dir, { 'blobs.proto': PROTO });
  const { store } = newStore();
  const compiled = await store.compile({ protoFiles: [join(dir, 'blobs.proto')], importPaths: [dir] });
  if (!compiled.ok) throw new Error(compiled.error.message);
  const set = store.get(compiled.value.id);
  const found = set?.registry.getService('blobs.v1.BlobService')?.methods[0];
  if (!set || !found) throw new Error('no blobs.v1.BlobService.Get');
  registry = set.registry;
  method = found;
  codec = createMethodCodec(registry, method);
});
afterAll(removeTempDirs);

/** n bytes that differ along the way, so a wrong cut or a shifted base64 shows. */
function bytesOf(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 31 + seed * 7) & 0xff;
  return out;
}

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

function encode(json: Record<string, unknown>): Uint8Array {
  return toBinary(method.output, fromJson(method.output, json as never, { registry }));
}

function readBoth(bytes: Uint8Array, previewChars: number) {
  const full = codec.readResponse(bytes, { emitDefaults: false });
  const preview = codec.readResponse(bytes, { emitDefaults: false, previewChars });
  if (!full.ok || !preview.ok) throw new Error('not decodable');
  return { full: full.value, preview: preview.value };
}

describe('a preview read of a message with long bytes values', () => {
  it('starts exactly like the full JSON and tells its exact length, for bytes at every kind of place', () => {
    const previewChars = 4_000;
    const keep = previewBytesKept(previewChars);
    const long = (seed: number) => b64(bytesOf(keep * 3 + seed, seed));
    const bytes = encode({
      label: 'x',
      head: long(1),
      parts: [b64(bytesOf(10, 2)), long(3)],
      byName: { a: long(4), b: b64(bytesOf(5, 5)) },
      wrapped: long(6),
      inner: { name: 'in', data: long(7) },
      inners: [{ data: long(8) }, { name: 'second' }],
      chosen: long(9),
      after: 42,
    });
    const { full, preview } = readBoth(bytes, previewChars);
    expect(preview.elidedChars).toBeGreaterThan(0);
    expect(preview.json.length + (preview.elidedChars ?? 0)).toBe(full.json.length);
    expect(preview.json.slice(0, previewChars)).toBe(full.json.slice(0, previewChars));
    // Each of the 7 long values (seeds 1, 3, 4, 6, 7, 8, 9) lost all but its first `keep` bytes' base64.
    const b64Chars = (n: number) => 4 * Math.ceil(n / 3);
    const expected = [1, 3, 4, 6, 7, 8, 9].reduce((sum, seed) => sum + b64Chars(keep * 3 + seed) - b64Chars(keep), 0);
    expect(preview.elidedChars).toBe(expected);
  });

  it('is the whole JSON, with nothing elided, when no bytes value is longer than a preview keeps', () => {
    const previewChars = 4_000;
    const bytes = encode({ label: 'y'.repeat(20_000), head: b64(bytesOf(previewBytesKept(previewChars), 1)) });
    const { full, preview } = readBoth(bytes, previewChars);
    expect(preview.elidedChars ?? 0).toBe(0);
    expect(preview.json).toBe(full.json);
  });

  it('keeps the bytes inside an Any whole (they are a packed message, not shown as base64 of their own)', () => {
    const previewChars = 1_000;
    const inner = create(method.output, { label: 'packed' });
    (inner as unknown as { head: Uint8Array }).head = bytesOf(50_000, 3);
    const outer = create(method.output, { label: 'outer' });
    (outer as unknown as { packed: unknown }).packed = anyPack(method.output, inner);
    const { full, preview } = readBoth(toBinary(method.output, outer), previewChars);
    // Only bytes outside Anys are shortened; here there are none.
    expect(preview.elidedChars ?? 0).toBe(0);
    expect(preview.json).toBe(full.json);
  });

  it('reads a 1 MiB payload with the default preview budget: 64 Ki characters exact, the length exact', () => {
    const previewChars = 64 * 1024;
    const payload = bytesOf(1024 * 1024, 11);
    const { full, preview } = readBoth(encode({ label: 'big', head: b64(payload), after: 7 }), previewChars);
    expect(full.json).toBe(JSON.stringify({ label: 'big', head: b64(payload), after: 7 }));
    expect(preview.json.length + (preview.elidedChars ?? 0)).toBe(full.json.length);
    expect(preview.json.slice(0, previewChars)).toBe(full.json.slice(0, previewChars));
    expect(preview.json.length).toBeLessThan(previewChars + 100);
  });
});
