// The data folder and the files the engine keeps for the user: workspace saves that conflict,
// an unreadable workspace.json, collection paths that leave their folder, unknown history ids.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChannelName, ChannelRequest } from '../../../shared/contract';
import { emptyRequestDocument } from '../../../shared/request-document';
import { createValidatedDispatch } from '../../../electron/engine/dispatch/validated-dispatch';
import { createWorkbenchEngine } from '../../../electron/engine/workbench-engine';
import type { CorpusCase, CorpusCategory, CorpusKit, Outcome } from '../corpus-kit';

function data(name: string, run: (kit: CorpusKit) => Promise<Outcome>, code: string, messageRe: RegExp, defect?: string): CorpusCase {
  return { name, code, message: messageRe, defect, run };
}

const document = () => emptyRequestDocument({ service: 'demo.v1.DemoService', method: 'Echo' }, 'unary');

async function collection(kit: CorpusKit, name: string): Promise<string> {
  const folder = join(kit.dir, 'collections', name);
  mkdirSync(folder, { recursive: true });
  const created = await kit.invoke('collections:create', { folder, name });
  if (!created.ok) throw new Error(created.error.message);
  return folder;
}

/**
 * A second engine whose data folder is a regular file: `channel` must fail with the reason,
 * and the same engine must still import a .proto file (which needs no data folder) after it.
 */
async function onDataDirThatIsAFile<C extends ChannelName>(kit: CorpusKit, channel: C, request: ChannelRequest<C>): Promise<Outcome> {
  const engine = createWorkbenchEngine({ dataDir: kit.file(`data-is-a-file-${channel.replace(':', '-')}`, 'not a folder'), shell: 'browser' });
  const dispatch = createValidatedDispatch(engine);
  try {
    const outcome = await kit.resultOutcome(dispatch(channel, request));
    const proto = kit.file(`after-${channel.replace(':', '-')}.proto`, 'syntax = "proto3";\npackage after.v1;\nmessage Fine { string a = 1; }\n');
    const compiled = await dispatch('protos:compile', { protoFiles: [proto], importPaths: [kit.dir] });
    if (!compiled.ok) return { via: 'result', code: 'NO_RECOVERY', message: compiled.error.message };
    return outcome;
  } finally {
    await engine.dispose();
  }
}

