import { isAbsolute, relative, resolve, sep } from 'node:path';
import { parse, stringify } from 'yaml';
import type { z } from 'zod';
import type { VariableCapture } from '../../../shared/checks';
import type { SchemaSources, VariableDefinition } from '../../../shared/collection';
import { defaultConnectionSettings, type ConnectionSettings } from '../../../shared/connection';
import { formatFieldPath, WORKSPACE_SCHEMAS } from '../../../shared/validation';
import { methodFullName, parseMethodFullName, type RequestDocument } from '../../../shared/request-document';

/**
 * The collection's files as people read them in a diff: YAML with a fixed key order, defaults
 * left out, multi-line JSON bodies as block literals, and nothing volatile (no ids, no times),
 * so saving an unchanged request produces the same bytes. Every file is checked with the same
 * schemas the host applies to the wire before anything uses it.
 */

type Plain = Record<string, unknown>;

const YAML_OUTPUT = { lineWidth: 0, blockQuote: 'literal', indent: 2, aliasDuplicateObjects: false } as const;

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

function yamlText(value: Plain): string {
  return stringify(value, YAML_OUTPUT);
}

/** Parses YAML (or JSON, which is YAML) into a plain object; a message with line and column otherwise. */
function parseObject(text: string): Parsed<Plain> {
  let value: unknown;
  try {
    value = parse(text, { uniqueKeys: true, maxAliasCount: 50, prettyErrors: true });
  } catch (e) {
    return { ok: false, message: `not valid YAML: ${(e as Error).message.split('\n')[0]?.replace(/:\s*$/, '')}` };
  }
  if (value === null || value === undefined) return { ok: true, value: {} };
  if (typeof value !== 'object' || Array.isArray(value)) return { ok: false, message: 'the file must hold a mapping of keys (name: value)' };
  return { ok: true, value: value as Plain };
}

function unknownKeys(value: Plain, known: readonly string[]): string | null {
  const extra = Object.keys(value).filter((key) => !known.includes(key));
  return extra.length === 0 ? null : `unknown key${extra.length > 1 ? 's' : ''} ${extra.map((k) => `"${k}"`).join(', ')} (this version of the workbench does not know ${extra.length > 1 ? 'them' : 'it'}, so it leaves the file as it is)`;
}

function checked<T>(schema: z.ZodType<T>, value: unknown, what: string): Parsed<T> {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  const at = issue ? formatFieldPath(issue.path) : '';
  return { ok: false, message: `${what}${at === '' ? '' : ` at ${at}`}: ${issue?.message ?? 'invalid'}` };
}

// Paths: a TLS file inside the collection is stored relative to it (posix), so the collection
// works on another machine; files elsewhere keep their absolute path.
function toStoredPath(folder: string, path: string): string {
  if (path === '' || !isAbsolute(path)) return path;
  const inside = relative(folder, path);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return path;
  return inside.split(sep).join('/');
}

function fromStoredPath(folder: string, path: string): string {
  if (path === '' || isAbsolute(path)) return path;
  return resolve(folder, ...path.split('/'));
}

const REQUEST_KEYS = ['method', 'kind', 'target', 'tls', 'connection', 'httpRuleIndex', 'metadata', 'deadline', 'auth', 'emitDefaults', 'body', 'messages', 'checks', 'captures'] as const;
const TLS_KEYS = ['enabled', 'caPath', 'certPath', 'keyPath', 'serverNameOverride', 'skipVerify'] as const;
const CONNECTION_KEYS = ['keepalive', 'maxReceiveBytes', 'maxSendBytes', 'loadBalancing', 'compression', 'userAgent'] as const;
/** Call options kept with the connection (see ConnectionSettings): written only when on, so files saved before them do not change. */
const CALL_OPTION_KEYS = ['waitForReady', 'sendTraceContext'] as const;

/** The keys of `value` that differ from `defaults`, in the order given. */
function changedKeys<K extends string>(value: Record<K, unknown>, defaults: Record<K, unknown>, keys: readonly K[]): Plain {
  const out: Plain = {};
  for (const key of keys) {
    if (JSON.stringify(value[key]) !== JSON.stringify(defaults[key])) out[key] = value[key];
  }
  return out;
}

/** A capture with its keys in one order (variable, from, path or name, messageIndex), whatever order the object was built in. */
function captureEntry(capture: VariableCapture): Plain {
  if (capture.from !== 'message') return { variable: capture.variable, from: capture.from, name: capture.name };
  return { variable: capture.variable, from: 'message', path: capture.path, ...(capture.messageIndex === undefined ? {} : { messageIndex: capture.messageIndex }) };
}

