import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create, toBinary, type DescMethod, type FileRegistry } from '@bufbuild/protobuf';
import { BinaryWriter } from '@bufbuild/protobuf/wire';
import { compileDemoSet, removeTempDirs } from '../protos/test-fixtures/test-helpers';
import { createMethodCodec } from './create-method-codec';
import type { MethodCodec } from './method-codec';

let registry: FileRegistry;
beforeAll(async () => {
  registry = (await compileDemoSet()).set.registry;
});
afterAll(removeTempDirs);

function method(service: string, name: string): DescMethod {
  const found = registry.getService(service)?.methods.find((m) => m.name === name);
  if (!found) throw new Error(`no ${service}.${name}`);
  return found;
}

/** A codec for demo.v1.DemoService.Describe (Everything in, Everything out). */
function everythingCodec(): MethodCodec {
  return createMethodCodec(registry, method('demo.v1.DemoService', 'Describe'));
}

/** Request JSON -> bytes -> response JSON, as a call echoing the request would show it. */
function roundTrip(codec: MethodCodec, json: unknown, emitDefaults = false): unknown {
  const encoded = codec.encodeRequest(typeof json === 'string' ? json : JSON.stringify(json));
  if (!encoded.ok) throw new Error(encoded.error.message);
  const decoded = codec.decodeResponse(encoded.value.bytes, { emitDefaults });
  if (!decoded.ok) throw new Error(decoded.error.message);
  return JSON.parse(decoded.value);
}

