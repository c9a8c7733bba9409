import { execFileSync } from 'node:child_process';
import { mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FieldDescriptorProto_Label } from '@bufbuild/protobuf/wkt';
import type { ProtoDiagnostic } from '../../../shared/catalog';
import { bundledIncludeDir } from '../resources';
import { createProtoSetStore } from './proto-set-store';
import { protocInstallation } from './protoc-binary';
import { createProtocRunner } from './protoc-runner';
import { FIXTURES_DIR, addressbookProto, countingProtoc, makeTempDir, newStore, removeTempDirs, writeTree } from './test-fixtures/test-helpers';

afterAll(removeTempDirs);

function diagnosticsOf(details: Record<string, unknown> | undefined): ProtoDiagnostic[] {
  return (details?.diagnostics ?? []) as ProtoDiagnostic[];
}

describe('compiling .proto files with protoc', () => {
  it('resolves an import through an include root, exactly like protoc -I', async () => {
    const dir = makeTempDir();
    writeTree(dir, {
      'shared/common/v1/money.proto': 'syntax = "proto3";\npackage common.v1;\nmessage Money { int64 units = 1; string currency = 2; }\n',
      'app/billing/v1/billing.proto':
        'syntax = "proto3";\npackage billing.v1;\nimport "common/v1/money.proto";\n' +
        'service Billing { rpc Charge(ChargeRequest) returns (common.v1.Money); }\nmessage ChargeRequest { common.v1.Money amount = 1; }\n',
    });
    const { store } = newStore();
    const result = await store.compile({
      protoFiles: [join(dir, 'app/billing/v1/billing.proto')],
      importPaths: [join(dir, 'app'), join(dir, 'shared')],
    });
    expect(result.ok ? null : result.error).toBeNull();
    if (!result.ok) return;
    const set = store.get(result.value.id);
    expect(set?.registry.getFile('billing/v1/billing.proto')).toBeDefined();
    expect(set?.registry.getMessage('common.v1.Money')?.fields.map((f) => f.name)).toEqual(['units', 'currency']);
    expect(result.value.packages[0]?.services[0]?.methods[0]?.path).toBe('/billing.v1.Billing/Charge');
  });

  it('reports a missing import with file, line, column and the roots that were searched', async () => {
    const dir = makeTempDir();
    writeTree(dir, { 'a.proto': 'syntax = "proto3";\n\nimport "vendor/missing.proto";\nmessage A { int32 x = 1; }\n' });
    const { store } = newStore();
    const result = await store.compile({ protoFiles: [join(dir, 'a.proto')], importPaths: [dir] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('PROTO_COMPILE');
    const searchedRoots = result.error.details?.searchedRoots as string[];
    expect(searchedRoots).toEqual([dir, bundledIncludeDir(), protocInstallation().includeDir]);
    const importProblem = diagnosticsOf(result.error.details).find((d) => d.message.startsWith('Import "vendor/missing.proto"'));
    expect(importProblem).toMatchObject({ file: join(dir, 'a.proto'), line: 3, column: 1 });
    for (const root of searchedRoots) expect(importProblem?.message).toContain(root);
    expect(result.error.message).toContain('vendor/missing.proto');
    expect(result.error.message).toContain('import path');
  });

  it('reports a syntax error with its line and column', async () => {
    const dir = makeTempDir();
    writeTree(dir, { 'broken.proto': 'syntax = "proto3";\nmessage Broken {\n  int32 a = 1\n}\n' });
    const { store } = newStore();
    const result = await store.compile({ protoFiles: [join(dir, 'broken.proto')], importPaths: [] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(diagnosticsOf(result.error.details)).toEqual([{ file: join(dir, 'broken.proto'), line: 4, column: 1, message: 'Expected ";".' }]);
    expect(result.error.message).toContain('broken.proto:4:1: Expected ";".');
  });

  it('reports every problem at once', async () => {
    const dir = makeTempDir();
    writeTree(dir, { 'many.proto': 'syntax = "proto3";\nmessage M {\n  Foo a = 1;\n  Bar b = 2;\n  Baz c = 3;\n}\n' });
    const { store } = newStore();
    const result = await store.compile({ protoFiles: [join(dir, 'many.proto')], importPaths: [dir] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const diagnostics = diagnosticsOf(result.error.details);
    expect(diagnostics.map((d) => [d.line, d.column, d.message])).toEqual([
      [3, 3, '"Foo" is not defined.'],
      [4, 3, '"Bar" is not defined.'],
      [5, 3, '"Baz" is not defined.'],
    ]);
    expect(result.error.message).toContain('3 problems');
  });

  it('keeps proto2 required fields and explicit defaults in the descriptors', async () => {
    const { store } = newStore();
    const result = await store.compile({ protoFiles: [addressbookProto()], importPaths: [] });
    if (!result.ok) throw new Error(result.error.message);
    const registry = store.get(result.value.id)?.registry;
    const person = registry?.getMessage('tutorial.Person');
    expect(person?.field.name?.proto.label).toBe(FieldDescriptorProto_Label.REQUIRED);
    expect(person?.field.id?.proto.label).toBe(FieldDescriptorProto_Label.REQUIRED);
    expect(person?.field.email?.proto.label).toBe(FieldDescriptorProto_Label.OPTIONAL);
    expect(person?.field.age?.proto.defaultValue).toBe('30');
    expect(person?.field.country?.proto.defaultValue).toBe('Unknown');
    expect(registry?.getMessage('tutorial.Person.PhoneNumber')?.field.type?.proto.defaultValue).toBe('HOME');
  });

  it('resolves gogoproto and google/api imports when their roots are given', async () => {
    const tree = join(FIXTURES_DIR, 'gogo-tree');
    const { store } = newStore();
    const result = await store.compile({
      protoFiles: [join(tree, 'api/shop/v1/shop.proto')],
      importPaths: [join(tree, 'api'), join(tree, 'third_party')],
    });
    expect(result.ok ? null : result.error).toBeNull();
    if (!result.ok) return;
    const registry = store.get(result.value.id)?.registry;
    expect(registry?.getFile('gogoproto/gogo.proto')).toBeDefined();
    expect(registry?.getFile('google/api/annotations.proto')).toBeDefined();
    expect(registry?.getFile('google/api/http.proto')).toBeDefined();
    expect(registry?.getExtension('gogoproto.customname')).toBeDefined();
    const method = result.value.packages.find((p) => p.name === 'shop.v1')?.services[0]?.methods[0];
    expect(method).toMatchObject({ path: '/shop.v1.Shop/GetItem', comment: 'GetItem looks an item up by id.' });
  });

  it("uses the user's own copy of a well-known type without a clash", async () => {
    const dir = makeTempDir();
    writeTree(dir, {
      // The user's copy differs from protoc's: an extra comment and field, so we can tell which was used.
      'google/protobuf/timestamp.proto':
        'syntax = "proto3";\npackage google.protobuf;\n// The user\'s own Timestamp.\nmessage Timestamp { int64 seconds = 1; int32 nanos = 2; }\n',
      'events/v1/event.proto':
        'syntax = "proto3";\npackage events.v1;\nimport "google/protobuf/timestamp.proto";\nimport "google/protobuf/duration.proto";\n' +
        'message Event { google.protobuf.Timestamp at = 1; google.protobuf.Duration took = 2; }\n',
    });
    const { store } = newStore();
    const result = await store.compile({ protoFiles: [join(dir, 'events/v1/event.proto')], importPaths: [dir] });
    expect(result.ok ? null : result.error).toBeNull();
    if (!result.ok) return;
    const registry = store.get(result.value.id)?.registry;
    const timestampFile = registry?.getFile('google/protobuf/timestamp.proto');
    expect(timestampFile?.proto.sourceCodeInfo?.location.some((l) => l.leadingComments?.includes("The user's own Timestamp."))).toBe(true);
    // Duration is not in the user's root: it comes from protoc's includes.
    expect(registry?.getMessage('google.protobuf.Duration')).toBeDefined();
  });

  it('adds the folder of an input file that lies under no import path as a root', async () => {
    const dir = makeTempDir();
    writeTree(dir, {
      'loose/standalone.proto': 'syntax = "proto3";\npackage loose;\nimport "sibling.proto";\nmessage S { Sib s = 1; }\n',
      'loose/sibling.proto': 'syntax = "proto3";\npackage loose;\nmessage Sib { string v = 1; }\n',
    });
    const { store } = newStore();
    const result = await store.compile({ protoFiles: [join(dir, 'loose/standalone.proto')], importPaths: [] });
    expect(result.ok ? null : result.error).toBeNull();
  });

  it('handles paths with spaces', async () => {
    const dir = makeTempDir('wb protos with spaces ');
    writeTree(dir, {
      'My Protos/sub dir/a b.proto': 'syntax = "proto3";\nimport "c d.proto";\nmessage A { C c = 1; }\n',
      'My Protos/c d.proto': 'syntax = "proto3";\nmessage C { int32 x = 1; }\n',
    });
    const { store } = newStore();
    const result = await store.compile({ protoFiles: [join(dir, 'My Protos/sub dir/a b.proto')], importPaths: [join(dir, 'My Protos')] });
    expect(result.ok ? null : result.error).toBeNull();
    expect(result.ok && store.get(result.value.id)?.registry.getMessage('A')?.field.c?.message?.typeName).toBe('C');
  });

  it('says which input file does not exist', async () => {
    const dir = makeTempDir();
    const { store, protocRuns } = newStore();
    const result = await store.compile({ protoFiles: [join(dir, 'nope.proto')], importPaths: [] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('PROTO_COMPILE');
    expect(diagnosticsOf(result.error.details)[0]?.file).toBe(join(dir, 'nope.proto'));
    expect(protocRuns()).toBe(0);
  });

  describe('inputs that are not plain .proto files, and what a successful compile has to say', () => {
    const GOOD = 'syntax = "proto3";\npackage good.v1;\nservice Good { rpc Get(Thing) returns (Thing); }\nmessage Thing { string name = 1; }\n';

    /** The store answers a good compile after the one under test. */
    async function goodCompileWorks(store: ReturnType<typeof newStore>['store']): Promise<void> {
      const dir = makeTempDir();
      writeTree(dir, { 'good.proto': GOOD });
      const result = await store.compile({ protoFiles: [join(dir, 'good.proto')], importPaths: [dir] });
      expect(result.ok ? result.value.warnings : result.error).toEqual([]);
    }

    it('says a folder passed as a .proto file is a folder (it said "not found")', async () => {
      const folder = join(makeTempDir(), 'api.proto');
      mkdirSync(folder);
      const { store, protocRuns } = newStore();
      const result = await store.compile({ protoFiles: [folder], importPaths: [] });
      expect(result.ok ? null : result.error).toMatchObject({ code: 'PROTO_COMPILE', message: `"${folder}" is a folder, not a file. Check the path.` });
      expect(result.ok ? [] : diagnosticsOf(result.error.details)).toEqual([{ file: folder, line: 0, column: 0, message: `"${folder}" is a folder, not a file.` }]);
      expect(protocRuns()).toBe(0);
      await goodCompileWorks(store);
    });

    it('refuses a FIFO or a device as a .proto file before protoc waits on it', { timeout: 5000 }, async () => {
      const fifo = join(makeTempDir(), 'pipe.proto');
      execFileSync('mkfifo', [fifo]);
      const { store, protocRuns } = newStore();
      const piped = await store.compile({ protoFiles: [fifo], importPaths: [] });
      expect(piped.ok ? '' : piped.error.message).toBe(`"${fifo}" is a named pipe (FIFO), not a regular file; only regular files are read. Check the path.`);
      const zero = await store.compile({ protoFiles: ['/dev/zero'], importPaths: [] });
      expect(zero.ok ? '' : zero.error.message).toBe('"/dev/zero" is a character device, not a regular file; only regular files are read. Check the path.');
      expect(protocRuns()).toBe(0);
      await goodCompileWorks(store);
    });

    it('refuses a .proto file over 64 MiB', { timeout: 5000 }, async () => {
      const huge = join(makeTempDir(), 'huge.proto');
      writeFileSync(huge, '');
      truncateSync(huge, 1024 * 1024 * 1024);
      const { store } = newStore();
      const result = await store.compile({ protoFiles: [huge], importPaths: [] });
      expect(result.ok ? '' : result.error.message).toBe(`"${huge}" is 1 GiB, more than the 64 MiB limit for .proto files; it was not read. Check the path.`);
      await goodCompileWorks(store);
    });

    it('stops protoc when an import is a FIFO it would wait on for ever', { timeout: 10_000 }, async () => {
      const dir = makeTempDir();
      writeTree(dir, { 'a.proto': 'syntax = "proto3";\nimport "pipe.proto";\nmessage A { int32 x = 1; }\n' });
      execFileSync('mkfifo', [join(dir, 'pipe.proto')]);
      const store = createProtoSetStore({ cacheDir: makeTempDir('wb-cache-'), runProtoc: createProtocRunner({ timeoutMs: 1500 }) });
      const result = await store.compile({ protoFiles: [join(dir, 'a.proto')], importPaths: [dir] });
      expect(result.ok ? null : result.error).toMatchObject({ code: 'PROTO_COMPILE' });
      expect(result.ok ? '' : result.error.message).toBe(
        'protoc did not finish within 1.5 s and was stopped. An imported file may be a named pipe (FIFO) or a device, which protoc waits on for ever; import paths should hold only regular .proto files.',
      );
      writeTree(dir, { 'good.proto': GOOD });
      const good = await store.compile({ protoFiles: [join(dir, 'good.proto')], importPaths: [dir] });
      expect(good.ok ? null : good.error).toBeNull();
    });

    it("returns protoc's warnings (an unused import), also when the set comes from the cache", async () => {
      const dir = makeTempDir();
      writeTree(dir, { 'unused.proto': 'syntax = "proto3";\nimport "google/protobuf/empty.proto";\nmessage A { int32 x = 1; }\n' });
      const cacheDir = makeTempDir('wb-cache-');
      const protoc = countingProtoc();
      const request = { protoFiles: [join(dir, 'unused.proto')], importPaths: [dir] };
      const expected = [`${join(dir, 'unused.proto')}:2:1: warning: Import google/protobuf/empty.proto is unused.`];
      const first = await createProtoSetStore({ cacheDir, runProtoc: protoc.run }).compile(request);
      expect(first.ok ? first.value.warnings : first.error).toEqual(expected);
      const cached = await createProtoSetStore({ cacheDir, runProtoc: protoc.run }).compile(request);
      expect(cached.ok && cached.value.fromCache).toBe(true);
      expect(cached.ok ? cached.value.warnings : cached.error).toEqual(expected);
      expect(protoc.runs()).toBe(1);
    });

    it('says an empty .proto defines nothing (it reported plain success)', async () => {
      const dir = makeTempDir();
      writeTree(dir, { 'empty.proto': '', 'only-package.proto': 'syntax = "proto3";\npackage nothing.v1;\n', 'index.proto': 'syntax = "proto3";\nimport public "good.proto";\n', 'good.proto': GOOD });
      const { store } = newStore();
      const result = await store.compile({ protoFiles: ['empty.proto', 'only-package.proto', 'index.proto'].map((f) => join(dir, f)), importPaths: [dir] });
      expect(result.ok ? result.value.warnings : result.error).toEqual(
        ['empty.proto', 'only-package.proto'].map((f) => `"${join(dir, f)}" is empty: it defines no services, messages, enums or extensions, so importing it adds nothing to call.`),
      );
      await goodCompileWorks(store);
    });
  });
});
