// Property tests of the JSON codec (electron/engine/codec/create-method-codec.ts) over a real
// protoc-compiled message with every kind of field: canonical JSON -> wire bytes -> JSON is
// exact; 64-bit integers beyond 2^53 written as bare numbers stay exact (as strings); and no
// text, JSON value or byte string makes it throw.
import { join, resolve } from 'node:path';
import type { DescMethod, FileRegistry } from '@bufbuild/protobuf';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMethodCodec } from '../../electron/engine/codec/create-method-codec';
import type { MethodCodec } from '../../electron/engine/codec/method-codec';
import { newStore, removeTempDirs } from '../../electron/engine/protos/test-fixtures/test-helpers';

const RUNS = { numRuns: Number(process.env.PROPERTY_RUNS ?? 300) };
const FIXTURES = resolve(__dirname, '..', 'fixtures', 'property');

let codec: MethodCodec;
beforeAll(async () => {
  const { store } = newStore();
  const compiled = await store.compile({ protoFiles: [join(FIXTURES, 'codec_property.proto')], importPaths: [FIXTURES] });
  if (!compiled.ok) throw new Error(compiled.error.message);
  const registry: FileRegistry = store.get(compiled.value.id)!.registry;
  const method: DescMethod | undefined = registry.getService('property.v1.PropertyService')?.methods[0];
  if (!method) throw new Error('property.v1.PropertyService.Echo not compiled');
  codec = createMethodCodec(registry, method);
}, 60_000);
afterAll(removeTempDirs);

// Canonical proto3 JSON, as protobuf-es writes it: singular fields at their default are left
// out, 64-bit integers are decimal strings, bytes standard base64, enums by name.
const INT64 = { min: -(2n ** 63n), max: 2n ** 63n - 1n };
const UINT64 = { min: 0n, max: 2n ** 64n - 1n };
const int64 = fc.bigInt(INT64).map(String);
const uint64 = fc.bigInt(UINT64).map(String);
const nonZero = (text: fc.Arbitrary<string>) => text.filter((t) => t !== '0');
const noNegativeZero = (n: number) => (Object.is(n, -0) ? 0 : n);
const doubleJson = fc.double().map((d) => (Number.isNaN(d) ? 'NaN' : d === Infinity ? 'Infinity' : d === -Infinity ? '-Infinity' : noNegativeZero(d)));
const floatJson = fc.float().map((f) => (Number.isNaN(f) ? 'NaN' : f === Infinity ? 'Infinity' : f === -Infinity ? '-Infinity' : noNegativeZero(f)));
const isDefault = (v: unknown) => v === 0 || v === '' || v === false;
// Valid Unicode only: proto3 strings are UTF-8, so a lone surrogate cannot survive the wire.
const text = fc.string({ unit: 'binary', maxLength: 12 });
const base64 = fc.uint8Array({ maxLength: 24 }).map((bytes) => Buffer.from(bytes).toString('base64'));
const colorName = fc.constantFrom('COLOR_UNSPECIFIED', 'COLOR_RED', 'COLOR_GREEN', 'COLOR_BLUE');
const setColor = fc.constantFrom('COLOR_RED', 'COLOR_GREEN', 'COLOR_BLUE');

/** A singular implicit-presence field: absent, or set to a value other than its default. */
function singular<T>(value: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return value.filter((v) => !isDefault(v));
}
function listOf<T>(value: fc.Arbitrary<T>): fc.Arbitrary<T[]> {
  return fc.array(value, { minLength: 1, maxLength: 4 });
}
function mapOf<T>(key: fc.Arbitrary<string>, value: fc.Arbitrary<T>): fc.Arbitrary<Record<string, T>> {
  return fc.dictionary(key, value, { minKeys: 1, maxKeys: 4 });
}

const { inner } = fc.letrec<{ inner: Record<string, unknown> }>((tie) => ({
  inner: fc.record(
    {
      label: singular(text),
      count: nonZero(int64),
      color: setColor,
      children: fc.array(tie('inner'), { minLength: 1, maxLength: 2 }),
    },
    { requiredKeys: [] },
  ),
}));
const innerShallow = fc.record({ label: singular(text), count: nonZero(int64), color: setColor }, { requiredKeys: [] });
const nestedInner = fc.oneof({ depthSize: 'small', withCrossShrink: true }, innerShallow, inner);

const oneofChoice = fc.oneof(
  fc.constant({}),
  text.map((textChoice) => ({ textChoice })), // a oneof member is written even at its default
  int64.map((numberChoice) => ({ numberChoice })),
  nestedInner.map((innerChoice) => ({ innerChoice })),
  colorName.map((colorChoice) => ({ colorChoice })),
);

