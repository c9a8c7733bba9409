import { readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { create, toBinary } from '@bufbuild/protobuf';
import { anyPack, FileDescriptorProtoSchema } from '@bufbuild/protobuf/wkt';
import type { CompileRequest } from '../../../shared/contract';
import { googleRpcRegistry } from '../codec/google-rpc-registry';
import { hashFile } from './file-hash';
import { createProtoSetStore, type ProtoSetStore } from './proto-set-store';
import { addressbookProto, countingProtoc, demoProto, makeTempDir, removeTempDirs, writeTree } from './test-fixtures/test-helpers';
import { protosDir } from '../resources';

// Counts the files the cache hashes, to tell a stamp that vouched from a file read again.
vi.mock('./file-hash', async (importOriginal) => {
  const real = await importOriginal<typeof import('./file-hash')>();
  return { ...real, hashFile: vi.fn(real.hashFile) };
});
const hashed = vi.mocked(hashFile);

afterAll(removeTempDirs);
beforeEach(() => hashed.mockClear());

const OLD_MTIME_S = 1_700_000_000;
const API =
  'syntax = "proto3";\npackage api.v1;\nimport "types/v1/types.proto";\nimport "google/api/annotations.proto";\n' +
  '// Api serves things.\nservice Api {\n  // Get fetches a thing.\n  rpc Get(types.v1.Thing) returns (types.v1.Thing) { option (google.api.http) = { get: "/v1/{name=things/*}" }; }\n}\n';
const TYPES = 'syntax = "proto3";\npackage types.v1;\n// A thing.\nmessage Thing {\n  // Its name.\n  string name = 1;\n}\n';

function project() {
  const dir = makeTempDir();
  writeTree(dir, { 'protos/api/v1/api.proto': API, 'protos/types/v1/types.proto': TYPES });
  const api = join(dir, 'protos/api/v1/api.proto');
  const types = join(dir, 'protos/types/v1/types.proto');
  // Old enough for their stamps to be trusted (see STAMP_RACE_MS), and whole seconds so they can be set back exactly.
  for (const file of [api, types]) utimesSync(file, OLD_MTIME_S, OLD_MTIME_S);
  return { api, types, request: { protoFiles: [api], importPaths: [join(dir, 'protos')] } };
}

function manifests(cacheDir: string): string[] {
  return readdirSync(cacheDir)
    .filter((n) => n.endsWith('.json'))
    .map((n) => join(cacheDir, n));
}

/** Rewrites each cache manifest; also dates it a minute later, so the stamps of files written seconds ago are trusted. */
function editManifests(cacheDir: string, edit: (manifest: Record<string, unknown>) => void = () => undefined): void {
  for (const path of manifests(cacheDir)) {
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown> & { storedAt: number };
    manifest.storedAt += 60_000;
    edit(manifest);
    writeFileSync(path, JSON.stringify(manifest));
  }
}

async function cachedProject() {
  const p = project();
  const cacheDir = makeTempDir('wb-cache-');
  const protoc = countingProtoc();
  const first = await createProtoSetStore({ cacheDir, runProtoc: protoc.run }).compile(p.request);
  if (!first.ok) throw new Error(first.error.message);
  editManifests(cacheDir);
  hashed.mockClear();
  const again = (request: CompileRequest = p.request) => createProtoSetStore({ cacheDir, runProtoc: protoc.run }).compile(request);
  return { ...p, cacheDir, protoc, first: first.value, again };
}

describe('a descriptor cache hit', () => {
  it('hashes nothing when every stamp is unchanged, and answers with the same summary', async () => {
    const { first, again, protoc } = await cachedProject();
    const hit = await again();
    if (!hit.ok) throw new Error(hit.error.message);
    expect(hit.value.fromCache).toBe(true);
    expect(protoc.runs()).toBe(1);
    expect(hashed).not.toHaveBeenCalled();
    expect({ ...hit.value, fromCache: false, elapsedMs: 0 }).toEqual({ ...first, elapsedMs: 0 });
    expect(hit.value.packages[0]?.services[0]?.methods[0]).toMatchObject({ comment: 'Get fetches a thing.', httpRules: [{ verb: 'GET', path: '/v1/{name=things/*}' }] });
  });

  it('hashes exactly the file whose stamp changed, and stays a hit when its content did not', async () => {
    const { types, again, protoc } = await cachedProject();
    utimesSync(types, OLD_MTIME_S + 10, OLD_MTIME_S + 10);
    const hit = await again();
    expect(hit.ok && hit.value.fromCache).toBe(true);
    expect(protoc.runs()).toBe(1);
    expect(hashed.mock.calls.map(([path]) => path)).toEqual([types]);
  });

  it('is a miss when an input file changed, with its stamp (inputs are checked like imports, not hashed up front)', async () => {
    const { api, again, protoc } = await cachedProject();
    writeFileSync(api, API.replace('rpc Get', 'rpc Fetch'));
    const result = await again();
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.fromCache).toBe(false);
    expect(protoc.runs()).toBe(2);
    expect(result.value.packages[0]?.services[0]?.methods.map((m) => m.name)).toEqual(['Fetch']);
  });

  it.each([
    ['a catalog of the wrong shape', (m: Record<string, unknown>) => (m.catalog = { fileCount: 3, packages: [{ name: 'x', services: [{ name: 1 }] }] })],
    ['no catalog', (m: Record<string, unknown>) => delete m.catalog],
    ['a method kind that does not exist', (m: Record<string, unknown>) => (JSON.stringify(m.catalog).includes('"unary"') ? (m.catalog = JSON.parse(JSON.stringify(m.catalog).replace('"unary"', '"sideways"')) as unknown) : null)],
    ['warnings that are not text', (m: Record<string, unknown>) => (m.warnings = [42])],
  ])('falls back to a full compile on %s', async (_what, damage) => {
    const { first, again, cacheDir, protoc } = await cachedProject();
    editManifests(cacheDir, damage);
    const result = await again();
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.fromCache).toBe(false);
    expect(protoc.runs()).toBe(2);
    expect(result.value.packages).toEqual(first.packages);
    // ...and the compile wrote a good entry again.
    expect((await again()).ok).toBe(true);
    expect(protoc.runs()).toBe(2);
  });

  it('falls back to a full compile when the manifest is cut short or the set bytes changed', async () => {
    const { first, again, cacheDir, protoc } = await cachedProject();
    for (const path of manifests(cacheDir)) writeFileSync(path, readFileSync(path, 'utf8').slice(0, 500));
    const truncated = await again();
    expect(truncated.ok && truncated.value.fromCache).toBe(false);
    expect(protoc.runs()).toBe(2);

    editManifests(cacheDir);
    for (const name of readdirSync(cacheDir).filter((n) => n.endsWith('.binpb'))) {
      const bytes = readFileSync(join(cacheDir, name));
      bytes.writeUInt8((bytes.readUInt8(bytes.length - 1) ^ 0xff) & 0xff, bytes.length - 1);
      writeFileSync(join(cacheDir, name), bytes);
    }
    const flipped = await again();
    if (!flipped.ok) throw new Error(flipped.error.message);
    expect(flipped.value.fromCache).toBe(false);
    expect(protoc.runs()).toBe(3);
    expect(flipped.value.packages).toEqual(first.packages);
  });
});