export const dataFolderCases: CorpusCategory = {
  category: 'data folder',
  cases: [
    data('a data folder that is a file: workspace save', (kit) => onDataDirThatIsAFile(kit, 'workspace:save', { version: 1, data: {} }), 'IO', /^Could not save the workspace to .*data-is-a-file-workspace-save\/workspace\.json: ENOTDIR: not a directory/),
    data('a data folder that is a file: workspace load', (kit) => onDataDirThatIsAFile(kit, 'workspace:load', {}), 'IO', /^Could not read the saved workspace .*data-is-a-file-workspace-load\/workspace\.json: ENOTDIR: not a directory.* It is left as it is and will not be saved over\./),
    data('a data folder that is a file: history', (kit) => onDataDirThatIsAFile(kit, 'history:search', { query: '', limit: 10 }), 'IO', /^History could not be read: .*data-is-a-file-history-search is a file, not a folder\. Move or rename it, or choose another folder\./),
    data('a workspace save from a page whose revision is stale', async (kit) => {
      const loaded = await kit.invoke('workspace:load', {});
      const base = loaded.ok ? loaded.value.revision : null;
      await kit.invoke('workspace:save', { version: 1, data: { tabs: ['other page'] }, pageId: 'page-a', baseRevision: base });
      return kit.resultOutcome(kit.invoke('workspace:save', { version: 1, data: { tabs: ['stale page'] }, pageId: 'page-b', baseRevision: base }));
    }, 'IO', /^The workspace was changed in another tab or window since this one loaded it, so this tab no longer saves its layout\./),
    data('an unreadable workspace.json is set aside and named', async (kit) => {
      writeFileSync(join(kit.dir, 'data', 'workspace.json'), '{"version":1,"data":{ half written');
      const loaded = await kit.invoke('workspace:load', {});
      if (!loaded.ok) return { via: 'result', code: loaded.error.code, message: loaded.error.message };
      const aside = loaded.value.setAside;
      return aside ? { via: 'result', code: 'SET_ASIDE', message: `${aside.reason}: ${aside.path}` } : { via: 'result', code: 'OK', message: JSON.stringify(loaded.value) };
    }, 'SET_ASIDE', /^unreadable: .*data\/workspace\.json\.unreadable-\d{4}-\d{2}-\d{2}T[\d-]+Z$/),
    data('a workspace.json from a newer version is set aside', async (kit) => {
      writeFileSync(join(kit.dir, 'data', 'workspace.json'), '{"version":99,"data":{}}');
      const loaded = await kit.invoke('workspace:load', {});
      if (!loaded.ok) return { via: 'result', code: loaded.error.code, message: loaded.error.message };
      const aside = loaded.value.setAside;
      return aside ? { via: 'result', code: 'SET_ASIDE', message: `${aside.reason}: ${aside.path}` } : { via: 'result', code: 'OK', message: JSON.stringify(loaded.value) };
    }, 'SET_ASIDE', /^newer_version: .*data\/workspace\.json\.newer-\d{4}-\d{2}-\d{2}T[\d-]+Z$/),
    data('open a collection folder that does not exist', (kit) => kit.resultOutcome(kit.invoke('collections:open', { folder: join(kit.dir, 'no-collection') })), 'NOT_FOUND', /^The collection folder .*no-collection could not be opened: it does not exist\./),
    data('create a collection over a regular file', (kit) => kit.resultOutcome(kit.invoke('collections:create', { folder: kit.file('not-a-folder', 'x'), name: 'Oops' })), 'IO', /^The collection could not be created in .*not-a-folder: .*not-a-folder is a file, not a folder\. Move or rename it, or choose another folder\./),
    data('read a request by a path that leaves the collection', async (kit) => kit.resultOutcome(kit.invoke('collections:readRequest', { folder: await collection(kit, 'escape-read'), path: '../../etc/passwd' })), 'INVALID_REQUEST', /^Refused: "\.\.\/\.\.\/etc\/passwd" must not contain "\.\.", "\." or empty folder names\./),
    data('write a request by an absolute path', async (kit) => kit.resultOutcome(kit.invoke('collections:writeRequest', { folder: await collection(kit, 'escape-write'), path: '/tmp/evil.grpc.yaml', document: document(), baseRevision: null })), 'INVALID_REQUEST', /^Refused: "\/tmp\/evil\.grpc\.yaml" must be relative to the collection folder\./),
    data('read a request that does not exist', async (kit) => kit.resultOutcome(kit.invoke('collections:readRequest', { folder: await collection(kit, 'missing-read'), path: 'nope.grpc.yaml' })), 'NOT_FOUND', /^nope\.grpc\.yaml is no longer in the collection \(it was moved or deleted on disk\)\./),
    data('write a request over a newer revision', async (kit) => {
      const folder = await collection(kit, 'stale-write');
      const first = await kit.invoke('collections:writeRequest', { folder, path: 'echo.grpc.yaml', document: document(), baseRevision: null });
      if (!first.ok) throw new Error(first.error.message);
      await kit.invoke('collections:writeRequest', { folder, path: 'echo.grpc.yaml', document: { ...document(), body: '{"message":"newer"}' }, baseRevision: first.value.revision });
      return kit.resultOutcome(kit.invoke('collections:writeRequest', { folder, path: 'echo.grpc.yaml', document: { ...document(), body: '{"message":"stale"}' }, baseRevision: first.value.revision }));
    }, 'IO', /^echo\.grpc\.yaml changed on disk since it was opened: keep your version or load the disk version\./),
    data('read a request file that is not YAML', async (kit) => {
      const folder = await collection(kit, 'broken-yaml');
      writeFileSync(join(folder, 'broken.grpc.yaml'), 'method: [unclosed\n  : : :\n');
      return kit.resultOutcome(kit.invoke('collections:readRequest', { folder, path: 'broken.grpc.yaml' }));
    }, 'IO', /^broken\.grpc\.yaml is not valid YAML: Unexpected : in flow sequence at line 2, column 5\./),
    data('get a history entry that does not exist', (kit) => kit.resultOutcome(kit.invoke('history:get', { id: 987_654 })), 'NOT_FOUND', /^History entry 987654 does not exist \(it may have been deleted or dropped as the oldest\)\./),
    data('list a folder that does not exist', (kit) => kit.resultOutcome(kit.invoke('files:list', { path: join(kit.dir, 'nowhere') })), 'NOT_FOUND', /^The folder .*nowhere does not exist\./),
    data('list a regular file as a folder', (kit) => kit.resultOutcome(kit.invoke('files:list', { path: kit.file('listed-file.txt', 'x') })), 'IO', /^.*listed-file\.txt is not a folder\./),
    data('list a relative path', (kit) => kit.resultOutcome(kit.invoke('files:list', { path: 'relative/folder' })), 'INVALID_REQUEST', /^"relative\/folder" is a relative path, and the host would read it against its own working folder\./),
    data('native file dialogs in the browser shell', (kit) => kit.resultOutcome(kit.invoke('files:pick', { kind: 'proto_files', multiple: true })), 'UNSUPPORTED', /^This shell has no native file dialogs; use the in-app file picker\./),
  ],
};
