import { join } from 'node:path';
import type { ChannelName, ChannelRequest, ChannelResponse, WorkbenchEvent } from '../../../shared/contract';
import { ok, type Result } from '../../../shared/result';
import { createCollectionStore } from '../collections/collection-store';
import { watchCollection } from '../collections/collection-watcher';
import { openHistoryStore, type HistoryStore } from '../history/history-store';
import { createKeyringSecretStore } from '../secrets/keyring-secret-store';
import type { SecretStore } from '../secrets/secret-store';

type WorkspaceChannel = Extract<ChannelName, `collections:${string}` | `secrets:${string}` | `history:${string}` | 'env:read'>;
export type WorkspaceHandlers = {
  [C in WorkspaceChannel]: (request: ChannelRequest<C>) => Promise<Result<ChannelResponse<C>>> | Result<ChannelResponse<C>>;
};

export interface WorkspaceParts {
  handlers: WorkspaceHandlers;
  dispose(): void;
}

export interface WorkspaceOptions {
  dataDir: string;
  emit: (event: WorkbenchEvent) => void;
  /** Where secret values go; the OS keychain (or memory, with a notice) when not given. */
  secrets?: () => Promise<SecretStore>;
}

/**
 * The engine's workspace channels: collections (files in the user's folders, watched while
 * open), secrets (the OS keychain), history (SQLite in the data folder) and the host's
 * environment for {{$env.NAME}}.
 */
export function createWorkspaceParts(options: WorkspaceOptions): WorkspaceParts {
  const collections = createCollectionStore();
  const watchers = new Map<string, () => void>();
  let secrets: Promise<SecretStore> | null = null;
  const secretStore = () => (secrets ??= (options.secrets ?? (() => createKeyringSecretStore()))());
  let history: HistoryStore | null = null;
  const historyStore = () => (history ??= openHistoryStore(join(options.dataDir, 'history.sqlite')));

  const watch = (folder: string) => {
    if (watchers.has(folder)) return;
    watchers.set(folder, watchCollection(folder, (paths) => options.emit({ kind: 'collection', folder, paths })));
  };

  const handlers: WorkspaceHandlers = {
    'collections:create': async (req) => {
      const created = await collections.create(req);
      if (created.ok) watch(created.value.folder);
      return created;
    },
    'collections:open': async (req) => {
      const opened = await collections.open(req);
      if (opened.ok) watch(opened.value.folder);
      return opened;
    },
    'collections:close': (req) => {
      for (const [folder, stop] of watchers) {
        if (folder === req.folder || folder === req.folder.replace(/[\\/]+$/, '')) {
          stop();
          watchers.delete(folder);
        }
      }
      return ok(null);
    },
    'collections:readRequest': (req) => collections.readRequest(req),
    'collections:writeRequest': (req) => collections.writeRequest(req),
    'collections:moveRequest': (req) => collections.moveRequest(req),
    'collections:deleteRequest': (req) => collections.deleteRequest(req),
    'collections:moveFolder': (req) => collections.moveFolder(req),
    'collections:deleteFolder': (req) => collections.deleteFolder(req),
    'collections:writeEnvironment': (req) => collections.writeEnvironment(req),
    'collections:deleteEnvironment': (req) => collections.deleteEnvironment(req),
    'collections:writeSettings': (req) => collections.writeSettings(req),
    'secrets:status': async () => ok((await secretStore()).status()),
    'secrets:get': async (req) => (await secretStore()).get(req),
    'secrets:set': async ({ value, ...key }) => (await secretStore()).set(key, value),
    'secrets:delete': async (req) => (await secretStore()).delete(req),
    'env:read': (req) => ok(Object.fromEntries(req.names.map((name) => [name, process.env[name] ?? null]))),
    'history:record': (req) => historyStore().record(req),
    'history:search': (req) => historyStore().search(req),
    'history:get': (req) => historyStore().get(req.id),
    'history:delete': (req) => historyStore().delete(req.id),
    'history:clear': () => historyStore().clear(),
  };

  return {
    handlers,
    dispose() {
      for (const stop of watchers.values()) stop();
      watchers.clear();
      try {
        history?.close();
      } catch {
        // Closing at shutdown: nothing left to tell anyone.
      }
      history = null;
    },
  };
}

