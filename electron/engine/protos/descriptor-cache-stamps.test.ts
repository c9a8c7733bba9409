import { readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createProtoSetStore } from './proto-set-store';
import { countingProtoc, makeTempDir, removeTempDirs, writeTree } from './test-fixtures/test-helpers';

afterAll(removeTempDirs);

const OLD_MTIME_S = 1_700_000_000;
const TYPES = 'syntax = "proto3";\npackage types.v1;\nmessage Thing { string name = 1; }\n';

function project() {
  const dir = makeTempDir();
  writeTree(dir, {
    'protos/api/v1/api.proto':
      'syntax = "proto3";\npackage api.v1;\nimport "types/v1/types.proto";\n' +
      'service Api { rpc Get(types.v1.Thing) returns (types.v1.Thing); }\n',
    'protos/types/v1/types.proto': TYPES,
  });
  const request = { protoFiles: [join(dir, 'protos/api/v1/api.proto')], importPaths: [join(dir, 'protos')] };
  const types = join(dir, 'protos/types/v1/types.proto');
  // A whole second, so setting it back later restores it exactly.
  utimesSync(types, OLD_MTIME_S, OLD_MTIME_S);
  return { dir, request, types };
}

/**
 * The files a test writes are seconds old, so their stamps are too fresh to be trusted and the
 * cache would hash them anyway. Dating the entries a minute later puts the lookup on the
 * stamp path, as it is for protos that were not edited in the last seconds.
 */
function ageCacheEntries(cacheDir: string): void {
  for (const name of readdirSync(cacheDir).filter((n) => n.endsWith('.json'))) {
    const manifest = JSON.parse(readFileSync(join(cacheDir, name), 'utf8')) as { storedAt: number };
    manifest.storedAt += 60_000;
    writeFileSync(join(cacheDir, name), JSON.stringify(manifest));
  }
}

async function compiledOnce() {
  const project_ = project();
  const cacheDir = makeTempDir('wb-cache-');
  const protoc = countingProtoc();
  const store = createProtoSetStore({ cacheDir, runProtoc: protoc.run });
  const first = await store.compile(project_.request);
  if (!first.ok) throw new Error(first.error.message);
  ageCacheEntries(cacheDir);
  return { ...project_, cacheDir, protoc, store };
}

const fieldsOfThing = (store: ReturnType<typeof createProtoSetStore>, id: string) =>
  store.get(id as never)?.registry.getMessage('types.v1.Thing')?.fields.map((f) => f.name);

describe('the descriptor cache trusts unchanged file stamps (size, mtime, ctime, inode)', () => {
  it('is a hit when nothing changed', async () => {
    const { request, cacheDir, protoc } = await compiledOnce();
    const again = await createProtoSetStore({ cacheDir, runProtoc: protoc.run }).compile(request);
    expect(again.ok && again.value.fromCache).toBe(true);
    expect(protoc.runs()).toBe(1);
  });

  it('recompiles an import edited to the same size with its mtime set back (the ctime still moves)', async () => {
    const { request, types, cacheDir, protoc } = await compiledOnce();
    const before = statSync(types);
    const sameSize = TYPES.replace('name', 'nick');
    expect(sameSize.length).toBe(TYPES.length);
    writeFileSync(types, sameSize);
    utimesSync(types, OLD_MTIME_S, OLD_MTIME_S);
    expect(statSync(types).mtimeMs).toBe(before.mtimeMs);
    expect(statSync(types).size).toBe(before.size);

    const store = createProtoSetStore({ cacheDir, runProtoc: protoc.run });
    const result = await store.compile(request);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.fromCache).toBe(false);
    expect(protoc.runs()).toBe(2);
    expect(fieldsOfThing(store, result.value.id)).toEqual(['nick']);
  });

  it('hashes a touched import again and keeps the hit when its content is the same', async () => {
    const { request, types, cacheDir, protoc } = await compiledOnce();
    const later = new Date(Date.now() + 5_000);
    utimesSync(types, later, later);
    const result = await createProtoSetStore({ cacheDir, runProtoc: protoc.run }).compile(request);
    expect(result.ok && result.value.fromCache).toBe(true);
    expect(protoc.runs()).toBe(1);
  });

  it('recompiles an edited import', async () => {
    const { request, types, cacheDir, protoc } = await compiledOnce();
    writeFileSync(types, TYPES.replace('string name = 1;', 'string name = 1; int32 size = 2;'));
    const store = createProtoSetStore({ cacheDir, runProtoc: protoc.run });
    const result = await store.compile(request);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.fromCache).toBe(false);
    expect(fieldsOfThing(store, result.value.id)).toEqual(['name', 'size']);
  });

  it('recompiles when an include resolves elsewhere (a new file in an earlier root shadows the import)', async () => {
    const { dir, request } = project();
    const cacheDir = makeTempDir('wb-cache-');
    const protoc = countingProtoc();
    const overrides = join(dir, 'overrides');
    const withOverrides = { ...request, importPaths: [overrides, ...request.importPaths] };
    await createProtoSetStore({ cacheDir, runProtoc: protoc.run }).compile(withOverrides);
    ageCacheEntries(cacheDir);
    writeTree(overrides, { 'types/v1/types.proto': 'syntax = "proto3";\npackage types.v1;\nmessage Thing { bytes raw = 1; }\n' });

    const store = createProtoSetStore({ cacheDir, runProtoc: protoc.run });
    const result = await store.compile(withOverrides);
    if (!result.ok) throw new Error(result.error.message);
    expect(protoc.runs()).toBe(2);
    expect(fieldsOfThing(store, result.value.id)).toEqual(['raw']);
  });
});
