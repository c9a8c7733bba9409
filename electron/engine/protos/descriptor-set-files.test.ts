import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema, type DescriptorProtoJson, type FileDescriptorSet } from '@bufbuild/protobuf/wkt';
import { fromJson } from '@bufbuild/protobuf';
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

  describe('sets that disagree about a file or a type (protoc refuses duplicate types; one wins only with a warning)', () => {
    const message = (name: string): DescriptorProtoJson => ({ name, field: [{ name: 'f', number: 1, type: 'TYPE_STRING', label: 'LABEL_OPTIONAL', jsonName: 'f' }] });
    const file = (name: string, pkg: string, ...messages: string[]) => ({ name, package: pkg, syntax: 'proto3', messageType: messages.map(message) });
    const writeSet = (path: string, files: ReturnType<typeof file>[]) => {
      writeFileSync(path, toBinary(FileDescriptorSetSchema, fromJson(FileDescriptorSetSchema, { file: files })));
      return path;
    };

    it('refuses one set holding a file twice with different content', async () => {
      const path = writeSet(join(makeTempDir(), 'twice.binpb'), [file('a.proto', 'a', 'A'), file('a.proto', 'a', 'B')]);
      const result = await newStore().store.importDescriptorSets({ paths: [path] });
      expect(result.ok ? null : result.error).toMatchObject({ code: 'PROTO_IMPORT', message: expect.stringMatching(/^The descriptor set .*twice\.binpb holds a\.proto twice, with different content\./), details: { protoFile: 'a.proto', reason: 'duplicate_file' } });
    });

    it('keeps an identical copy once, without a word', async () => {
      const path = writeSet(join(makeTempDir(), 'same.binpb'), [file('a.proto', 'a', 'A'), file('a.proto', 'a', 'A')]);
      const result = await newStore().store.importDescriptorSets({ paths: [path] });
      expect(result.ok && { fileCount: result.value.fileCount, warnings: result.value.warnings }).toEqual({ fileCount: 1, warnings: [] });
    });

    it('refuses a type defined in two files, in one set or across sets', async () => {
      const dir = makeTempDir();
      const one = writeSet(join(dir, 'duptype.binpb'), [file('a.proto', 'p', 'Same'), file('b.proto', 'p', 'Same')]);
      const inOne = await newStore().store.importDescriptorSets({ paths: [one] });
      expect(inOne.ok ? null : inOne.error).toMatchObject({ code: 'PROTO_IMPORT', details: { type: 'p.Same', firstFile: 'a.proto', secondFile: 'b.proto' } });
      expect(inOne.ok ? '' : inOne.error.message).toMatch(/^"p\.Same" is defined twice, in a\.proto and in b\.proto \(in the descriptor set .*duptype\.binpb\)\. protoc refuses this too/);
      const left = writeSet(join(dir, 'left.binpb'), [file('left.proto', 'p', 'Outer')]);
      const right = writeSet(join(dir, 'right.binpb'), [{ ...file('right.proto', 'p', 'Other'), messageType: [{ ...message('Other'), nestedType: [message('Inner')] }] }, file('outer.proto', 'p', 'Outer')]);
      const across = await newStore().store.importDescriptorSets({ paths: [left, right] });
      expect(across.ok ? '' : across.error.message).toMatch(/^"p\.Outer" is defined twice, in left\.proto and in outer\.proto \(in the descriptor sets .*left\.binpb and .*right\.binpb\)/);
    });

    it('two sets defining a file differently: the first listed is used, and a warning says so', async () => {
      const dir = makeTempDir();
      const one = writeSet(join(dir, 'one.binpb'), [file('x.proto', 'x', 'One')]);
      const two = writeSet(join(dir, 'two.binpb'), [file('x.proto', 'x', 'Two')]);
      const result = await newStore().store.importDescriptorSets({ paths: [one, two] });
      expect(result.ok ? null : result.error).toBeNull();
      if (!result.ok) return;
      expect(result.value.warnings).toEqual([`x.proto is defined differently in ${one} and ${two}; the definition from ${one} (listed first) is used. Calls whose messages come from x.proto follow that version.`]);
      const { store } = newStore();
      const again = await store.importDescriptorSets({ paths: [one, two] });
      const registry = again.ok ? store.get(again.value.id)?.registry : undefined;
      expect([registry?.getMessage('x.One')?.typeName, registry?.getMessage('x.Two')]).toEqual(['x.One', undefined]);
    });

    it('sets from protoc that differ only in source info (comments) are the same file: no warning', async () => {
      const dir = makeTempDir();
      await protocDashO(join(dir, 'plain.binpb'), [demoProto()], true);
      const withInfo = join(dir, 'info.binpb');
      const run = await createProtocRunner()([`-I${protosDir()}`, `-I${protocInstallation().includeDir}`, `-o${withInfo}`, '--include_imports', '--include_source_info', demoProto()]);
      if (run.exitCode !== 0) throw new Error(run.stderr);
      const result = await newStore().store.importDescriptorSets({ paths: [join(dir, 'plain.binpb'), withInfo] });
      expect(result.ok && result.value.warnings).toEqual([]);
    });
  });

  describe('refuses paths that are not regular files or too big, and a good import works after each', () => {
    async function refusal(path: string): Promise<string> {
      const { store } = newStore();
      const result = await store.importDescriptorSets({ paths: [path] });
      expect(result.ok ? null : result.error).toMatchObject({ code: 'PROTO_IMPORT', details: { file: path } });
      const good = join(makeTempDir(), 'good.binpb');
      await protocDashO(good, [demoProto()], true);
      expect((await store.importDescriptorSets({ paths: [good] })).ok).toBe(true);
      return result.ok ? '' : result.error.message;
    }

    it('a FIFO (would hang reading it)', { timeout: 5000 }, async () => {
      const fifo = join(makeTempDir(), 'set.binpb');
      execFileSync('mkfifo', [fifo]);
      expect(await refusal(fifo)).toBe(`The descriptor set "${fifo}" is a named pipe (FIFO), not a regular file; only regular files are read.`);
    });

    it('/dev/zero (would grow without end)', { timeout: 5000 }, async () => {
      expect(await refusal('/dev/zero')).toBe('The descriptor set "/dev/zero" is a character device, not a regular file; only regular files are read.');
    });

    it('a folder', async () => {
      const folder = join(makeTempDir(), 'sets.binpb');
      mkdirSync(folder);
      expect(await refusal(folder)).toBe(`The descriptor set "${folder}" is a folder, not a file.`);
    });

    it('a file over 64 MiB', { timeout: 5000 }, async () => {
      const huge = join(makeTempDir(), 'huge.binpb');
      writeFileSync(huge, '');
      truncateSync(huge, 1024 * 1024 * 1024); // sparse: instant
      expect(await refusal(huge)).toBe(`The descriptor set "${huge}" is 1 GiB, more than the 64 MiB limit for descriptor sets; it was not read.`);
    });
  });

  describe('deeply nested messages', () => {
    /** A set whose message N0 nests N1 ... N(levels-1), the innermost with a string field. */
    function nestedSet(levels: number): FileDescriptorSet {
      let inner: DescriptorProtoJson = { name: `N${levels - 1}`, field: [{ name: 'leaf', number: 1, type: 'TYPE_STRING', label: 'LABEL_OPTIONAL', jsonName: 'leaf' }] };
      for (let i = levels - 2; i >= 0; i--) inner = { name: `N${i}`, nestedType: [inner] };
      return fromJson(FileDescriptorSetSchema, { file: [{ name: 'deep.proto', package: 'deep', syntax: 'proto3', messageType: [inner] }] }, { recursionLimit: 1000 });
    }

    /** Whether protoc's own parser (protobuf C++, default recursion limit) reads the set. */
    async function protocParses(path: string): Promise<boolean> {
      const run = await createProtocRunner()([`--descriptor_set_in=${path}`, `-o${path}.out`, 'deep.proto']);
      return !/Unable to parse/.test(run.stderr);
    }

    it('imports a set nested as deeply as protoc parses (98 message levels, 101 in all)', async () => {
      const path = join(makeTempDir(), 'deep.binpb');
      writeFileSync(path, toBinary(FileDescriptorSetSchema, nestedSet(98)));
      expect(await protocParses(path)).toBe(true);
      const { store } = newStore();
      const result = await store.importDescriptorSets({ paths: [path] });
      expect(result.ok ? null : result.error).toBeNull();
      if (!result.ok) return;
      const innermost = `deep.${Array.from({ length: 98 }, (_, i) => `N${i}`).join('.')}`;
      expect(store.get(result.value.id)?.registry.getMessage(innermost)?.fields.map((f) => f.name)).toEqual(['leaf']);
    });

    it('says how deep is too deep instead of "not a FileDescriptorSet"', async () => {
      const path = join(makeTempDir(), 'deeper.binpb');
      writeFileSync(path, toBinary(FileDescriptorSetSchema, nestedSet(99)));
      expect(await protocParses(path)).toBe(false);
      const { store } = newStore();
      const result = await store.importDescriptorSets({ paths: [path] });
      expect(result.ok ? null : result.error).toMatchObject({ code: 'PROTO_IMPORT', details: { file: path } });
      expect(result.ok ? '' : result.error.message).toBe(
        `The descriptor set "${path}" nests messages deeper than 100 levels; protoc and protobuf read at most 100 levels of nesting, so it cannot be imported.`,
      );
      const good = join(makeTempDir(), 'good.binpb');
      await protocDashO(good, [demoProto()], true);
      expect((await store.importDescriptorSets({ paths: [good] })).ok).toBe(true);
    });
  });
});
