import { createHash } from 'node:crypto';
import { lstat, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type {
  BrokenFile,
  CollectionIndex,
  CollectionRef,
  CreateCollectionRequest,
  DeleteEnvironmentRequest,
  DeleteFolderRequest,
  DeleteRequestRequest,
  MoveFolderRequest,
  MoveRequestRequest,
  ReadRequestRequest,
  RequestEntry,
  SavedRequest,
  WriteCollectionSettingsRequest,
  WriteEnvironmentRequest,
  WriteRequestRequest,
} from '../../../shared/collection';
import { COLLECTION_FILE_NAME, ENVIRONMENTS_FOLDER, REQUEST_FILE_SUFFIX, requestNameOfPath } from '../../../shared/collection';
import { err, ok, type Result } from '../../../shared/result';
import { SNAPSHOT_FILE_SUFFIX, snapshotPathOf } from '../../../shared/snapshot';
import { makeDirectory } from '../files/make-directory';
import { TempFileLeftError, writeFileAtomic } from '../workspace/atomic-file';
import { CollectionFileError, collectionFileBytes, readCollectionFile } from './collection-file-read';
import {
  collectionFileText,
  environmentFileText,
  parseCollectionFile,
  parseEnvironmentFile,
  parseRequestFile,
  requestFileText,
} from './collection-format';
import { collectionPathProblem, insideFolder, requestPathProblem, staysInside } from './collection-paths';
import { sweepCollectionTemps } from './sweep-collection-temps';

export interface CollectionStore {
  create(request: CreateCollectionRequest): Promise<Result<CollectionIndex>>;
  open(request: CollectionRef): Promise<Result<CollectionIndex>>;
  readRequest(request: ReadRequestRequest): Promise<Result<SavedRequest>>;
  writeRequest(request: WriteRequestRequest): Promise<Result<{ path: string; revision: string }>>;
  moveRequest(request: MoveRequestRequest): Promise<Result<{ path: string }>>;
  deleteRequest(request: DeleteRequestRequest): Promise<Result<null>>;
  moveFolder(request: MoveFolderRequest): Promise<Result<{ path: string }>>;
  deleteFolder(request: DeleteFolderRequest): Promise<Result<{ deleted: number }>>;
  writeEnvironment(request: WriteEnvironmentRequest): Promise<Result<null>>;
  deleteEnvironment(request: DeleteEnvironmentRequest): Promise<Result<null>>;
  writeSettings(request: WriteCollectionSettingsRequest): Promise<Result<null>>;
}

/** Folders never indexed: version control, tools, and the environments (which are not requests). */
const SKIPPED_FOLDERS = new Set(['node_modules', ENVIRONMENTS_FOLDER]);
/** An environment's name is its file name: kept to what every file system accepts. */
// eslint-disable-next-line no-control-regex -- control characters are what is refused
const ENVIRONMENT_NAME = /^[^/\\:*?"<>|\u0000-\u001f\u007f.][^/\\:*?"<>|\u0000-\u001f\u007f]{0,127}$/u;

/** A folder of requests: a collection path, not hidden and not one of the skipped folders. */
function requestFolderProblem(path: string): string | null {
  const problem = collectionPathProblem(path);
  if (problem !== null) return problem;
  if (path.split('/').some((part) => part.startsWith('.'))) return `"${path}" is a hidden folder, which a collection does not show`;
  if (SKIPPED_FOLDERS.has(path.split('/')[0] ?? '')) return `"${path}" is not a folder of requests`;
  return null;
}

async function isFolder(absolute: string): Promise<boolean> {
  try {
    return (await lstat(absolute)).isDirectory();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

async function exists(absolute: string): Promise<boolean> {
  try {
    await lstat(absolute);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

export function revisionOf(bytes: string | Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function ioMessage(e: unknown): string {
  // These already say which file and what is wrong with it.
  if (e instanceof CollectionFileError || e instanceof TempFileLeftError) return e.message;
  const error = e as NodeJS.ErrnoException;
  switch (error.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOSPC':
      return 'the disk is full';
    case 'EROFS':
      return 'the folder is read-only';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    default:
      return error.message ?? String(e);
  }
}

function folderOf(folder: string): string {
  return resolve(folder);
}

/**
 * Collections as folders of files. Opening reads the root file, the environments and the
 * request file NAMES only (a 10,000-request collection opens as fast as its directory listing);
 * a request is parsed when it is opened. Writes are atomic, refused when the file changed since
 * it was read (a conflict, never a silent overwrite), skipped when the bytes would not change,
 * and never made over a file that could not be parsed.
 */
export interface CollectionStoreOptions {
  /** Temporary files of atomic writes older than this are leftovers of killed writes (default: this process's start). */
  processStartMs?: number;
}

export function createCollectionStore(options: CollectionStoreOptions = {}): CollectionStore {
  const processStartMs = options.processStartMs ?? performance.timeOrigin;
  async function readRoot(folder: string): Promise<Result<{ text: string | null }>> {
    const read = await readCollectionFile(insideFolder(folder, COLLECTION_FILE_NAME), COLLECTION_FILE_NAME);
    if (read.ok) return ok({ text: read.bytes.toString('utf8') });
    if (read.missing) return ok({ text: null });
    return err('IO', read.message);
  }

  async function index(folder: string): Promise<Result<CollectionIndex>> {
    const root = await readRoot(folder);
    if (!root.ok) return root;
    if (root.value.text === null) {
      return err('NOT_FOUND', `${folder} is not a collection: it has no ${COLLECTION_FILE_NAME}. Choose the folder that holds one, or create a new collection there.`);
    }
    const broken: BrokenFile[] = [];
    const settings = parseCollectionFile(root.value.text, basename(folder));
    if (!settings.ok) broken.push({ path: COLLECTION_FILE_NAME, message: `${COLLECTION_FILE_NAME} is ${settings.message}` });
    const requests: RequestEntry[] = [];
    const folders: string[] = [];
    try {
      await walk(folder, '', requests, folders, broken);
    } catch (e) {
      return err('IO', `The collection folder could not be listed: ${ioMessage(e)}`);
    }
    const environments = await readEnvironments(folder, broken);
    requests.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    folders.sort();
    return ok({
      folder,
      name: settings.ok ? settings.value.name : basename(folder),
      schema: settings.ok ? settings.value.schema : { protoFiles: [], importPaths: [], descriptorSets: [], reflection: false },
      variables: settings.ok ? settings.value.variables : [],
      environments,
      requests,
      folders,
      broken,
      rootBroken: !settings.ok,
    });
  }

  async function readEnvironments(folder: string, broken: BrokenFile[]): Promise<CollectionIndex['environments']> {
    let names: string[];
    try {
      names = (await readdir(insideFolder(folder, ENVIRONMENTS_FOLDER), { withFileTypes: true }))
        // Not only regular files: a FIFO or device named *.yaml is reported, not silently left out.
        .filter((e) => !e.isDirectory() && !e.isSymbolicLink() && e.name.endsWith('.yaml') && !e.name.startsWith('.'))
        .map((e) => e.name)
        .sort();
    } catch {
      return [];
    }
    const environments: CollectionIndex['environments'] = [];
    for (const file of names) {
      const path = `${ENVIRONMENTS_FOLDER}/${file}`;
      const read = await readCollectionFile(insideFolder(folder, path), path);
      if (!read.ok) {
        if (!read.missing) broken.push({ path, message: read.message });
        continue;
      }
      const parsed = parseEnvironmentFile(read.bytes.toString('utf8'));
      if (parsed.ok) environments.push({ name: file.slice(0, -'.yaml'.length), variables: parsed.value });
      else broken.push({ path, message: `${path} is ${parsed.message}` });
    }
    return environments;
  }

  async function walk(folder: string, relativeFolder: string, requests: RequestEntry[], folders: string[], broken: BrokenFile[]): Promise<void> {
    const entries = await readdir(relativeFolder === '' ? folder : insideFolder(folder, relativeFolder), { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = relativeFolder === '' ? entry.name : `${relativeFolder}/${entry.name}`;
      if (entry.isDirectory()) {
        if (relativeFolder === '' && SKIPPED_FOLDERS.has(entry.name)) continue;
        if (entry.name === 'node_modules') continue;
        folders.push(path);
        await walk(folder, path, requests, folders, broken);
      } else if (entry.name.endsWith(REQUEST_FILE_SUFFIX) && entry.name !== REQUEST_FILE_SUFFIX) {
        if (entry.isFile()) requests.push({ path, name: requestNameOfPath(path), folder: relativeFolder });
        else if (!entry.isSymbolicLink()) {
          // A FIFO, socket or device with a request's name: said, never opened (stat only).
          const read = await readCollectionFile(insideFolder(folder, path), path);
          if (!read.ok && !read.missing) broken.push({ path, message: read.message });
        }
      }
    }
  }

  /** Checks a request path and returns its absolute location, or why it is refused. */
  async function locate(folder: string, path: string, check = requestPathProblem): Promise<Result<string>> {
    const problem = check(path);
    if (problem !== null) return err('INVALID_REQUEST', `Refused: ${problem}.`);
    const absolute = insideFolder(folder, path);
    try {
      if (!(await staysInside(folder, absolute))) return err('INVALID_REQUEST', `Refused: "${path}" leads outside the collection folder (a symbolic link).`);
    } catch (e) {
      return err('IO', `The collection folder could not be read: ${ioMessage(e)}`);
    }
    return ok(absolute);
  }

  /** The bytes, null when missing; a file that cannot be read (a FIFO, too large) throws CollectionFileError. */
  const readBytes = collectionFileBytes;

  async function writeIfChanged(absolute: string, shownAs: string, text: string): Promise<void> {
    const current = await readBytes(absolute, shownAs);
    if (current !== null && current.equals(Buffer.from(text, 'utf8'))) return;
    await writeFileAtomic(absolute, text);
  }

  /** The root file's settings, refusing to write when the file that is there could not be parsed. */
  async function rootSettingsForWrite(folder: string): Promise<Result<ReturnType<typeof parseCollectionFile>>> {
    const root = await readRoot(folder);
    if (!root.ok) return root;
    if (root.value.text === null) return err('NOT_FOUND', `${folder} has no ${COLLECTION_FILE_NAME}.`);
    const settings = parseCollectionFile(root.value.text, basename(folder));
    if (!settings.ok) return err('IO', `${COLLECTION_FILE_NAME} is ${settings.message}. Fix the file first: it is not rewritten while it cannot be read.`, { broken: true });
    return ok(settings);
  }

  return {
    async create({ folder: given, name }) {
      const folder = folderOf(given);
      try {
        await makeDirectory(folder);
        const existing = await readBytes(insideFolder(folder, COLLECTION_FILE_NAME), COLLECTION_FILE_NAME);
        if (existing !== null) return err('IO', `${folder} already holds a collection (${COLLECTION_FILE_NAME}): open it instead.`);
        await writeFileAtomic(
          insideFolder(folder, COLLECTION_FILE_NAME),
          collectionFileText({ name, schema: { protoFiles: [], importPaths: [], descriptorSets: [], reflection: true }, variables: [] }),
        );
      } catch (e) {
        return err('IO', `The collection could not be created in ${folder}: ${ioMessage(e)}`);
      }
      return index(folder);
    },

    async open({ folder }) {
      const absolute = folderOf(folder);
      try {
        const info = await stat(absolute);
        if (!info.isDirectory()) return err('NOT_FOUND', `${absolute} is a file, not a folder.`);
      } catch (e) {
        return err('NOT_FOUND', `The collection folder ${absolute} could not be opened: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : ioMessage(e)}.`);
      }
      // Only a collection (a folder with its collection file) is swept: opening some other folder by mistake touches nothing.
      if (await exists(insideFolder(absolute, COLLECTION_FILE_NAME)).catch(() => false)) await sweepCollectionTemps(absolute, processStartMs);
      return index(absolute);
    },

    async readRequest({ folder: given, path }) {
      const folder = folderOf(given);
      const located = await locate(folder, path);
      if (!located.ok) return located;
      const read = await readCollectionFile(located.value, path);
      if (!read.ok && !read.missing) return err('IO', read.message);
      const bytes = read.ok ? read.bytes : null;
      if (bytes === null) return err('NOT_FOUND', `${path} is no longer in the collection (it was moved or deleted on disk).`);
      const parsed = parseRequestFile(folder, bytes.toString('utf8'));
      if (!parsed.ok) return err('IO', `${path} is ${parsed.message}. It is left as it is; fix it in an editor.`, { broken: true });
      return ok({ path, revision: revisionOf(bytes), document: parsed.value });
    },

    async writeRequest({ folder: given, path, document, baseRevision }) {
      const folder = folderOf(given);
      const located = await locate(folder, path);
      if (!located.ok) return located;
      const text = requestFileText(folder, document);
      try {
        const current = await readBytes(located.value, path);
        const diskRevision = current === null ? null : revisionOf(current);
        if (baseRevision === null && current !== null) {
          return err('IO', `${path} already exists: choose another name.`, { conflict: true, exists: true, diskRevision });
        }
        if (baseRevision !== null && diskRevision !== baseRevision) {
          const what = current === null ? 'was deleted on disk' : 'changed on disk';
          return err('IO', `${path} ${what} since it was opened: keep your version or load the disk version.`, { conflict: true, diskRevision });
        }
        if (current === null || !current.equals(Buffer.from(text, 'utf8'))) await writeFileAtomic(located.value, text);
      } catch (e) {
        return err('IO', `${path} could not be saved: ${ioMessage(e)}`);
      }
      return ok({ path, revision: revisionOf(text) });
    },

    async moveRequest({ folder: given, from, to }) {
      const folder = folderOf(given);
      const source = await locate(folder, from);
      if (!source.ok) return source;
      const target = await locate(folder, to);
      if (!target.ok) return target;
      if (from === to) return ok({ path: to });
      try {
        if ((await readBytes(source.value, from)) === null) return err('NOT_FOUND', `${from} is no longer in the collection.`);
        // Compared by name, case-insensitively, so a rename never replaces a file on macOS or Windows.
        const caseOnly = from.toLowerCase() === to.toLowerCase();
        if (!caseOnly && (await readBytes(target.value, to)) !== null) return err('IO', `${to} already exists: choose another name.`, { exists: true });
        // The request's snapshot (beside it) moves with it, never over someone else's.
        const snapshotFrom = insideFolder(folder, snapshotPathOf(from));
        const snapshotTo = insideFolder(folder, snapshotPathOf(to));
        const hasSnapshot = await exists(snapshotFrom);
        if (hasSnapshot && !caseOnly && (await exists(snapshotTo))) return err('IO', `${snapshotPathOf(to)} already exists: choose another name, or remove that snapshot first.`, { exists: true });
        await makeDirectory(dirname(target.value));
        await rename(source.value, target.value);
        if (hasSnapshot) await rename(snapshotFrom, snapshotTo);
      } catch (e) {
        return err('IO', `${from} could not be moved: ${ioMessage(e)}`);
      }
      return ok({ path: to });
    },

    async deleteRequest({ folder: given, path }) {
      const folder = folderOf(given);
      const located = await locate(folder, path);
      if (!located.ok) return located;
      try {
        await unlink(located.value);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return err('IO', `${path} could not be deleted: ${ioMessage(e)}`);
      }
      // Its snapshot is the request's too.
      try {
        await rm(insideFolder(folder, snapshotPathOf(path)), { force: true });
      } catch (e) {
        return err('IO', `${path} was deleted, but its snapshot ${snapshotPathOf(path)} could not be: ${ioMessage(e)}`);
      }
      return ok(null);
    },

    async moveFolder({ folder: given, from, to }) {
      const folder = folderOf(given);
      const source = await locate(folder, from, requestFolderProblem);
      if (!source.ok) return source;
      const target = await locate(folder, to, requestFolderProblem);
      if (!target.ok) return target;
      if (from === to) return ok({ path: to });
      if (to.startsWith(`${from}/`)) return err('INVALID_REQUEST', `${from} cannot be moved into itself (${to}).`);
      try {
        if (!(await isFolder(source.value))) return err('NOT_FOUND', `The folder ${from} is no longer in the collection.`);
        const caseOnly = from.toLowerCase() === to.toLowerCase();
        if (!caseOnly && (await exists(target.value))) return err('IO', `${to} already exists: choose another name.`, { exists: true });
        await makeDirectory(dirname(target.value));
        await rename(source.value, target.value); // one step: the folder is never half moved
      } catch (e) {
        return err('IO', `The folder ${from} could not be moved: ${ioMessage(e)}`);
      }
      return ok({ path: to });
    },

    async deleteFolder({ folder: given, path }) {
      const folder = folderOf(given);
      const located = await locate(folder, path, requestFolderProblem);
      if (!located.ok) return located;
      try {
        if (!(await isFolder(located.value))) return ok({ deleted: 0 }); // already gone: as asked
        const entries = await readdir(located.value, { withFileTypes: true, recursive: true });
        // Only saved requests and their snapshots are the app's to delete; notes, scripts or links are the user's.
        const others = entries.filter((e) => !e.isDirectory() && !(e.isFile() && (e.name.endsWith(REQUEST_FILE_SUFFIX) || e.name.endsWith(SNAPSHOT_FILE_SUFFIX))));
        if (others.length > 0) {
          const names = others.slice(0, 3).map((e) => `"${e.name}"`).join(', ');
          return err('IO', `The folder ${path} holds ${others.length} file${others.length === 1 ? '' : 's'} that ${others.length === 1 ? 'is not a saved request' : 'are not saved requests'} (${names}${others.length > 3 ? ', …' : ''}), so it was not deleted. Move ${others.length === 1 ? 'it' : 'them'} out first, or delete the folder outside the app.`);
        }
        await rm(located.value, { recursive: true });
        return ok({ deleted: entries.filter((e) => e.isFile() && e.name.endsWith(REQUEST_FILE_SUFFIX)).length });
      } catch (e) {
        return err('IO', `The folder ${path} could not be deleted: ${ioMessage(e)}`);
      }
    },

    async writeEnvironment({ folder: given, environment }) {
      const folder = folderOf(given);
      if (!ENVIRONMENT_NAME.test(environment.name)) {
        return err('INVALID_REQUEST', `"${environment.name}" cannot be an environment name: it becomes a file name, so it may not start with "." or hold / \\ : * ? " < > |.`);
      }
      const path = `${ENVIRONMENTS_FOLDER}/${environment.name}.yaml`;
      const located = await locate(folder, path, collectionPathProblem);
      if (!located.ok) return located;
      try {
        const current = await readBytes(located.value, path);
        if (current !== null) {
          const parsed = parseEnvironmentFile(current.toString('utf8'));
          if (!parsed.ok) return err('IO', `${path} is ${parsed.message}. Fix the file first: it is not rewritten while it cannot be read.`, { broken: true });
        }
        await writeIfChanged(located.value, path, environmentFileText(environment.variables));
      } catch (e) {
        return err('IO', `${path} could not be saved: ${ioMessage(e)}`);
      }
      return ok(null);
    },

    async deleteEnvironment({ folder: given, name }) {
      const folder = folderOf(given);
      if (!ENVIRONMENT_NAME.test(name)) return err('INVALID_REQUEST', `"${name}" is not an environment name.`);
      const located = await locate(folder, `${ENVIRONMENTS_FOLDER}/${name}.yaml`, collectionPathProblem);
      if (!located.ok) return located;
      try {
        await unlink(located.value);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return err('IO', `Environment ${name} could not be deleted: ${ioMessage(e)}`);
      }
      return ok(null);
    },

    async writeSettings({ folder: given, name, schema, variables }) {
      const folder = folderOf(given);
      const current = await rootSettingsForWrite(folder);
      if (!current.ok) return current;
      for (const path of [...schema.protoFiles, ...schema.importPaths, ...schema.descriptorSets]) {
        const problem = collectionPathProblem(path.replace(/^(\.\.\/)+/, ''));
        if (problem !== null && !path.startsWith('/')) return err('INVALID_REQUEST', `Schema source refused: ${problem}.`);
      }
      try {
        await writeIfChanged(insideFolder(folder, COLLECTION_FILE_NAME), COLLECTION_FILE_NAME, collectionFileText({ name, schema, variables }));
      } catch (e) {
        return err('IO', `${COLLECTION_FILE_NAME} could not be saved: ${ioMessage(e)}`);
      }
      return ok(null);
    },
  };
}