/** demo.proto, addressbook.proto and a file with comments, an http rule and google.rpc imports. */
function richRequest(): CompileRequest {
  const dir = makeTempDir();
  writeTree(dir, {
    'rich.proto':
      'syntax = "proto3";\npackage rich.v1;\nimport "google/api/annotations.proto";\nimport "google/rpc/status.proto";\nimport "google/protobuf/any.proto";\n' +
      '// Rich does many things.\nservice Rich {\n  // Put stores.\n  rpc Put(Item) returns (google.rpc.Status) { option (google.api.http) = { post: "/v1/items" body: "*" }; }\n' +
      '  rpc Watch(Item) returns (stream Item);\n}\n// An item.\nmessage Item {\n  // Its id.\n  string item_id = 1;\n  google.protobuf.Any extra = 2;\n  Kind kind = 3;\n}\n' +
      '// Kinds.\nenum Kind {\n  // None.\n  KIND_UNSPECIFIED = 0;\n  KIND_BIG = 1;\n}\n',
  });
  return { protoFiles: [demoProto(), addressbookProto(), join(dir, 'rich.proto')], importPaths: [protosDir(), dir] };
}

function everyMethod(store: ProtoSetStore) {
  return store.list().flatMap((set) => set.packages.flatMap((p) => p.services.flatMap((s) => s.methods.map((m) => ({ protoSetId: set.id, service: s.fullName, method: m.name })))));
}

