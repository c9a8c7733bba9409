import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { protosDir } from '../resources';
import { protocInstallation } from './protoc-binary';
import { createProtocRunner } from './protoc-runner';
import { addressbookProto, demoProto, makeTempDir, newStore, removeTempDirs } from './test-fixtures/test-helpers';

afterAll(removeTempDirs);

/** `protoc -o out <files>` (optionally with --include_imports), run for real. */
async function protocDashO(out: string, files: string[], includeImports: boolean): Promise<void> {
  const args = [`-I${protosDir()}`, `-I${protocInstallation().includeDir}`, `-o${out}`, ...(includeImports ? ['--include_imports'] : []), ...files];
  const run = await createProtocRunner()(args);
  if (run.exitCode !== 0) throw new Error(run.stderr);
}

describe('importing descriptor sets', () => {
  it('imports a set made with protoc -o --include_imports', async () => {
    const out = join(makeTempDir(), 'demo.binpb');
    await protocDashO(out, [demoProto()], true);
    const { store } = newStore();
    const result = await store.importDescriptorSets({ paths: [out] });
    expect(result.ok ? null : result.error).toBeNull();
    if (!result.ok) return;
    expect(result.value.source).toEqual({ kind: 'descriptor_sets', paths: [out] });
    const methods = result.value.packages.find((p) => p.name === 'demo.v1')?.services[0]?.methods.map((m) => [m.name, m.kind]);
    expect(methods).toContainEqual(['Chat', 'bidi_streaming']);
    expect(methods).toContainEqual(['Sum', 'client_streaming']);
    const codec = store.codecFor({ protoSetId: result.value.id, service: 'demo.v1.DemoService', method: 'Describe' });
    expect(codec.ok && codec.value.codec.encodeRequest('{"createdAt": "2024-01-01T00:00:00Z"}').ok).toBe(true);
  });

  it('supplies well-known types a set made without --include_imports leaves out', async () => {
    const out = join(makeTempDir(), 'demo-only.pb');
    await protocDashO(out, [demoProto()], false);
    const raw = fromBinary(FileDescriptorSetSchema, readFileSync(out));
    expect(raw.file.map((f) => f.name)).toEqual(['demo.proto']);
    const { store } = newStore();
    const result = await store.importDescriptorSets({ paths: [out] });
    expect(result.ok ? null : result.error).toBeNull();
    if (!result.ok) return;
    expect(store.get(result.value.id)?.registry.getMessage('google.protobuf.Timestamp')).toBeDefined();
  });

  it('merges several sets, and a set with several files, keeping shared files once', async () => {
    const dir = makeTempDir();
    await protocDashO(join(dir, 'both.protoset'), [demoProto(), addressbookProto()], true);
    await protocDashO(join(dir, 'demo.protoset'), [demoProto()], true);
    const { store } = newStore();
    const result = await store.importDescriptorSets({ paths: [join(dir, 'demo.protoset'), join(dir, 'both.protoset')] });
    expect(result.ok ? null : result.error).toBeNull();
    if (!result.ok) return;
    expect(result.value.packages.map((p) => p.name)).toEqual(['demo.v1', 'tutorial']);
    // demo.proto + 6 well-known files + addressbook.proto, each once.
    expect(result.value.fileCount).toBe(8);
  });

  it('names a file that does not exist', async () => {
    const missing = join(makeTempDir(), 'missing.binpb');
    const { store } = newStore();
    const result = await store.importDescriptorSets({ paths: [missing] });
    expect(result.ok ? null : result.error).toMatchObject({ code: 'PROTO_IMPORT', details: { file: missing } });
    expect(result.ok ? '' : result.error.message).toContain(missing);
  });

  it('says when a file is not a descriptor set', async () => {
    const { store } = newStore();
    const result = await store.importDescriptorSets({ paths: [demoProto()] });
    expect(result.ok ? null : result.error.code).toBe('PROTO_IMPORT');
    expect(result.ok ? '' : result.error.message).toContain('is not a FileDescriptorSet');
  });

  it('names an import that is missing and cannot be supplied', async () => {
    const dir = makeTempDir();
    await protocDashO(join(dir, 'full.pb'), [demoProto()], true);
    const full = fromBinary(FileDescriptorSetSchema, readFileSync(join(dir, 'full.pb')));
    const demo = full.file.find((f) => f.name === 'demo.proto');
    if (!demo) throw new Error('demo.proto missing');
    demo.dependency.push('vendor/extra.proto');
    writeFileSync(join(dir, 'broken.pb'), toBinary(FileDescriptorSetSchema, create(FileDescriptorSetSchema, { file: full.file })));
    const { store } = newStore();
    const result = await store.importDescriptorSets({ paths: [join(dir, 'broken.pb')] });
    expect(result.ok ? null : result.error.code).toBe('PROTO_IMPORT');
    expect(result.ok ? '' : result.error.message).toContain('vendor/extra.proto (imported by demo.proto)');
  });
});
