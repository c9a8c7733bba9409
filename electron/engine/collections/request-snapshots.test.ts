// A request's snapshot (<name>.snapshot.json beside it) belongs to it: it moves and is deleted
// with it, and does not keep its folder from being deleted.
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyRequestDocument } from '../../../shared/request-document';
import type { Result } from '../../../shared/result';
import { createCollectionStore } from './collection-store';

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

const SNAPSHOT = '{"ignore": [], "messages": [], "version": 1}\n';

describe('request snapshots in the collection store', () => {
  let folder: string;
  const store = createCollectionStore();
  const document = emptyRequestDocument({ service: 'demo.v1.DemoService', method: 'CountUp' }, 'server_streaming');
  const save = (path: string) => store.writeRequest({ folder, path, document, baseRevision: null });
  const exists = (path: string) => stat(join(folder, path)).then(() => true, () => false);

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'collection-snapshots-'));
    unwrap(await store.create({ folder, name: 'Streams' }));
    unwrap(await save('a/Count.grpc.yaml'));
    await writeFile(join(folder, 'a', 'Count.snapshot.json'), SNAPSHOT);
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('moves the snapshot with its request', async () => {
    unwrap(await store.moveRequest({ folder, from: 'a/Count.grpc.yaml', to: 'b/Counted.grpc.yaml' }));
    expect(await readFile(join(folder, 'b', 'Counted.snapshot.json'), 'utf8')).toBe(SNAPSHOT);
    expect(await exists('a/Count.snapshot.json')).toBe(false);
  });

  it('refuses a move onto another snapshot, and moves nothing', async () => {
    await writeFile(join(folder, 'Other.snapshot.json'), '{}');
    const moved = await store.moveRequest({ folder, from: 'a/Count.grpc.yaml', to: 'Other.grpc.yaml' });
    expect(moved.ok || moved.error.message).toBe('Other.snapshot.json already exists: choose another name, or remove that snapshot first.');
    expect(await exists('a/Count.grpc.yaml')).toBe(true);
    expect(await readFile(join(folder, 'Other.snapshot.json'), 'utf8')).toBe('{}');
  });

  it('deletes the snapshot with its request', async () => {
    unwrap(await store.deleteRequest({ folder, path: 'a/Count.grpc.yaml' }));
    expect(await readdir(join(folder, 'a'))).toEqual([]);
  });

  it('deletes a folder of requests and their snapshots, counting the requests', async () => {
    expect(unwrap(await store.deleteFolder({ folder, path: 'a' }))).toEqual({ deleted: 1 });
    expect(await exists('a')).toBe(false);
  });
});
