import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { create, createFileRegistry, equals, fromBinary, toBinary } from '@bufbuild/protobuf';
import { BinaryWriter } from '@bufbuild/protobuf/wire';
import { FileDescriptorProtoSchema, FileDescriptorSetSchema, SourceCodeInfoSchema } from '@bufbuild/protobuf/wkt';
import { protosDir } from '../resources';
import { parseDescriptorSetBytes } from './descriptor-set-parser';
import { addressbookProto, demoProto, makeTempDir, removeTempDirs, writeTree } from './test-fixtures/test-helpers';
import { buildCatalog } from './catalog-builder';
import { createProtoSetStore } from './proto-set-store';

afterAll(removeTempDirs);

const COMMENTED =
  'syntax = "proto3";\npackage c.v1;\n// Leading service comment.\nservice First {\n  // Leading.\n  rpc A(M) returns (M); // trailing of A\n' +
  '  rpc B(M) returns (M); // only a trailing comment\n\n  // Detached.\n\n  rpc C(M) returns (M);\n  /* Block\n     comment */\n  rpc D(M) returns (M);\n}\n' +
  'service Second { rpc E(M) returns (M); }\n// M.\nmessage M { string s = 1; }\n';

/** The bytes protoc wrote (--include_imports --include_source_info), as the descriptor cache keeps them. */
async function protocSetBytes(): Promise<Uint8Array> {
  const cacheDir = makeTempDir('wb-cache-');
  const dir = makeTempDir();
  writeTree(dir, { 'commented.proto': COMMENTED });
  const request = { protoFiles: [demoProto(), addressbookProto(), join(dir, 'commented.proto')], importPaths: [protosDir(), dir] };
  const compiled = await createProtoSetStore({ cacheDir }).compile(request);
  if (!compiled.ok) throw new Error(compiled.error.message);
  const name = readdirSync(cacheDir).find((n) => n.endsWith('.binpb'));
  if (!name) throw new Error('no cached set');
  return new Uint8Array(readFileSync(join(cacheDir, name)));
}

describe('parseDescriptorSetBytes', () => {
  it('reads what fromBinary reads, source info included', async () => {
    const bytes = await protocSetBytes();
    const parsed = parseDescriptorSetBytes(bytes);
    const plain = fromBinary(FileDescriptorSetSchema, bytes);
    expect(parsed.file.map((f) => f.name)).toEqual(plain.file.map((f) => f.name));
    expect(plain.file.some((f) => (f.sourceCodeInfo?.location.length ?? 0) > 0)).toBe(true);
    expect(equals(FileDescriptorSetSchema, parsed, plain)).toBe(true);
    expect(toBinary(FileDescriptorSetSchema, parsed)).toEqual(toBinary(FileDescriptorSetSchema, plain));
    parsed.file.forEach((file, i) => expect(file.sourceCodeInfo).toEqual(plain.file[i]?.sourceCodeInfo));
  });

  it('decodes a file’s source info only when it is read, once, and lets it be replaced', async () => {
    const parsed = parseDescriptorSetBytes(await protocSetBytes());
    const demo = parsed.file.find((f) => f.name === 'demo.proto');
    if (!demo) throw new Error('demo.proto missing');
    expect(Object.getOwnPropertyDescriptor(demo, 'sourceCodeInfo')?.get).toBeTypeOf('function');
    const info = demo.sourceCodeInfo;
    expect(info?.location.some((l) => l.leadingComments.includes('DemoService shows all four kinds'))).toBe(true);
    expect(Object.getOwnPropertyDescriptor(demo, 'sourceCodeInfo')?.value).toBe(info);
    expect(demo.sourceCodeInfo).toBe(info);

    const other = parsed.file.find((f) => f.name === 'addressbook.proto');
    if (!other) throw new Error('addressbook.proto missing');
    other.sourceCodeInfo = undefined;
    expect(other.sourceCodeInfo).toBeUndefined();
    expect({ ...other }.sourceCodeInfo).toBeUndefined();
  });

  it('gives the catalog the same comments from undecoded source info as from decoded', async () => {
    const bytes = await protocSetBytes();
    const deferred = buildCatalog(createFileRegistry(parseDescriptorSetBytes(bytes)));
    const decoded = buildCatalog(createFileRegistry(fromBinary(FileDescriptorSetSchema, bytes)));
    expect(deferred).toEqual(decoded);
    const first = deferred.find((p) => p.name === 'c.v1')?.services.find((s) => s.name === 'First');
    expect(first?.comment).toBe('Leading service comment.');
    expect(first?.methods.map((m) => m.comment)).toEqual(['Leading.', '', '', ' Block\ncomment']);
    expect(deferred.find((p) => p.name === 'demo.v1')?.services[0]?.comment).toBe('DemoService shows all four kinds of gRPC call.');
  });

  it('merges a source_code_info that occurs twice, as protobuf does', () => {
    const first = create(SourceCodeInfoSchema, { location: [{ path: [4, 0], leadingComments: ' one\n' }] });
    const second = create(SourceCodeInfoSchema, { location: [{ path: [4, 1], leadingComments: ' two\n' }] });
    const file = toBinary(FileDescriptorProtoSchema, create(FileDescriptorProtoSchema, { name: 'a.proto', package: 'a', messageType: [{ name: 'A' }, { name: 'B' }] }));
    const writer = new BinaryWriter();
    writer.raw(file);
    writer.tag(9, 2).bytes(toBinary(SourceCodeInfoSchema, first));
    writer.tag(9, 2).bytes(toBinary(SourceCodeInfoSchema, second));
    const set = new BinaryWriter().tag(1, 2).bytes(writer.finish()).finish();

    const parsed = parseDescriptorSetBytes(set);
    expect(parsed.file[0]?.sourceCodeInfo?.location.map((l) => l.leadingComments)).toEqual([' one\n', ' two\n']);
    expect(equals(FileDescriptorSetSchema, parsed, fromBinary(FileDescriptorSetSchema, set))).toBe(true);
  });

  it('throws on bytes that are not a descriptor set, as fromBinary does', () => {
    const garbage = new Uint8Array([0x0a, 0x05, 0x0a, 0xff, 0xff]);
    expect(() => fromBinary(FileDescriptorSetSchema, garbage)).toThrow();
    expect(() => parseDescriptorSetBytes(garbage)).toThrow();
  });
});
