import { afterAll, describe, expect, it } from 'vitest';
import { create } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema, type FileDescriptorProto } from '@bufbuild/protobuf/wkt';
import { asProtoSetId } from '../../../shared/ids';
import { protosDir } from '../resources';
import { addressbookProto, compileDemoSet, demoProto, newStore, removeTempDirs } from './test-fixtures/test-helpers';

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
});
