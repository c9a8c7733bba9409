import { mkdir, mkdtemp, readFile, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyRequestDocument, type RequestDocument } from '../../../shared/request-document';
import type { Result } from '../../../shared/result';
import { createCollectionStore, revisionOf } from './collection-store';
import { watchCollection } from './collection-watcher';

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

function echoRequest(folder: string): RequestDocument {
  const document = emptyRequestDocument({ service: 'demo.v1.DemoService', method: 'Echo' }, 'unary');
  document.connection.target = '{{host}}';
  document.connection.tls = { enabled: true, caPath: join(folder, 'certs', 'ca.pem'), certPath: '/etc/elsewhere/client.pem', keyPath: '', serverNameOverride: '', skipVerify: false };
  document.metadata = [{ key: 'x-user', value: 'ada' }];
  document.deadline = '5s';
  document.auth = { kind: 'bearer', token: '{{token}}' };
  document.body = '{\n  "message": "hello"\n}';
  return document;
}

describe('collection store, on real folders', () => {
  let folder: string;
  const store = createCollectionStore();
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'collection-'));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('writes a readable file with stable bytes: saving an unchanged request changes nothing, not even the mtime', async () => {
    unwrap(await store.create({ folder, name: 'Billing' }));
    const document = echoRequest(folder);
    const saved = unwrap(await store.writeRequest({ folder, path: 'echo/Say hello.grpc.yaml', document, baseRevision: null }));
    const text = await readFile(join(folder, 'echo', 'Say hello.grpc.yaml'), 'utf8');
    expect(text).toBe(
      [
        'method: demo.v1.DemoService/Echo',
        'kind: unary',
        'target: "{{host}}"',
        'tls:',
        '  enabled: true',
        '  caPath: certs/ca.pem',
        '  certPath: /etc/elsewhere/client.pem',
        'metadata:',
        '  - key: x-user',
        '    value: ada',
        'deadline: 5s',
        'auth:',
        '  kind: bearer',
        '  token: "{{token}}"',
        'body: |-',
        '  {',
        '    "message": "hello"',
        '  }',
        '',
      ].join('\n'),
    );
    expect(saved.revision).toBe(revisionOf(text));
    const before = await stat(join(folder, 'echo', 'Say hello.grpc.yaml'));
    await new Promise((r) => setTimeout(r, 20));
    const again = unwrap(await store.writeRequest({ folder, path: 'echo/Say hello.grpc.yaml', document, baseRevision: saved.revision }));
    expect(again.revision).toBe(saved.revision);
    expect((await stat(join(folder, 'echo', 'Say hello.grpc.yaml'))).mtimeMs).toBe(before.mtimeMs);
    const read = unwrap(await store.readRequest({ folder, path: 'echo/Say hello.grpc.yaml' }));
    expect(read.document).toEqual(document);
  });

  it('round-trips stream messages, every connection setting and each auth kind', async () => {
    unwrap(await store.create({ folder, name: 'Streams' }));
    const document = emptyRequestDocument({ service: 'demo.v1.DemoService', method: 'Chat' }, 'bidi_streaming');
    document.connection = {
      ...document.connection,
      target: 'dns:///api.internal:443',
      keepalive: { timeMs: 10_000, timeoutMs: 5_000, permitWithoutCalls: true },
      maxReceiveBytes: -1,
      maxSendBytes: 1024,
      loadBalancing: 'round_robin',
      compression: 'gzip',
      userAgent: 'team-tests',
    };
    document.messages = ['{"text": "one"}', '{\n  "text": "two: with # and \\"quotes\\""\n}\n', ''];
    document.emitDefaults = true;
    for (const auth of [
      { kind: 'basic', username: 'ada', password: '{{password}}' },
      { kind: 'api_key', header: 'x-api-key', key: '{{key}}' },
    ] as const) {
      document.auth = auth;
      const path = `chat ${auth.kind}.grpc.yaml`;
      unwrap(await store.writeRequest({ folder, path, document, baseRevision: null }));
      expect(unwrap(await store.readRequest({ folder, path })).document).toEqual(document);
    }
  });

  it('opens from file names alone, skipping hidden folders, node_modules and environments', async () => {
    unwrap(await store.create({ folder, name: 'Tree' }));
    await mkdir(join(folder, '.git'), { recursive: true });
    await writeFile(join(folder, '.git', 'x.grpc.yaml'), 'not: a request');
    await mkdir(join(folder, 'node_modules', 'pkg'), { recursive: true });
    await writeFile(join(folder, 'node_modules', 'pkg', 'y.grpc.yaml'), '');
    await mkdir(join(folder, 'a', 'b'), { recursive: true });
    await mkdir(join(folder, 'empty'), { recursive: true });
    // Broken on purpose: the index must not parse request files, so this is still listed.
    await writeFile(join(folder, 'a', 'b', 'Deep one.grpc.yaml'), '{{{ not yaml');
    await writeFile(join(folder, 'notes.yaml'), 'other: file');
    const index = unwrap(await store.open({ folder }));
    expect(index.name).toBe('Tree');
    expect(index.requests).toEqual([{ path: 'a/b/Deep one.grpc.yaml', name: 'Deep one', folder: 'a/b' }]);
    expect(index.folders).toEqual(['a', 'a/b', 'empty']);
    const read = await store.readRequest({ folder, path: 'a/b/Deep one.grpc.yaml' });
    expect(!read.ok && read.error.details?.['broken']).toBe(true);
    expect(!read.ok && read.error.message).toMatch(/Deep one\.grpc\.yaml is not valid YAML/);
  });

  it('refuses to overwrite a file changed on disk since it was read, and says so', async () => {
    unwrap(await store.create({ folder, name: 'Conflicts' }));
    const document = echoRequest(folder);
    const first = unwrap(await store.writeRequest({ folder, path: 'Echo.grpc.yaml', document, baseRevision: null }));
    const outside = (await readFile(join(folder, 'Echo.grpc.yaml'), 'utf8')).replace('ada', 'grace');
    await writeFile(join(folder, 'Echo.grpc.yaml'), outside);
    const mine = { ...document, deadline: '9s' };
    const refused = await store.writeRequest({ folder, path: 'Echo.grpc.yaml', document: mine, baseRevision: first.revision });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error.details).toMatchObject({ conflict: true, diskRevision: revisionOf(outside) });
    expect(await readFile(join(folder, 'Echo.grpc.yaml'), 'utf8')).toBe(outside);
    // Keeping my version = writing over the revision now on disk.
    unwrap(await store.writeRequest({ folder, path: 'Echo.grpc.yaml', document: mine, baseRevision: revisionOf(outside) }));
    expect(unwrap(await store.readRequest({ folder, path: 'Echo.grpc.yaml' })).document.deadline).toBe('9s');
    // A new request never replaces an existing file.
    const clash = await store.writeRequest({ folder, path: 'Echo.grpc.yaml', document, baseRevision: null });
    expect(!clash.ok && clash.error.details?.['exists']).toBe(true);
  });

  it('keeps secrets out of every file: a secret variable is stored by name only', async () => {
    unwrap(await store.create({ folder, name: 'Secrets' }));
    const variables = [
      { name: 'host', value: '127.0.0.1:50051', secret: false },
      { name: 'token', value: 'sk-live-should-never-be-written', secret: true },
    ];
    unwrap(await store.writeEnvironment({ folder, environment: { name: 'staging', variables } }));
    unwrap(await store.writeSettings({ folder, name: 'Secrets', schema: { protoFiles: ['protos/a.proto'], importPaths: ['protos'], descriptorSets: [], reflection: false }, variables }));
    const environmentText = await readFile(join(folder, 'environments', 'staging.yaml'), 'utf8');
    const rootText = await readFile(join(folder, 'grpc-collection.yaml'), 'utf8');
    for (const text of [environmentText, rootText]) {
      expect(text).not.toContain('sk-live');
      expect(text).toContain('- name: token\n    secret: true');
    }
    const index = unwrap(await store.open({ folder }));
    expect(index.environments).toEqual([{ name: 'staging', variables: [variables[0], { name: 'token', value: '', secret: true }] }]);
    expect(index.schema.protoFiles).toEqual(['protos/a.proto']);
    // A secret with a value typed into the file by hand is refused, not used.
    await writeFile(join(folder, 'environments', 'leaky.yaml'), 'variables:\n  - name: token\n    secret: true\n    value: oops\n');
    const reopened = unwrap(await store.open({ folder }));
    expect(reopened.broken.map((b) => b.path)).toEqual(['environments/leaky.yaml']);
    expect(reopened.broken[0]?.message).toMatch(/marked secret but has a value/);
  });

  it('never rewrites a collection or environment file it could not parse', async () => {
    unwrap(await store.create({ folder, name: 'Broken' }));
    const broken = 'name: [unclosed\n';
    await writeFile(join(folder, 'grpc-collection.yaml'), broken);
    const index = unwrap(await store.open({ folder }));
    expect(index.rootBroken).toBe(true);
    expect(index.broken[0]?.message).toMatch(/grpc-collection\.yaml is not valid YAML/);
    const write = await store.writeSettings({ folder, name: 'X', schema: { protoFiles: [], importPaths: [], descriptorSets: [], reflection: true }, variables: [] });
    expect(!write.ok && write.error.details?.['broken']).toBe(true);
    expect(await readFile(join(folder, 'grpc-collection.yaml'), 'utf8')).toBe(broken);

    await mkdir(join(folder, 'environments'));
    await writeFile(join(folder, 'environments', 'dev.yaml'), 'variables: 12\n');
    const env = await store.writeEnvironment({ folder, environment: { name: 'dev', variables: [] } });
    expect(env.ok).toBe(false);
    expect(await readFile(join(folder, 'environments', 'dev.yaml'), 'utf8')).toBe('variables: 12\n');
    // A key from a newer version is not silently dropped on the next save.
    await writeFile(join(folder, 'Future.grpc.yaml'), 'method: a.B/C\ntarget: x:1\nretryPolicy: {}\n');
    const future = await store.readRequest({ folder, path: 'Future.grpc.yaml' });
    expect(!future.ok && future.error.message).toMatch(/unknown key "retryPolicy"/);
  });

  it('refuses paths that leave the collection: .., absolute, backslashes, control characters, symlinks', async () => {
    unwrap(await store.create({ folder, name: 'Paths' }));
    const outside = await mkdtemp(join(tmpdir(), 'outside-'));
    try {
      await writeFile(join(outside, 'secret.grpc.yaml'), 'method: a.B/C\n');
      await symlink(outside, join(folder, 'linked'));
      for (const path of ['../x.grpc.yaml', '/etc/x.grpc.yaml', 'a\\b.grpc.yaml', 'a/./b.grpc.yaml', 'bad\n--plugin.grpc.yaml', 'linked/secret.grpc.yaml', 'readme.md']) {
        const read = await store.readRequest({ folder, path });
        expect(read.ok, path).toBe(false);
        expect(!read.ok && read.error.code, path).toBe('INVALID_REQUEST');
        const write = await store.writeRequest({ folder, path, document: echoRequest(folder), baseRevision: null });
        expect(write.ok, path).toBe(false);
      }
      expect(await readFile(join(outside, 'secret.grpc.yaml'), 'utf8')).toBe('method: a.B/C\n');
      const badEnvironment = await store.writeEnvironment({ folder, environment: { name: '../escape', variables: [] } });
      expect(!badEnvironment.ok && badEnvironment.error.code).toBe('INVALID_REQUEST');
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('moves, renames and deletes request files without replacing another', async () => {
    unwrap(await store.create({ folder, name: 'Moves' }));
    const document = echoRequest(folder);
    unwrap(await store.writeRequest({ folder, path: 'A.grpc.yaml', document, baseRevision: null }));
    unwrap(await store.writeRequest({ folder, path: 'B.grpc.yaml', document, baseRevision: null }));
    const clash = await store.moveRequest({ folder, from: 'A.grpc.yaml', to: 'B.grpc.yaml' });
    expect(!clash.ok && clash.error.message).toMatch(/already exists/);
    unwrap(await store.moveRequest({ folder, from: 'A.grpc.yaml', to: 'sub/dir/A renamed.grpc.yaml' }));
    const index = unwrap(await store.open({ folder }));
    expect(index.requests.map((r) => r.path)).toEqual(['B.grpc.yaml', 'sub/dir/A renamed.grpc.yaml']);
    unwrap(await store.deleteRequest({ folder, path: 'B.grpc.yaml' }));
    expect(unwrap(await store.open({ folder })).requests.map((r) => r.name)).toEqual(['A renamed']);
  });

  it('renames and moves a folder of requests in one step, never onto another or into itself', async () => {
    unwrap(await store.create({ folder, name: 'Folders' }));
    const document = echoRequest(folder);
    unwrap(await store.writeRequest({ folder, path: 'cards/Charge.grpc.yaml', document, baseRevision: null }));
    unwrap(await store.writeRequest({ folder, path: 'cards/refunds/Refund.grpc.yaml', document, baseRevision: null }));
    unwrap(await store.writeRequest({ folder, path: 'users/Get.grpc.yaml', document, baseRevision: null }));
    const bytes = await readFile(join(folder, 'cards', 'refunds', 'Refund.grpc.yaml'));

    const clash = await store.moveFolder({ folder, from: 'cards', to: 'users' });
    expect(!clash.ok && clash.error.message).toBe('users already exists: choose another name.');
    const intoItself = await store.moveFolder({ folder, from: 'cards', to: 'cards/old' });
    expect(!intoItself.ok && intoItself.error.message).toBe('cards cannot be moved into itself (cards/old).');
    const hidden = await store.moveFolder({ folder, from: 'cards', to: '.git/cards' });
    expect(!hidden.ok && hidden.error.code).toBe('INVALID_REQUEST');
    const gone = await store.moveFolder({ folder, from: 'nowhere', to: 'elsewhere' });
    expect(!gone.ok && gone.error.code).toBe('NOT_FOUND');

    expect(unwrap(await store.moveFolder({ folder, from: 'cards', to: 'billing/payments' }))).toEqual({ path: 'billing/payments' });
    const paths = unwrap(await store.open({ folder })).requests.map((r) => r.path);
    expect(paths).toEqual(['billing/payments/Charge.grpc.yaml', 'billing/payments/refunds/Refund.grpc.yaml', 'users/Get.grpc.yaml']);
    expect(await readFile(join(folder, 'billing', 'payments', 'refunds', 'Refund.grpc.yaml'))).toEqual(bytes);
  });

  it('deletes a folder of requests, but never one that holds files of the user that are not requests', async () => {
    unwrap(await store.create({ folder, name: 'Folders' }));
    const document = echoRequest(folder);
    unwrap(await store.writeRequest({ folder, path: 'old/A.grpc.yaml', document, baseRevision: null }));
    unwrap(await store.writeRequest({ folder, path: 'old/deeper/B.grpc.yaml', document, baseRevision: null }));
    unwrap(await store.writeRequest({ folder, path: 'keep/C.grpc.yaml', document, baseRevision: null }));
    await writeFile(join(folder, 'keep', 'NOTES.md'), 'mine');

    const refused = await store.deleteFolder({ folder, path: 'keep' });
    expect(!refused.ok && refused.error.message).toBe(
      'The folder keep holds 1 file that is not a saved request ("NOTES.md"), so it was not deleted. Move it out first, or delete the folder outside the app.',
    );
    expect(await readFile(join(folder, 'keep', 'NOTES.md'), 'utf8')).toBe('mine');
    expect(unwrap(await store.deleteFolder({ folder, path: 'old' }))).toEqual({ deleted: 2 });
    expect(unwrap(await store.open({ folder })).requests.map((r) => r.path)).toEqual(['keep/C.grpc.yaml']);
    await expect(stat(join(folder, 'old'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(unwrap(await store.deleteFolder({ folder, path: 'old' }))).toEqual({ deleted: 0 }); // already gone: as asked
    const environments = await store.deleteFolder({ folder, path: 'environments' });
    expect(!environments.ok && environments.error.code).toBe('INVALID_REQUEST');
  });

  it('says clearly when a folder is not a collection or does not exist', async () => {
    const notCollection = await store.open({ folder });
    expect(!notCollection.ok && notCollection.error.message).toMatch(/has no grpc-collection\.yaml/);
    const missing = await store.open({ folder: join(folder, 'nope') });
    expect(!missing.ok && missing.error.message).toMatch(/does not exist/);
    unwrap(await store.create({ folder, name: 'Once' }));
    const twice = await store.create({ folder, name: 'Twice' });
    expect(!twice.ok && twice.error.message).toMatch(/already holds a collection/);
  });

  it('reports files changed outside the app, once per burst, without temporary files', async () => {
    unwrap(await store.create({ folder, name: 'Watched' }));
    await mkdir(join(folder, 'sub'));
    const reports: string[][] = [];
    const stop = watchCollection(folder, (paths) => reports.push(paths));
    try {
      await new Promise((r) => setTimeout(r, 50));
      await writeFile(join(folder, 'sub', 'Pulled.grpc.yaml'), 'method: a.B/C\n');
      await writeFile(join(folder, 'sub', 'x.abc.tmp'), '');
      await writeFile(join(folder, 'sub', 'Pulled.grpc.yaml'), 'method: a.B/D\n');
      const deadline = Date.now() + 3_000;
      while (reports.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      expect(reports.length).toBe(1);
      expect(reports[0]).toContain('sub/Pulled.grpc.yaml');
      expect(reports.flat().some((p) => p.endsWith('.tmp'))).toBe(false);
    } finally {
      stop();
    }
  });
});

describe('collection watcher after atomic replaces', () => {
  it('still sees a file written after it was replaced by a rename (what editors and git do)', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'watch-'));
    const reports: string[][] = [];
    const stop = watchCollection(folder, (paths) => reports.push(paths));
    const waitFor = async (count: number) => {
      const deadline = Date.now() + 3_000;
      while (reports.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    };
    try {
      await new Promise((r) => setTimeout(r, 200));
      await writeFile(join(folder, 'A.grpc.yaml'), 'one');
      await waitFor(1);
      await writeFile(join(folder, 'A.grpc.yaml.x.tmp'), 'two');
      await rename(join(folder, 'A.grpc.yaml.x.tmp'), join(folder, 'A.grpc.yaml'));
      await waitFor(2);
      await writeFile(join(folder, 'A.grpc.yaml'), 'three');
      await waitFor(3);
      expect(reports).toEqual([['A.grpc.yaml'], ['A.grpc.yaml'], ['A.grpc.yaml']]);
    } finally {
      stop();
      await rm(folder, { recursive: true, force: true });
    }
  });
});
