import type { MethodKind } from '../../../shared/catalog';
import type { ConnectionSettings } from '../../../shared/connection';
import { defaultConnectionSettings } from '../../../shared/connection';
import type { MethodRef } from '../../../shared/contract';
import type { CallId } from '../../../shared/ids';
import type { WorkbenchError } from '../../../shared/result';

export type ResponseTabName = 'messages' | 'headers' | 'trailers' | 'timing' | 'connection';

export interface MetadataRow {
  id: string;
  key: string;
  value: string;
}

/** One open request: its own target, TLS, metadata, deadline and body. */
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
  emitDefaults: boolean;
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
}

export function createRequestTab(input: NewTabInput): RequestTab {
  return {
    id: makeLocalId('tab'),
    method: input.method,
    methodName: input.methodName,
    kind: input.kind,
    connection: cloneConnection(input.connection ?? defaultConnectionSettings()),
    metadata: (input.metadata ?? []).map((row) => ({ ...row, id: makeLocalId('md') })),
    deadline: '',
    body: input.body ?? '',
    emitDefaults: false,
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
