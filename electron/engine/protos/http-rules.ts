import type { DescField, DescMessage, DescMethod } from '@bufbuild/protobuf';
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import type { HttpRule } from '../../../shared/http-rule';

/** google.api.http's extension number on MethodOptions (google/api/annotations.proto). */
const HTTP_EXTENSION = 72295728;

/** google.api.HttpRule as read off the wire (google/api/http.proto field numbers). */
interface RawHttpRule {
  verb: string;
  path: string;
  body: string;
  responseBody: string;
  additionalBindings: RawHttpRule[];
}

/** HttpRule's pattern oneof: get = 2, put = 3, post = 4, delete = 5, patch = 6. */
const VERB_FIELDS: Record<number, string> = { 2: 'GET', 3: 'PUT', 4: 'POST', 5: 'DELETE', 6: 'PATCH' };

function readCustomPattern(bytes: Uint8Array): { kind: string; path: string } {
  const reader = new BinaryReader(bytes);
  let kind = '';
  let path = '';
  while (reader.pos < reader.len) {
    const [no, wireType] = reader.tag();
    if (no === 1 && wireType === WireType.LengthDelimited) kind = reader.string();
    else if (no === 2 && wireType === WireType.LengthDelimited) path = reader.string();
    else reader.skip(wireType, no);
  }
  return { kind, path };
}

function readHttpRule(bytes: Uint8Array, depth = 0): RawHttpRule {
  const reader = new BinaryReader(bytes);
  const rule: RawHttpRule = { verb: '', path: '', body: '', responseBody: '', additionalBindings: [] };
  while (reader.pos < reader.len) {
    const [no, wireType] = reader.tag();
    const verb = VERB_FIELDS[no];
    if (wireType !== WireType.LengthDelimited) reader.skip(wireType, no);
    else if (verb !== undefined) {
      rule.verb = verb;
      rule.path = reader.string();
    } else if (no === 8) {
      const custom = readCustomPattern(reader.bytes());
      rule.verb = custom.kind.toUpperCase();
      rule.path = custom.path;
    } else if (no === 7) rule.body = reader.string();
    else if (no === 12) rule.responseBody = reader.string();
    // http.proto: additional bindings must not nest; a second level is ignored, as gateways do.
    else if (no === 11 && depth === 0) rule.additionalBindings.push(readHttpRule(reader.bytes(), 1));
    else reader.skip(wireType, no);
  }
  return rule;
}

/** Proto field path "a.b" -> JSON names, through the message's fields; null when a name is not a field. */
function jsonNamesOf(message: DescMessage, protoPath: string): string[] | null {
  const names: string[] = [];
  let current: DescMessage | undefined = message;
  for (const name of protoPath.split('.')) {
    const field: DescField | undefined = current?.fields.find((f) => f.name === name);
    if (field === undefined) return null;
    names.push(field.jsonName);
    current = field.fieldKind === 'message' ? field.message : undefined;
  }
  return names;
}

/** Every field path a rule's template names ({a.b} and {a.b=...}). */
function templateFieldPaths(path: string): string[] {
  return [...path.matchAll(/\{([A-Za-z0-9_.]+)/g)].map((m) => m[1] ?? '');
}

function toHttpRule(raw: RawHttpRule, method: DescMethod): HttpRule {
  const jsonNames: Record<string, string[]> = {};
  const name = (message: DescMessage, path: string): void => {
    const names = jsonNamesOf(message, path);
    if (names !== null) jsonNames[path] = names;
  };
  for (const path of templateFieldPaths(raw.path)) name(method.input, path);
  if (raw.body !== '' && raw.body !== '*') name(method.input, raw.body);
  if (raw.responseBody !== '') name(method.output, raw.responseBody);
  return { verb: raw.verb, path: raw.path, body: raw.body, responseBody: raw.responseBody, jsonNames };
}

/**
 * The method's google.api.http rules: the primary one, then its additional_bindings; empty when
 * it has none. Read from the raw MethodOptions (the extension is an unknown field there, as the
 * descriptor set is parsed without extensions), so no registry needs google/api/http.proto.
 */
export function httpRulesOf(method: DescMethod): HttpRule[] {
  const unknown = method.proto.options?.$unknown ?? [];
  const rules: HttpRule[] = [];
  for (const field of unknown) {
    if (field.no !== HTTP_EXTENSION || field.wireType !== WireType.LengthDelimited) continue;
    try {
      // The unknown field's data is the value with its length prefix.
      const raw = readHttpRule(new BinaryReader(field.data).bytes());
      if (raw.path === '' || raw.verb === '') continue;
      rules.push(toHttpRule(raw, method), ...raw.additionalBindings.filter((b) => b.path !== '' && b.verb !== '').map((b) => toHttpRule(b, method)));
    } catch {
      // A malformed option is treated as no rule: the method is still callable over gRPC.
    }
  }
  return rules;
}
