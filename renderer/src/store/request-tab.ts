import type { RequestCheck, VariableCapture } from '../../../shared/checks';
import type { MethodKind } from '../../../shared/catalog';
import type { ConnectionSettings } from '../../../shared/connection';
import { defaultConnectionSettings } from '../../../shared/connection';
import type { MethodRef } from '../../../shared/contract';
import type { CallId } from '../../../shared/ids';
import type { RequestAuth, RequestDocument } from '../../../shared/request-document';
import type { WorkbenchError } from '../../../shared/result';

export type ResponseTabName = 'messages' | 'headers' | 'trailers' | 'timing' | 'connection' | 'checks';

export interface MetadataRow {
  id: string;
  key: string;
  value: string;
}

/** Where a tab's request is saved, and the document as last read from or written to disk. */
export interface SavedLocation {
  /** The collection folder (absolute, on the host). */
  folder: string;
  /** Relative to the folder, posix separators. */
  path: string;
  /** The request's name (its file name). */
  name: string;
  /** sha256 of the file as last seen; a save is refused when the disk moved on. */
  revision: string;
  /** What the file holds: the tab is dirty when its document differs from this. */
  document: RequestDocument;
}

/** The file changed on disk while the tab had unsaved edits (or a save found it changed). */
export interface DiskConflict {
  revision: string;
  /** The disk version, or null when the file was deleted or cannot be parsed. */
  document: RequestDocument | null;
  message: string;
}

/**
 * One open request. The request itself (what a saved file holds: see documentOfTab in
 * request-document-model.ts) is method, connection, metadata, deadline, auth, body and
 * messages; the rest is run state (callId, starting, error) and view state (responseTab,
 * connectionSettingsOpen), which no file ever sees.
 */
export interface RequestTab {
  id: string;
  method: MethodRef;
  /** Kept with the tab so it still reads well while its proto set reloads. */
  methodName: string;
  kind: MethodKind;
  connection: ConnectionSettings;
  metadata: MetadataRow[];
  /** As typed; empty = no deadline. */
  deadline: string;
  body: string;
  /** The saved messages of a client or bidi stream, sent in order. */
  messages: string[];
  auth: RequestAuth;
  emitDefaults: boolean;
  /** The checks saved with the request (edited in the Checks view, evaluated after each call). */
  checks?: RequestCheck[];
  /** Variables copied from the response into the active environment after an OK call. */
  captures?: VariableCapture[];
  /** HTTP binding: which google.api.http rule HTTP/JSON calls use (RequestDocument.httpRuleIndex); absent = 0, the primary rule. */
  httpRuleIndex?: number;
  /** Where it is saved; null = never saved. */
  saved: SavedLocation | null;
  conflict: DiskConflict | null;
  /** The tab's latest call (its record lives in the calls slice). */
  callId: CallId | null;
  /** calls:start is on its way (Invoke stays disabled so a double click starts one call). */
  starting: boolean;
  /** The last error from the engine for this tab (bad JSON, bad target, TLS files...). */
  error: WorkbenchError | null;
  responseTab: ResponseTabName;
  connectionSettingsOpen: boolean;
}

let nextId = 1;
/** Ids unique within this page (tabs and metadata rows); persisted ids are re-made on load. */
export function makeLocalId(prefix: string): string {
  const id = `${prefix}-${Date.now().toString(36)}-${nextId.toString(36)}`;
  nextId += 1;
  return id;
}

export function methodKey(ref: MethodRef): string {
  return `${ref.protoSetId}/${ref.service}/${ref.method}`;
}

export function sameMethod(a: MethodRef, b: MethodRef): boolean {
  return a.protoSetId === b.protoSetId && a.service === b.service && a.method === b.method;
}

export interface NewTabInput {
  method: MethodRef;
  methodName: string;
  kind: MethodKind;
  connection?: ConnectionSettings;
  metadata?: MetadataRow[];
  body?: string;
  messages?: string[];
  auth?: RequestAuth;
  deadline?: string;
  emitDefaults?: boolean;
  checks?: RequestCheck[];
  captures?: VariableCapture[];
  httpRuleIndex?: number;
  saved?: SavedLocation | null;
}

export function createRequestTab(input: NewTabInput): RequestTab {
  return {
    id: makeLocalId('tab'),
    method: input.method,
    methodName: input.methodName,
    kind: input.kind,
    connection: cloneConnection(input.connection ?? defaultConnectionSettings()),
    metadata: (input.metadata ?? []).map((row) => ({ ...row, id: makeLocalId('md') })),
    deadline: input.deadline ?? '',
    body: input.body ?? '',
    messages: [...(input.messages ?? [])],
    auth: input.auth ?? { kind: 'none' },
    emitDefaults: input.emitDefaults ?? false,
    ...(input.checks === undefined ? {} : { checks: input.checks.map((check) => ({ ...check })) }),
    ...(input.captures === undefined ? {} : { captures: input.captures.map((capture) => ({ ...capture })) }),
    ...(input.httpRuleIndex === undefined || input.httpRuleIndex === 0 ? {} : { httpRuleIndex: input.httpRuleIndex }),
    saved: input.saved ?? null,
    conflict: null,
    callId: null,
    starting: false,
    error: null,
    responseTab: 'messages',
    connectionSettingsOpen: false,
  };
}

export function cloneConnection(settings: ConnectionSettings): ConnectionSettings {
  return { ...settings, tls: { ...settings.tls }, keepalive: { ...settings.keepalive } };
}