/** A request document as its file's text. */
export function requestFileText(folder: string, document: RequestDocument): string {
  const defaults = defaultConnectionSettings();
  const { connection } = document;
  const tls = changedKeys(
    {
      ...connection.tls,
      caPath: toStoredPath(folder, connection.tls.caPath),
      certPath: toStoredPath(folder, connection.tls.certPath),
      keyPath: toStoredPath(folder, connection.tls.keyPath),
    },
    defaults.tls,
    TLS_KEYS,
  );
  const rest = changedKeys(connection, defaults, CONNECTION_KEYS);
  for (const key of CALL_OPTION_KEYS) if (connection[key] === true) rest[key] = true;
  // Written only when set, so files saved before service configs existed stay byte-identical.
  if (connection.serviceConfig !== undefined && connection.serviceConfig.trim() !== '') rest['serviceConfig'] = connection.serviceConfig;
  // Written only when not the default (gRPC, HTTP/2), so files saved before protocols stay byte-identical.
  if (connection.protocol !== undefined && connection.protocol !== 'grpc') rest['protocol'] = connection.protocol;
  if (connection.httpVersion === '1.1') rest['httpVersion'] = connection.httpVersion;
  const out: Plain = { method: methodFullName(document.method) };
  if (document.kind !== null) out['kind'] = document.kind;
  out['target'] = connection.target;
  if (Object.keys(tls).length > 0) out['tls'] = tls;
  if (Object.keys(rest).length > 0) out['connection'] = rest;
  // The primary rule (0) is left out, so files saved before bindings could be chosen stay byte-identical.
  if (document.httpRuleIndex !== undefined && document.httpRuleIndex !== 0) out['httpRuleIndex'] = document.httpRuleIndex;
  if (document.metadata.length > 0) out['metadata'] = document.metadata.map(({ key, value }) => ({ key, value }));
  if (document.deadline !== '') out['deadline'] = document.deadline;
  if (document.auth.kind !== 'none') out['auth'] = { ...document.auth };
  if (document.emitDefaults) out['emitDefaults'] = true;
  if (document.body !== '') out['body'] = document.body; // a block literal ("|" or "|-") keeps the text exactly as typed
  if (document.messages.length > 0) out['messages'] = [...document.messages];
  if (document.checks !== undefined && document.checks.length > 0) out['checks'] = document.checks.map((check) => ({ ...check }));
  if (document.captures !== undefined && document.captures.length > 0) out['captures'] = document.captures.map(captureEntry);
  return yamlText(out);
}

/** Reads a request file's text back into a document (TLS paths absolute again). */
export function parseRequestFile(folder: string, text: string): Parsed<RequestDocument> {
  const parsed = parseObject(text);
  if (!parsed.ok) return parsed;
  const file = parsed.value;
  const unknown = unknownKeys(file, REQUEST_KEYS);
  if (unknown !== null) return { ok: false, message: unknown };
  if (typeof file['method'] !== 'string') return { ok: false, message: '"method" is missing: it names the method, e.g. "pkg.Service/Method"' };
  const method = parseMethodFullName(file['method']);
  if (method === null) return { ok: false, message: `"method" must be "pkg.Service/Method", not "${file['method']}"` };

  const defaults = defaultConnectionSettings();
  const tlsFile = isPlain(file['tls']) ? file['tls'] : file['tls'] === undefined ? {} : null;
  const connectionFile = isPlain(file['connection']) ? file['connection'] : file['connection'] === undefined ? {} : null;
  if (tlsFile === null) return { ok: false, message: '"tls" must be a mapping (enabled, caPath, ...)' };
  if (connectionFile === null) return { ok: false, message: '"connection" must be a mapping (keepalive, compression, ...)' };
  const tlsUnknown = unknownKeys(tlsFile, TLS_KEYS);
  if (tlsUnknown !== null) return { ok: false, message: `in "tls": ${tlsUnknown}` };
  const connectionUnknown = unknownKeys(connectionFile, [...CONNECTION_KEYS, ...CALL_OPTION_KEYS, 'serviceConfig', 'protocol', 'httpVersion']);
  if (connectionUnknown !== null) return { ok: false, message: `in "connection": ${connectionUnknown}` };
  const keepalive = isPlain(connectionFile['keepalive']) ? { ...defaults.keepalive, ...connectionFile['keepalive'] } : connectionFile['keepalive'] ?? defaults.keepalive;

  const candidate = {
    method,
    kind: file['kind'] ?? null,
    connection: { ...defaults, ...connectionFile, keepalive, target: file['target'] ?? '', tls: { ...defaults.tls, ...tlsFile } },
    metadata: file['metadata'] ?? [],
    deadline: file['deadline'] ?? '',
    auth: file['auth'] ?? { kind: 'none' },
    body: file['body'] ?? '',
    messages: file['messages'] ?? [],
    emitDefaults: file['emitDefaults'] ?? false,
    ...(file['checks'] === undefined ? {} : { checks: file['checks'] }),
    ...(file['captures'] === undefined ? {} : { captures: file['captures'] }),
    ...(file['httpRuleIndex'] === undefined ? {} : { httpRuleIndex: file['httpRuleIndex'] }),
  };
  const document = checked(WORKSPACE_SCHEMAS.requestDocument, candidate, 'not a valid request');
  if (!document.ok) return document;
  const tls = document.value.connection.tls;
  const connection: ConnectionSettings = {
    ...document.value.connection,
    tls: { ...tls, caPath: fromStoredPath(folder, tls.caPath), certPath: fromStoredPath(folder, tls.certPath), keyPath: fromStoredPath(folder, tls.keyPath) },
  };
  return { ok: true, value: { ...document.value, connection } };
}