describe('the registry a cache hit builds on first use', () => {
  it('gives the same descriptions, codecs, status details and descriptors as the one built at compile time', async () => {
    const request = richRequest();
    const cacheDir = makeTempDir('wb-cache-');
    const eager = createProtoSetStore({ cacheDir });
    const compiled = await eager.compile(request);
    if (!compiled.ok) throw new Error(compiled.error.message);
    expect(compiled.value.fromCache).toBe(false);
    const deferred = createProtoSetStore({ cacheDir });
    const hit = await deferred.compile(request);
    if (!hit.ok) throw new Error(hit.error.message);
    expect(hit.value.fromCache).toBe(true);
    expect(hit.value.packages).toEqual(compiled.value.packages);
    expect(hit.value.fileCount).toBe(compiled.value.fileCount);

    const methods = everyMethod(deferred);
    expect(methods.length).toBeGreaterThan(10);
    for (const ref of methods) {
      const [a, b] = [eager.describeMethod(ref), deferred.describeMethod(ref)];
      expect(b).toEqual(a);
      const [ca, cb] = [eager.codecFor(ref), deferred.codecFor(ref)];
      if (!ca.ok || !cb.ok || !a.ok) throw new Error(`no codec for ${ref.service}/${ref.method}`);
      expect(cb.value.method).toEqual(ca.value.method);
      const [ea, eb] = [ca.value.codec.encodeRequest(a.value.inputExample), cb.value.codec.encodeRequest(a.value.inputExample)];
      expect(eb).toEqual(ea);
      if (ea.ok) expect(cb.value.codec.readResponse(ea.value.bytes, { emitDefaults: true })).toEqual(ca.value.codec.readResponse(ea.value.bytes, { emitDefaults: true }));
    }

    // A status whose detail is a type of the set: only a registry that knows rich.v1.Item decodes it.
    const [eagerSet, deferredSet] = [eager.get(compiled.value.id), deferred.get(hit.value.id)];
    if (!eagerSet || !deferredSet) throw new Error('set missing');
    const item = eagerSet.registry.getMessage('rich.v1.Item');
    const status = googleRpcRegistry().getMessage('google.rpc.Status');
    if (!item || !status) throw new Error('types missing');
    const detail = anyPack(item, create(item, { itemId: 'x-1' }));
    const statusBytes = toBinary(status, create(status, { code: 5, message: 'gone', details: [detail] }));
    const read = deferred.statusDetailsDecoderFor(hit.value.id)(statusBytes);
    expect(read).toEqual(eager.statusDetailsDecoderFor(compiled.value.id)(statusBytes));
    expect(JSON.stringify(read)).toContain('x-1');

    // The descriptors themselves, source info included (what the mock server's reflection serves).
    const files = (set: typeof eagerSet) => [...set.registry.files].map((f) => [f.name, Buffer.from(toBinary(FileDescriptorProtoSchema, f.proto)).toString('base64')]);
    expect(files(deferredSet)).toEqual(files(eagerSet));
  });
});
