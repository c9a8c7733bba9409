import type { RequestDocument } from './request-document';

/** Where a collection's protos come from. Paths are relative to the collection folder (posix separators). */
export interface SchemaSources {
  protoFiles: string[];
  importPaths: string[];
  descriptorSets: string[];
  /** Ask the request's server through reflection when no file names the method. */
  reflection: boolean;
}

/** A variable as the collection folder keeps it: a secret keeps only its name. */
export interface VariableDefinition {
  name: string;
  /** '' for a secret (its value lives in the OS keychain, never in the folder). */
  value: string;
  secret: boolean;
}

export interface EnvironmentDefinition {
  /** The file name without its extension: environments/<name>.yaml */
  name: string;
  variables: VariableDefinition[];
}

/** A file of the collection that could not be read or parsed: shown, never rewritten. */
export interface BrokenFile {
  /** Relative to the collection folder, posix separators. */
  path: string;
  message: string;
}

/** One saved request as the tree shows it: known from its file name alone (nothing parsed). */
export interface RequestEntry {
  /** Relative to the collection folder, posix separators, e.g. "billing/Charge card.grpc.yaml". */
  path: string;
  /** The file name without ".grpc.yaml". */
  name: string;
  /** The folder inside the collection, posix separators; '' = top level. */
  folder: string;
}

/** What opening a collection reads: the root file, the environments, and the names of the requests. */
export interface CollectionIndex {
  /** The absolute collection folder on the host. */
  folder: string;
  name: string;
  schema: SchemaSources;
  /** Collection-level variables; an environment's variables override them. */
  variables: VariableDefinition[];
  environments: EnvironmentDefinition[];
  requests: RequestEntry[];
  /** Every folder inside the collection (also empty ones), posix separators, sorted. */
  folders: string[];
  /** The root file or environment files that could not be parsed (request files are checked when opened). */
  broken: BrokenFile[];
  /** The root file itself could not be parsed: the collection is read-only until it is fixed. */
  rootBroken: boolean;
}

/** A saved request read from disk. revision = sha256 of the file's bytes, for conflict checks. */
export interface SavedRequest {
  path: string;
  revision: string;
  document: RequestDocument;
}

export interface CollectionRef {
  folder: string;
}
export interface CreateCollectionRequest {
  folder: string;
  name: string;
}
export interface ReadRequestRequest {
  folder: string;
  path: string;
}
export interface WriteRequestRequest {
  folder: string;
  path: string;
  document: RequestDocument;
  /** The revision this edit started from; null = a new file (refused if one exists). */
  baseRevision: string | null;
}
export interface MoveRequestRequest {
  folder: string;
  from: string;
  to: string;
}
export interface DeleteRequestRequest {
  folder: string;
  path: string;
}
/** Renames or moves a folder of requests (`from` and `to` are folder paths like "a/b"). */
export interface MoveFolderRequest {
  folder: string;
  from: string;
  to: string;
}
/** Deletes a folder whose files are all saved requests (anything else in it is never deleted). */
export interface DeleteFolderRequest {
  folder: string;
  path: string;
}
export interface WriteEnvironmentRequest {
  folder: string;
  environment: EnvironmentDefinition;
}
export interface DeleteEnvironmentRequest {
  folder: string;
  name: string;
}
export interface WriteCollectionSettingsRequest {
  folder: string;
  name: string;
  schema: SchemaSources;
  variables: VariableDefinition[];
}

/** The file-name suffix of a saved request. Only these files are requests, so other YAML in a repository is left alone. */
export const REQUEST_FILE_SUFFIX = '.grpc.yaml';
/** The collection's root file, at the top of its folder. */
export const COLLECTION_FILE_NAME = 'grpc-collection.yaml';
/** Environments live in this folder of the collection, one <name>.yaml each. */
export const ENVIRONMENTS_FOLDER = 'environments';

/** Characters no file name may hold on Windows, macOS or Linux, and control characters. */
// eslint-disable-next-line no-control-regex -- control characters are what is being removed
const UNSAFE_FILE_NAME_CHARACTERS = /[/\\:*?"<>|\u0000-\u001f\u007f]/g;

/** A request's name as a file name: the human name kept (spaces too), unsafe characters replaced. */
export function requestFileName(name: string): string {
  const safe = name.replace(UNSAFE_FILE_NAME_CHARACTERS, '-').replace(/^[.\s]+|[.\s]+$/g, '').slice(0, 200);
  return `${safe === '' ? 'Untitled request' : safe}${REQUEST_FILE_SUFFIX}`;
}

/** The request path for a name in a folder of the collection (posix, relative). */
export function requestPath(folder: string, name: string): string {
  const clean = cleanFolderPath(folder);
  return clean === '' ? requestFileName(name) : `${clean}/${requestFileName(name)}`;
}

/** A folder path as typed by a user ("cards\\refunds/", "./a"), as the collection names it: "a/b". */
export function cleanFolderPath(path: string): string {
  return path.split(/[\\/]+/).filter((part) => part !== '' && part !== '.').join('/');
}

/** The request name a path stands for. */
export function requestNameOfPath(path: string): string {
  const file = path.split('/').at(-1) ?? path;
  return file.endsWith(REQUEST_FILE_SUFFIX) ? file.slice(0, -REQUEST_FILE_SUFFIX.length) : file;
}