function isPlain(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Variables as a file keeps them: a secret keeps only its name and the flag, never a value. */
function storedVariables(variables: readonly VariableDefinition[]): Plain[] {
  return variables.map((v) => (v.secret ? { name: v.name, secret: true } : { name: v.name, value: v.value }));
}

function parseVariables(value: unknown, what: string): Parsed<VariableDefinition[]> {
  if (value === undefined) return { ok: true, value: [] };
  if (!Array.isArray(value)) return { ok: false, message: `"variables" ${what} must be a list of { name, value } or { name, secret: true }` };
  const candidate = value.map((v: unknown) => {
    if (!isPlain(v)) return v;
    const secret = v['secret'] === true;
    // A value next to secret: true would be a secret in git: refused rather than silently used.
    return { name: v['name'], value: secret ? (v['value'] === undefined ? '' : v['value']) : String(v['value'] ?? ''), secret: v['secret'] ?? false };
  });
  const checkedVariables = checked(WORKSPACE_SCHEMAS.variables, candidate, `"variables" ${what}`);
  if (!checkedVariables.ok) return checkedVariables;
  const leaked = checkedVariables.value.find((v) => v.secret && v.value !== '');
  if (leaked) return { ok: false, message: `variable "${leaked.name}" is marked secret but has a value in the file: remove the value (secret values live in the OS keychain)` };
  return checkedVariables;
}

export interface CollectionSettings {
  name: string;
  schema: SchemaSources;
  variables: VariableDefinition[];
}

const ROOT_KEYS = ['name', 'schema', 'variables'] as const;
const SCHEMA_KEYS = ['protoFiles', 'importPaths', 'descriptorSets', 'reflection'] as const;

export function collectionFileText(settings: CollectionSettings): string {
  const out: Plain = {
    name: settings.name,
    schema: {
      protoFiles: settings.schema.protoFiles,
      importPaths: settings.schema.importPaths,
      descriptorSets: settings.schema.descriptorSets,
      reflection: settings.schema.reflection,
    },
  };
  if (settings.variables.length > 0) out['variables'] = storedVariables(settings.variables);
  return yamlText(out);
}

export function parseCollectionFile(text: string, fallbackName: string): Parsed<CollectionSettings> {
  const parsed = parseObject(text);
  if (!parsed.ok) return parsed;
  const file = parsed.value;
  const unknown = unknownKeys(file, ROOT_KEYS);
  if (unknown !== null) return { ok: false, message: unknown };
  const schemaFile = file['schema'] === undefined ? {} : file['schema'];
  if (!isPlain(schemaFile)) return { ok: false, message: '"schema" must be a mapping (protoFiles, importPaths, descriptorSets, reflection)' };
  const schemaUnknown = unknownKeys(schemaFile, SCHEMA_KEYS);
  if (schemaUnknown !== null) return { ok: false, message: `in "schema": ${schemaUnknown}` };
  const schema = checked(
    WORKSPACE_SCHEMAS.schemaSources,
    { protoFiles: [], importPaths: [], descriptorSets: [], reflection: false, ...schemaFile },
    '"schema"',
  );
  if (!schema.ok) return schema;
  const variables = parseVariables(file['variables'], 'of the collection');
  if (!variables.ok) return variables;
  const name = typeof file['name'] === 'string' && file['name'].trim() !== '' ? file['name'] : fallbackName;
  return { ok: true, value: { name, schema: schema.value, variables: variables.value } };
}

export function environmentFileText(variables: readonly VariableDefinition[]): string {
  return yamlText({ variables: storedVariables(variables) });
}

export function parseEnvironmentFile(text: string): Parsed<VariableDefinition[]> {
  const parsed = parseObject(text);
  if (!parsed.ok) return parsed;
  const unknown = unknownKeys(parsed.value, ['variables']);
  if (unknown !== null) return { ok: false, message: unknown };
  return parseVariables(parsed.value['variables'], 'of the environment');
}