describe('the method codec', () => {
  it('round-trips well-known types in their JSON forms', () => {
    const value = {
      createdAt: '2024-05-06T07:08:09.123Z',
      timeout: '1.5s',
      attributes: { region: 'eu', replicas: 3, tags: ['a', 'b'], nested: { ok: true, none: null } },
      nickname: 'nick',
      optionalCount: '42',
    };
    expect(roundTrip(everythingCodec(), value)).toEqual({ ...value, timeout: '1.500s' });
  });

  it('round-trips an Any through the registry', () => {
    const value = { extra: { '@type': 'type.googleapis.com/demo.v1.EchoRequest', message: 'packed' } };
    expect(roundTrip(everythingCodec(), value)).toEqual(value);
    const wkt = { extra: { '@type': 'type.googleapis.com/google.protobuf.Duration', value: '2s' } };
    expect(roundTrip(everythingCodec(), wkt)).toEqual(wkt);
  });

  it('keeps a map key "__proto__" when the request also holds a long integer (found by test/property)', () => {
    const text = '{"counts": {"__proto__": 1, "a": 2}, "labelsById": {"9007199254740993": "big"}}';
    expect(roundTrip(everythingCodec(), text)).toEqual(JSON.parse(text));
  });

  it('round-trips maps, including int64 keys', () => {
    const value = { counts: { a: 1, b: -2 }, labelsById: { '9007199254740993': 'big', '-7': 'negative' } };
    expect(roundTrip(everythingCodec(), value)).toEqual(value);
  });

  it('round-trips a oneof and rejects two members', () => {
    expect(roundTrip(everythingCodec(), { nestedChoice: { label: 'x' } })).toEqual({ nestedChoice: { label: 'x' } });
    const twice = everythingCodec().encodeRequest('{"textChoice": "a", "numberChoice": 2}');
    expect(twice.ok ? null : twice.error).toMatchObject({ code: 'BAD_JSON', details: { path: 'numberChoice' } });
    expect(twice.ok ? '' : twice.error.message).toContain('oneof "choice"');
  });

  it('keeps int64 beyond 2^53 exact, as a string and as a bare number', () => {
    expect(roundTrip(everythingCodec(), { bigNumber: '9007199254740993', unsignedBig: '18446744073709551615' })).toEqual({
      bigNumber: '9007199254740993',
      unsignedBig: '18446744073709551615',
    });
    expect(roundTrip(everythingCodec(), '{"bigNumber": 9007199254740993, "optionalCount": -9007199254740995}')).toEqual({
      bigNumber: '9007199254740993',
      optionalCount: '-9007199254740995',
    });
    // A huge number in a Struct stays a JSON number.
    expect(roundTrip(everythingCodec(), '{"attributes": {"n": 12345678901234567890}}')).toEqual({ attributes: { n: 12345678901234567000 } });
  });

  it('accepts enum numbers as well as names', () => {
    expect(roundTrip(everythingCodec(), { color: 2 })).toEqual({ color: 'COLOR_GREEN' });
    expect(roundTrip(everythingCodec(), { color: 'COLOR_BLUE' })).toEqual({ color: 'COLOR_BLUE' });
  });

  it('keeps an unknown enum number in a response as that number', () => {
    // Everything.color (field 7) = 7, which the proto does not define.
    const bytes = new BinaryWriter().tag(7, 0).int32(7).finish();
    const decoded = everythingCodec().decodeResponse(bytes, { emitDefaults: false });
    expect(decoded.ok && JSON.parse(decoded.value)).toEqual({ color: 7 });
  });

  it('emits default values only when asked', () => {
    const codec = createMethodCodec(registry, method('demo.v1.DemoService', 'Echo'));
    const empty = new Uint8Array();
    const plain = codec.decodeResponse(empty, { emitDefaults: false });
    const withDefaults = codec.decodeResponse(empty, { emitDefaults: true });
    expect(plain.ok && JSON.parse(plain.value)).toEqual({});
    expect(withDefaults.ok && JSON.parse(withDefaults.value)).toEqual({ message: '' });
    const everything = everythingCodec().decodeResponse(empty, { emitDefaults: true });
    expect(everything.ok && JSON.parse(everything.value)).toMatchObject({ bigNumber: '0', color: 'COLOR_UNSPECIFIED', tags: [], counts: {} });
  });

  it('returns the canonical JSON of what is sent, and the exact wire bytes', () => {
    const codec = createMethodCodec(registry, method('demo.v1.DemoService', 'Echo'));
    const encoded = codec.encodeRequest('{"message": "hi"}');
    if (!encoded.ok) throw new Error(encoded.error.message);
    const echoRequest = registry.getMessage('demo.v1.EchoRequest');
    if (!echoRequest) throw new Error('no EchoRequest');
    expect(encoded.value.bytes).toEqual(toBinary(echoRequest, create(echoRequest, { message: 'hi' })));
    expect(encoded.value.json).toBe('{"message":"hi"}');
    // Empty text is the empty message, as with grpcurl -d ''.
    expect(codec.encodeRequest('  ').ok && codec.encodeRequest('  ')).toMatchObject({ ok: true, value: { json: '{}' } });
  });

  describe('bad request JSON', () => {
    const cases: [string, string, string][] = [
      ['{"nested": {"child": {"label": 3}}}', 'nested.child.label', 'expected string, got 3'],
      ['{"tags": ["a", 2]}', 'tags[1]', 'expected string'],
      ['{"counts": {"a": "x"}}', 'counts["a"]', 'int32'],
      ['{"labelsById": {"x": "a"}}', 'labelsById["x"]', 'int64'],
      ['{"nested": {"lable": "x"}}', 'nested.lable', 'did you mean "label"'],
      ['{"color": "PURPLE"}', 'color', 'COLOR_RED'],
      ['{"createdAt": "yesterday"}', 'createdAt', '2024-01-01T00:00:00Z'],
      ['{"timeout": 3}', 'timeout', '"1.5s"'],
      ['{"extra": {"@type": "type.googleapis.com/demo.v1.EchoRequest", "mesage": "x"}}', 'extra.mesage', 'did you mean "message"'],
      ['{"extra": {"@type": "type.googleapis.com/nope.Missing"}}', 'extra', 'nope.Missing'],
      ['{"bigNumber": "12x"}', 'bigNumber', 'int64'],
    ];
    for (const [json, path, hint] of cases) {
      it(`names the field path ${path}`, () => {
        const result = everythingCodec().encodeRequest(json);
        expect(result.ok ? null : result.error).toMatchObject({ code: 'BAD_JSON', details: { path } });
        expect(result.ok ? '' : result.error.message).toContain(hint);
        expect(result.ok ? '' : result.error.message).toContain(`"${path}"`);
      });
    }

    it('gives line and column of a syntax error', () => {
      const result = everythingCodec().encodeRequest('{\n  "name": "x",\n  "enabled": tru\n}');
      expect(result.ok ? null : result.error).toMatchObject({ code: 'BAD_JSON', details: { path: '', line: 3, column: 14 } });
      expect(result.ok ? '' : result.error.message).toContain('line 3, column 14');
    });

    it('names a missing proto2 required field', () => {
      const codec = createMethodCodec(registry, method('tutorial.AddressBookService', 'AddPerson'));
      const result = codec.encodeRequest('{"name": "Ada", "id": 1, "phones": [{"type": "WORK"}]}');
      expect(result.ok ? null : result.error).toMatchObject({ code: 'BAD_JSON', details: { path: 'phones[0].number' } });
      expect(codec.encodeRequest('{"name": "Ada", "id": 1, "phones": [{"number": "1"}]}').ok).toBe(true);
    });
  });

  describe('deep nesting', () => {
    /** `levels` levels of JSON objects: Everything, then Nested.child down to an empty innermost. */
    function nestedJson(levels: number): string {
      return `{"nested":${'{"child":'.repeat(levels - 2)}{}${'}'.repeat(levels - 1)}`;
    }
    const TOO_DEEP = 'The request JSON is nested deeper than 100 levels; protobuf JSON allows at most 100 levels of nesting.';

    it('says what the limit is for 10,000-level JSON (it overflowed the stack)', () => {
      const codec = everythingCodec();
      const result = codec.encodeRequest(nestedJson(10_000));
      // Level 101 opens after the top object ("{"nested":", 10 characters) and 99 '{"child":' (9 each).
      const column = 10 + 9 * 99 + 1;
      expect(result.ok ? null : result.error).toEqual({
        code: 'BAD_JSON',
        message: `${TOO_DEEP} Level 101 opens at line 1, column ${column}.`,
        details: { path: '', line: 1, column, offset: column - 1, maxNesting: 100 },
      });
      expect(codec.encodeRequest('{"name": "after"}').ok).toBe(true);
    });

    it('refuses 101 levels, also in text that is not valid JSON, and accepts 100', () => {
      const codec = everythingCodec();
      const over = codec.encodeRequest(nestedJson(101));
      expect(over.ok ? '' : over.error.message).toContain(TOO_DEEP);
      const broken = codec.encodeRequest(`${'['.repeat(5000)}oops`);
      expect(broken.ok ? '' : broken.error.message).toBe(`${TOO_DEEP} Level 101 opens at line 1, column 101.`);
      // Brackets inside strings do not count.
      expect(codec.encodeRequest(JSON.stringify({ name: '{'.repeat(500) })).ok).toBe(true);
      const hundred = codec.encodeRequest(nestedJson(100));
      expect(hundred.ok ? null : hundred.error).toBeNull();
    });

    it('says when messages nest deeper than 100 within fewer JSON levels (an Any and its packed message count a level each)', () => {
      const codec = everythingCodec();
      const packed = (depth: number) => `{"extra":${'{"@type":"type.googleapis.com/demo.v1.Everything","extra":'.repeat(depth)}{}${'}'.repeat(depth)}}`;
      const result = codec.encodeRequest(packed(60)); // 61 JSON levels, 121 messages
      expect(result.ok ? null : result.error).toMatchObject({ code: 'BAD_JSON', details: { path: '' } });
      expect(result.ok ? '' : result.error.message).toMatch(
        /^The request nests messages deeper than 100 levels \(at message (demo\.v1\.Everything|google\.protobuf\.Any)\); protobuf allows at most 100 levels of nested messages\.$/,
      );
      expect(codec.encodeRequest(packed(40)).ok).toBe(true);
    });

    it('says when a response nests messages deeper than 100 levels', () => {
      // Everything.nested (field 11), then Nested.child (field 2) 120 times, innermost empty.
      let bytes: Uint8Array = new Uint8Array(0);
      for (let i = 0; i < 120; i++) bytes = new BinaryWriter().tag(2, 2).bytes(bytes).finish();
      bytes = new BinaryWriter().tag(11, 2).bytes(bytes).finish();
      const decoded = everythingCodec().decodeResponse(bytes, { emitDefaults: false });
      expect(decoded.ok ? null : decoded.error).toEqual({
        code: 'INTERNAL',
        message: `The response (${bytes.length} bytes) nests messages deeper than 100 levels (at message demo.v1.Everything.Nested); protobuf allows at most 100 levels of nested messages.`,
      });
    });
  });

  it('says when response bytes do not match the message', () => {
    const decoded = everythingCodec().decodeResponse(new Uint8Array([0x0a, 0x05, 0x61]), { emitDefaults: false });
    expect(decoded.ok ? null : decoded.error.code).toBe('INTERNAL');
    expect(decoded.ok ? '' : decoded.error.message).toContain('demo.v1.Everything');
  });
});
