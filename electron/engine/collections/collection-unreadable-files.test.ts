// Collection files that are not ordinary files, or far too large: each is named with what it
// is, and the rest of the collection still opens. Real FIFOs (mkfifo) and real sparse files.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COLLECTION_FILE_NAME } from '../../../shared/collection';
import { emptyRequestDocument } from '../../../shared/request-document';
import type { Result } from '../../../shared/result';
import { USER_FILE_LIMITS } from '../files/read-user-file';
import { createCollectionStore } from './collection-store';

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}
const hasMkfifo = process.platform !== 'win32';
const mkfifo = (path: string) => execFileSync('mkfifo', [path]);
/** A sparse file one byte over the limit: no disk space used, nothing read. */
const hugeFile = async (path: string) => {
  await writeFile(path, '');
  await truncate(path, USER_FILE_LIMITS.collectionFile + 1);
};

describe('collection store: FIFOs and huge files', () => {
  let folder: string;
  const store = createCollectionStore();
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'collection-special-'));
    unwrap(await store.create({ folder, name: 'Mixed' }));
    unwrap(await store.writeEnvironment({ folder, environment: { name: 'dev', variables: [{ name: 'host', value: 'localhost:50051', secret: false }] } }));
    unwrap(await store.writeRequest({ folder, path: 'ok.grpc.yaml', document: emptyRequestDocument({ service: 'demo.v1.DemoService', method: 'Echo' }, 'unary'), baseRevision: null }));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it.skipIf(!hasMkfifo)('a FIFO environment and a FIFO request are named; everything else opens', async () => {
    mkfifo(join(folder, 'environments', 'pipe.yaml'));
    await mkdir(join(folder, 'sub'));
    mkfifo(join(folder, 'sub', 'pipe.grpc.yaml'));
    const index = unwrap(await store.open({ folder }));
    expect(index.environments.map((e) => e.name)).toEqual(['dev']);
    expect(index.requests.map((r) => r.path)).toEqual(['ok.grpc.yaml']);
    expect(index.broken).toEqual(
      expect.arrayContaining([
        { path: 'environments/pipe.yaml', message: 'environments/pipe.yaml is a named pipe (FIFO), not a regular file; only regular files are read.' },
        { path: 'sub/pipe.grpc.yaml', message: 'sub/pipe.grpc.yaml is a named pipe (FIFO), not a regular file; only regular files are read.' },
      ]),
    );
    expect(index.broken).toHaveLength(2);
    unwrap(await store.readRequest({ folder, path: 'ok.grpc.yaml' }));
  });

  it('a huge environment is named; a huge request is listed and refused when opened, without being read', async () => {
    await hugeFile(join(folder, 'environments', 'huge.yaml'));
    await hugeFile(join(folder, 'huge.grpc.yaml'));
    const index = unwrap(await store.open({ folder }));
    expect(index.environments.map((e) => e.name)).toEqual(['dev']);
    expect(index.broken).toEqual([{ path: 'environments/huge.yaml', message: 'environments/huge.yaml is 16 MiB, more than the 16 MiB limit for collection files; it was not read.' }]);
    expect(index.requests.map((r) => r.path)).toEqual(['huge.grpc.yaml', 'ok.grpc.yaml']);
    const opened = await store.readRequest({ folder, path: 'huge.grpc.yaml' });
    expect(opened).toMatchObject({ ok: false, error: { code: 'IO', message: 'huge.grpc.yaml is 16 MiB, more than the 16 MiB limit for collection files; it was not read.' } });
    // Saving over it is refused the same way, not a silent overwrite of what could not be read.
    const saved = await store.writeRequest({ folder, path: 'huge.grpc.yaml', document: emptyRequestDocument({ service: 'demo.v1.DemoService', method: 'Echo' }, 'unary'), baseRevision: 'x' });
    expect(saved).toMatchObject({ ok: false, error: { message: expect.stringContaining('huge.grpc.yaml is 16 MiB, more than the 16 MiB limit') } });
  });

  it.skipIf(!hasMkfifo)('a FIFO grpc-collection.yaml is named instead of hanging the open', async () => {
    await rm(join(folder, COLLECTION_FILE_NAME));
    mkfifo(join(folder, COLLECTION_FILE_NAME));
    await expect(store.open({ folder })).resolves.toMatchObject({
      ok: false,
      error: { code: 'IO', message: 'grpc-collection.yaml is a named pipe (FIFO), not a regular file; only regular files are read.' },
    });
  });
});
