import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { create } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema, type FileDescriptorProto } from '@bufbuild/protobuf/wkt';
import { asProtoSetId } from '../../../shared/ids';
import { protosDir } from '../resources';
import { addressbookProto, compileDemoSet, demoProto, makeTempDir, newStore, removeTempDirs, writeTree } from './test-fixtures/test-helpers';

afterAll(removeTempDirs);

describe('the proto set store', () => {
  it('builds the catalog: packages, services, kinds, paths, comments, deprecation', async () => {
    const { store, set } = await compileDemoSet();
    const summary = store.list().find((s) => s.id === set.id);
    expect(summary?.packages.map((p) => p.name)).toEqual(['demo.v1', 'tutorial']);
    const demo = summary?.packages[0]?.services[0];
    expect(demo).toMatchObject({ name: 'DemoService', fullName: 'demo.v1.DemoService', comment: 'DemoService shows all four kinds of gRPC call.', deprecated: false });
    expect(demo?.methods.map((m) => [m.name, m.kind])).toEqual([
      ['Echo', 'unary'],
      ['CountUp', 'server_streaming'],
      ['Sum', 'client_streaming'],
      ['Chat', 'bidi_streaming'],
      ['Fail', 'unary'],
      ['Slow', 'unary'],
      ['Large', 'unary'],
      ['Describe', 'unary'],
      ['Whoami', 'unary'],
      ['Flaky', 'unary'],
      ['OldEcho', 'unary'],
    ]);
    expect(demo?.methods[0]).toEqual({
      name: 'Echo',
      fullName: 'demo.v1.DemoService.Echo',
      path: '/demo.v1.DemoService/Echo',
      kind: 'unary',
      inputType: 'demo.v1.EchoRequest',
      outputType: 'demo.v1.EchoResponse',
      comment:
        'Echo returns the message it receives. Request metadata comes back as response\nheaders (prefixed "echo-") and trailers (prefixed "trailer-echo-").',
      deprecated: false,
    });
    expect(demo?.methods.find((m) => m.name === 'OldEcho')?.deprecated).toBe(true);
    expect(demo?.methods.find((m) => m.name === 'Fail')?.outputType).toBe('google.protobuf.Empty');
  });

  it('gives the same id to the same source, so re-importing replaces instead of duplicating', async () => {
    const { store } = newStore();
    const first = await store.compile({ protoFiles: [demoProto(), addressbookProto()], importPaths: [protosDir()] });
    const second = await store.compile({ protoFiles: [addressbookProto(), demoProto()], importPaths: [protosDir()] });
    const other = await store.compile({ protoFiles: [addressbookProto()], importPaths: [protosDir()] });
    if (!first.ok || !second.ok || !other.ok) throw new Error('compile failed');
    expect(second.value.id).toBe(first.value.id);
    expect(other.value.id).not.toBe(first.value.id);
    expect(store.list().map((s) => s.id)).toEqual([first.value.id, other.value.id]);

    expect(store.remove(first.value.id)).toEqual({ ok: true, value: null });
    expect(store.list().map((s) => s.id)).toEqual([other.value.id]);
    expect(store.remove(first.value.id).ok).toBe(false);
    const gone = store.describeMethod({ protoSetId: first.value.id, service: 'demo.v1.DemoService', method: 'Echo' });
    expect(gone.ok ? null : gone.error.code).toBe('NOT_FOUND');
  });

  it('registers the demo under its own source and id', async () => {
    const { store } = newStore();
    const result = await store.compile({ protoFiles: [demoProto()], importPaths: [protosDir()] }, { source: { kind: 'demo' } });
    expect(result.ok && result.value.id).toBe('demo');
    expect(store.get(asProtoSetId('demo'))?.source).toEqual({ kind: 'demo' });
  });

  it('accepts descriptors in any order, as reflection returns them', async () => {
    const { set } = await compileDemoSet();
    const files = [...set.registry.files].map((f) => f.proto).reverse() as FileDescriptorProto[];
    expect(files[0]?.name).not.toMatch(/^google\/protobuf/);
    const { store } = newStore();
    const result = store.addFromDescriptorSet(create(FileDescriptorSetSchema, { file: files }), { kind: 'reflection', target: 'localhost:50051' });
    expect(result.ok ? null : result.error).toBeNull();
    if (!result.ok) return;
    expect(result.value.id).toMatch(/^reflection-/);
    expect(store.describeMethod({ protoSetId: result.value.id, service: 'demo.v1.DemoService', method: 'Describe' }).ok).toBe(true);
  });

  it('says which service or method is unknown', async () => {
    const { store, set } = await compileDemoSet();
    const noService = store.codecFor({ protoSetId: set.id, service: 'demo.v1.Nope', method: 'Echo' });
    expect(noService.ok ? null : noService.error).toMatchObject({ code: 'NOT_FOUND', details: { service: 'demo.v1.Nope' } });
    const noMethod = store.describeMethod({ protoSetId: set.id, service: 'demo.v1.DemoService', method: 'Nope' });
    expect(noMethod.ok ? null : noMethod.error).toMatchObject({ code: 'NOT_FOUND', details: { method: 'Nope' } });
  });

  it('hands out a codec and the catalog entry for a method', async () => {
    const { store, set } = await compileDemoSet();
    const result = store.codecFor({ protoSetId: set.id, service: 'demo.v1.DemoService', method: 'Echo' });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.method.path).toBe('/demo.v1.DemoService/Echo');
    const encoded = result.value.codec.encodeRequest('{"message": "hi"}');
    expect(encoded.ok && Array.from(encoded.value.bytes)).toEqual([10, 2, 104, 105]);
  });

  it('describes a method whose request is a chain of 5,000 message types (it overflowed the stack), and calls stay bounded', { timeout: 60_000 }, async () => {
    const dir = makeTempDir();
    const types = Array.from({ length: 5000 }, (_, i) => `message M${i} { ${i < 4999 ? `M${i + 1} next = 1;` : 'string leaf = 1;'} }`);
    writeTree(dir, { 'chain.proto': `syntax = "proto3";\npackage chain.v1;\nservice Chain { rpc Go(M0) returns (M0); }\n${types.join('\n')}\n` });
    const { store } = newStore();
    const compiled = await store.compile({ protoFiles: [join(dir, 'chain.proto')], importPaths: [dir] });
    if (!compiled.ok) throw new Error(compiled.error.message);
    const ref = { protoSetId: compiled.value.id, service: 'chain.v1.Chain', method: 'Go' };
    const described = store.describeMethod(ref);
    expect(described.ok ? null : described.error).toBeNull();
    if (!described.ok) return;
    const definitions = described.value.inputSchema.definitions as Record<string, { properties?: Record<string, unknown> }>;
    expect(Object.keys(definitions)).toHaveLength(5000);
    expect(definitions['chain.v1.M4998']?.properties?.next).toMatchObject({ $ref: '#/definitions/chain.v1.M4999' });
    expect(definitions['chain.v1.M4999']?.properties?.leaf).toMatchObject({ type: 'string' });

    const codec = store.codecFor(ref);
    if (!codec.ok) throw new Error(codec.error.message);
    const deep = (levels: number) => `${'{"next":'.repeat(levels - 1)}{}${'}'.repeat(levels - 1)}`;
    const tooDeep = codec.value.codec.encodeRequest(deep(5000));
    expect(tooDeep.ok ? '' : tooDeep.error.message).toMatch(/^The request JSON is nested deeper than 100 levels; protobuf JSON allows at most 100 levels of nesting\./);
    const fine = codec.value.codec.encodeRequest(deep(100));
    expect(fine.ok ? null : fine.error).toBeNull();
    expect(fine.ok && codec.value.codec.decodeResponse(fine.value.bytes, { emitDefaults: false }).ok).toBe(true);
  });

  it('says what the limit is for a cycle of message types too long to compile, and handles one within it', { timeout: 60_000 }, async () => {
    const dir = makeTempDir();
    const cycle = (pkg: string, n: number) =>
      `syntax = "proto3";\npackage ${pkg};\nservice Loop { rpc Go(M0) returns (M0); }\n` +
      Array.from({ length: n }, (_, i) => `message M${i} { M${(i + 1) % n} next = 1; repeated M${(i + 2) % n} more = 2; }`).join('\n');
    writeTree(dir, { 'long.proto': cycle('long.v1', 1500), 'short.proto': cycle('short.v1', 400) });
    const { store } = newStore();
    const long = await store.compile({ protoFiles: [join(dir, 'long.proto')], importPaths: [dir] });
    if (!long.ok) throw new Error(long.error.message);
    const longCodec = store.codecFor({ protoSetId: long.value.id, service: 'long.v1.Loop', method: 'Go' });
    if (!longCodec.ok) throw new Error(longCodec.error.message);
    const refused = longCodec.value.codec.encodeRequest('{"next": {}}');
    expect(refused.ok ? null : refused.error).toEqual({
      code: 'UNSUPPORTED',
      message: expect.stringMatching(
        /^The request long\.v1\.M0 cannot be encoded: 1500 message types reference each other in one cycle \(long\.v1\.M\d+, .*\); at most 500 types in one cycle can be encoded or decoded\.$/,
      ),
    });

    const short = await store.compile({ protoFiles: [join(dir, 'short.proto')], importPaths: [dir] });
    if (!short.ok) throw new Error(short.error.message);
    const shortCodec = store.codecFor({ protoSetId: short.value.id, service: 'short.v1.Loop', method: 'Go' });
    if (!shortCodec.ok) throw new Error(shortCodec.error.message);
    const encoded = shortCodec.value.codec.encodeRequest('{"next": {"next": {}}, "more": [{}]}');
    expect(encoded.ok ? encoded.value.json : encoded.error).toBe('{"next":{"next":{}},"more":[{}]}');
    expect(encoded.ok && shortCodec.value.codec.decodeResponse(encoded.value.bytes, { emitDefaults: false })).toEqual({ ok: true, value: '{"next":{"next":{}},"more":[{}]}' });
  });
});