const canonicalAll = fc
  .tuple(
    fc.record(
      {
        i64: nonZero(int64),
        u64: nonZero(uint64),
        s64: nonZero(int64),
        f64: nonZero(uint64),
        sf64: nonZero(int64),
        i32: singular(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })),
        u32: singular(fc.integer({ min: 0, max: 2 ** 32 - 1 })),
        d: singular(doubleJson),
        f: singular(floatJson),
        s: singular(text),
        b: singular(base64),
        flag: fc.constant(true),
        i64s: listOf(int64),
        strings: listOf(text),
        inners: listOf(nestedInner),
        colors: listOf(colorName),
        ds: listOf(doubleJson),
        counts: mapOf(text, int64),
        names: mapOf(int64, text),
        innerById: mapOf(uint64, nestedInner),
        blobs: mapOf(text, base64),
        inner: nestedInner,
        color: setColor,
      },
      { requiredKeys: [] },
    ),
    oneofChoice,
  )
  .map(([fields, choice]) => ({ ...fields, ...choice }));

function roundTrip(json: string): { sent: unknown; received: unknown } {
  const encoded = codec.encodeRequest(json);
  if (!encoded.ok) throw new Error(`${json} was refused: ${encoded.error.message}`);
  const decoded = codec.decodeResponse(encoded.value.bytes, { emitDefaults: false });
  if (!decoded.ok) throw new Error(decoded.error.message);
  return { sent: JSON.parse(encoded.value.json), received: JSON.parse(decoded.value) };
}

describe('the JSON codec (property)', () => {
  it('canonical JSON -> bytes -> JSON gives back exactly the same JSON', () => {
    fc.assert(
      fc.property(canonicalAll, (value) => {
        const { sent, received } = roundTrip(JSON.stringify(value));
        expect(sent).toEqual(value);
        expect(received).toEqual(value);
      }),
      RUNS,
    );
  });

  it('64-bit integers beyond 2^53 written as bare JSON numbers stay exact, as strings', () => {
    const beyond = fc.bigInt({ min: 2n ** 53n + 1n, max: 2n ** 63n - 1n });
    const unsignedBeyond = fc.bigInt({ min: 2n ** 53n + 1n, max: UINT64.max });
    fc.assert(
      fc.property(beyond, fc.boolean(), unsignedBeyond, (magnitude, negative, unsigned) => {
        const n = negative ? -magnitude : magnitude;
        const json = `{"i64": ${n}, "s64": ${n}, "sf64": ${n}, "u64": ${unsigned}, "f64": ${unsigned}, "i64s": [${n}, ${unsigned > INT64.max ? 1 : unsigned}], "counts": {"k": ${n}}, "numberChoice": ${n}}`;
        const { received } = roundTrip(json);
        expect(received).toEqual({
          i64: String(n),
          s64: String(n),
          sf64: String(n),
          u64: String(unsigned),
          f64: String(unsigned),
          i64s: [String(n), String(unsigned > INT64.max ? 1 : unsigned)],
          counts: { k: String(n) },
          numberChoice: String(n),
        });
      }),
      RUNS,
    );
  });

  it('never throws on any text: invalid JSON, broken valid JSON, or JSON of the wrong shape is a BAD_JSON result', () => {
    const broken = fc.tuple(canonicalAll.map((v) => JSON.stringify(v)), fc.nat(), fc.oneof(fc.constant(''), fc.string({ maxLength: 2 }))).map(([json, at, insert]) => {
      const cut = at % (json.length + 1);
      return `${json.slice(0, cut)}${insert}${json.slice(cut + 1)}`;
    });
    const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), fc.json({ maxDepth: 4 }), broken, fc.jsonValue().map((v) => JSON.stringify({ i64: v, inner: v, names: v })));
    fc.assert(
      fc.property(anyText, (input) => {
        const result = codec.encodeRequest(input);
        if (!result.ok) {
          expect(result.error.code).toBe('BAD_JSON');
          expect(result.error.message.length).toBeGreaterThan(0);
        }
      }),
      RUNS,
    );
  });

  it('never throws on any response bytes: decodes them or says they are not a valid property.v1.All', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.boolean(), (bytes, emitDefaults) => {
        const result = codec.decodeResponse(bytes, { emitDefaults });
        if (!result.ok) {
          expect(result.error.code).toBe('INTERNAL');
          expect(result.error.message).toContain('property.v1.All');
        } else {
          expect(() => JSON.parse(result.value)).not.toThrow();
        }
      }),
      RUNS,
    );
  });
});
