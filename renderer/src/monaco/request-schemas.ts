import type { MethodRef } from '../../../shared/contract';
import { loadedMonaco } from './monaco-runtime';

/** The Monaco model of one tab's request body. The URI ties the method's JSON Schema to it. */
export function requestModelPath(tabId: string, method: MethodRef): string {
  const safe = (s: string) => encodeURIComponent(s);
  return `grpc-workbench://request/${safe(method.protoSetId)}/${safe(method.service)}/${safe(method.method)}/${safe(tabId)}.json`;
}

export function schemaUri(method: MethodRef): string {
  return `grpc-workbench://schema/${encodeURIComponent(method.protoSetId)}/${encodeURIComponent(`${method.service}.${method.method}`)}.json`;
}

export interface RequestSchemaBinding {
  method: MethodRef;
  modelPaths: string[];
  schema: Record<string, unknown>;
}

let last: { uri: string; fileMatch: string[]; schema: Record<string, unknown> }[] = [];

/** Give the JSON language service one schema per method, matched to the models of its tabs. */
export function applyRequestSchemas(bindings: readonly RequestSchemaBinding[]): void {
  const jsonDefaults = loadedMonaco()?.jsonDefaults;
  if (!jsonDefaults) return; // applied again by the caller once Monaco has loaded
  const schemas = bindings.map((b) => ({ uri: schemaUri(b.method), fileMatch: b.modelPaths, schema: b.schema }));
  // Reconfiguring restarts the JSON worker: do it only when something really changed.
  const same =
    schemas.length === last.length &&
    schemas.every((s, i) => s.uri === last[i]?.uri && s.schema === last[i]?.schema && s.fileMatch.join('\n') === last[i]?.fileMatch.join('\n'));
  if (same) return;
  last = schemas;
  jsonDefaults.setDiagnosticsOptions({ ...jsonDefaults.diagnosticsOptions, validate: true, enableSchemaRequest: false, schemas });
}
