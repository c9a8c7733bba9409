import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createProtoSetStore } from './proto-set-store';
import { countingProtoc, makeTempDir, removeTempDirs, writeTree } from './test-fixtures/test-helpers';

afterAll(removeTempDirs);

function project() {
  const dir = makeTempDir();
  writeTree(dir, {
    'protos/api/v1/api.proto':
      'syntax = "proto3";\npackage api.v1;\nimport "types/v1/types.proto";\n' +
      'service Api { rpc Get(types.v1.Thing) returns (types.v1.Thing); }\n',
    'protos/types/v1/types.proto': 'syntax = "proto3";\npackage types.v1;\nmessage Thing { string name = 1; }\n',
  });
  const request = { protoFiles: [join(dir, 'protos/api/v1/api.proto')], importPaths: [join(dir, 'protos')] };
  return { dir, request };
}

describe('the descriptor cache', () => {
  it('does not run protoc again for unchanged files, even from a new store (a restart)', async () => {
    const { request } = project();
    const cacheDir = makeTempDir('wb-cache-');
    const protoc = countingProtoc();

    const first = await createProtoSetStore({ cacheDir, runProtoc: protoc.run }).compile(request);
    expect(first.ok && first.value.fromCache).toBe(false);
    expect(protoc.runs()).toBe(1);

    const again = await createProtoSetStore({ cacheDir, runProtoc: protoc.run }).compile(request);
    expect(again.ok ? again.value.fromCache : again.error).toBe(true);
    expect(protoc.runs()).toBe(1);
    if (!first.ok || !again.ok) return;
    expect(again.value.packages).toEqual(first.value.packages);
    expect(again.value.id).toBe(first.value.id);
    // Atomic writes leave no temporary files behind.
    expect(readdirSync(cacheDir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('recompiles when an imported file changes', async () => {
    const { dir, request } = project();
    const cacheDir = makeTempDir('wb-cache-');
    const protoc = countingProtoc();
    const store = createProtoSetStore({ cacheDir, runProtoc: protoc.run });
    await store.compile(request);
    writeFileSync(join(dir, 'protos/types/v1/types.proto'), 'syntax = "proto3";\npackage types.v1;\nmessage Thing { string name = 1; int32 size = 2; }\n');

    const result = await store.compile(request);
    expect(protoc.runs()).toBe(2);
    expect(result.ok && result.value.fromCache).toBe(false);
    if (!result.ok) return;
    expect(store.get(result.value.id)?.registry.getMessage('types.v1.Thing')?.fields.map((f) => f.name)).toEqual(['name', 'size']);

    // ...and the new result is cached in turn.
    await store.compile(request);
    expect(protoc.runs()).toBe(2);
  });

  it('recompiles when the input file itself changes', async () => {
    const { dir, request } = project();
    const protoc = countingProtoc();
    const store = createProtoSetStore({ cacheDir: makeTempDir('wb-cache-'), runProtoc: protoc.run });
    await store.compile(request);
    writeFileSync(
      join(dir, 'protos/api/v1/api.proto'),
      'syntax = "proto3";\npackage api.v1;\nimport "types/v1/types.proto";\nservice Api { rpc Put(types.v1.Thing) returns (types.v1.Thing); }\n',
    );
    const result = await store.compile(request);
    expect(protoc.runs()).toBe(2);
    expect(result.ok && result.value.packages[0]?.services[0]?.methods[0]?.name).toBe('Put');
  });

  it('recompiles when a new file in an earlier root shadows an import', async () => {
    const { dir, request } = project();
    const protoc = countingProtoc();
    const store = createProtoSetStore({ cacheDir: makeTempDir('wb-cache-'), runProtoc: protoc.run });
    const overrides = join(dir, 'overrides');
    const withOverrides = { ...request, importPaths: [overrides, ...request.importPaths] };
    await store.compile(withOverrides);
    writeTree(overrides, { 'types/v1/types.proto': 'syntax = "proto3";\npackage types.v1;\nmessage Thing { bytes raw = 1; }\n' });

    const result = await store.compile(withOverrides);
    expect(protoc.runs()).toBe(2);
    if (!result.ok) throw new Error(result.error.message);
    expect(store.get(result.value.id)?.registry.getMessage('types.v1.Thing')?.fields.map((f) => f.name)).toEqual(['raw']);
  });

  it('does not cache failures', async () => {
    const dir = makeTempDir();
    writeTree(dir, { 'bad.proto': 'syntax = "proto3";\nmessage Bad { Missing m = 1; }\n' });
    const protoc = countingProtoc();
    const store = createProtoSetStore({ cacheDir: makeTempDir('wb-cache-'), runProtoc: protoc.run });
    const request = { protoFiles: [join(dir, 'bad.proto')], importPaths: [dir] };
    expect((await store.compile(request)).ok).toBe(false);
    expect((await store.compile(request)).ok).toBe(false);
    expect(protoc.runs()).toBe(2);
  });
});
