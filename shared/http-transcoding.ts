import type { HttpRule } from './http-rule';
import { httpRuleLabel } from './http-rule';
import { encodeStrict, expandsAsOneSegment, matchesPattern, parsePathTemplate, patternText } from './path-template';
import { err, ok, type Result } from './result';

/**
 * The HTTP request a google.api.http rule makes of a request message, as grpc-gateway and the
 * other transcoders read it (google/api/http.proto):
 *  - each path variable takes its field's value (nested fields "a.b" too), which then leaves the
 *    message; "{x}" encodes "/" as %2F, "{x=a/*}" and "{x=**}" keep it;
 *  - body "*": every other field is the JSON body, nothing goes in the query;
 *  - body "field": that field's value is the body; the rest are query parameters;
 *  - no body (GET, DELETE, ...): every field not in the path is a query parameter, nested
 *    message fields as "a.b=v", repeated ones as the key repeated.
 * The request is the message's JSON object: canonical proto3 JSON (JSON names, as the engine's
 * codec writes it) or what the user typed (proto names are found too).
 */
export interface TranscodedHttpRequest {
  /** The HTTP method (the rule's verb). */
  method: string;
  /** Path and query, percent-encoded: "/v1/projects/p1/messages?view=FULL". */
  pathAndQuery: string;
  /** The JSON body text; null = no body. */
  body: string | null;
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function badRequest(message: string, path: string): Result<never> {
  return err('BAD_JSON', message, { path });
}

/** The keys under which the request holds a field path: JSON names first, proto names as typed otherwise. */
function locate(request: JsonObject, protoPath: string, rule: HttpRule): { keys: string[]; value: unknown } | null {
  const protoNames = protoPath.split('.');
  const jsonNames = rule.jsonNames[protoPath] ?? protoNames;
  let current: unknown = request;
  const keys: string[] = [];
  for (const [i, protoName] of protoNames.entries()) {
    if (!isObject(current)) return null;
    const jsonName = jsonNames[i] ?? protoName;
    const key = jsonName in current ? jsonName : protoName in current ? protoName : null;
    if (key === null) return null;
    keys.push(key);
    current = current[key];
  }
  return current === null || current === undefined ? null : { keys, value: current };
}

/** Remove a field (and message fields left empty by that) from a copy of the request. */
function remove(request: JsonObject, keys: readonly string[]): void {
  const [first, ...rest] = keys;
  if (first === undefined) return;
  if (rest.length === 0) {
    delete request[first];
    return;
  }
  const child = request[first];
  if (!isObject(child)) return;
  const copy = { ...child };
  remove(copy, rest);
  if (Object.keys(copy).length === 0) delete request[first];
  else request[first] = copy;
}

function scalarText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

/** Query parameters of what is left: nested messages as dotted keys, repeated scalars as repeated keys. */
function queryPairs(value: unknown, key: string, out: [string, string][]): Result<null> {
  if (value === null || value === undefined) return ok(null);
  if (Array.isArray(value)) {
    for (const item of value) {
      const text = scalarText(item);
      if (text === null) return badRequest(`Field "${key}" is a list of messages or lists, which cannot be a query parameter of this HTTP rule; send it in a rule with a body, or leave it out.`, key);
      out.push([key, text]);
    }
    return ok(null);
  }
  if (isObject(value)) {
    for (const [child, childValue] of Object.entries(value)) {
      const done = queryPairs(childValue, key === '' ? child : `${key}.${child}`, out);
      if (!done.ok) return done;
    }
    return ok(null);
  }
  const text = scalarText(value);
  if (text !== null) out.push([key, text]);
  return ok(null);
}

export function buildTranscodedRequest(rule: HttpRule, request: unknown): Result<TranscodedHttpRequest> {
  if (!isObject(request)) return badRequest('The request must be a JSON object to be sent over HTTP/JSON.', '');
  const template = parsePathTemplate(rule.path);
  if (!template.ok) return template;
  const label = httpRuleLabel(rule);
  let rest: JsonObject = { ...request };

  const pathParts: string[] = [];
  for (const segment of template.value.segments) {
    if (segment.kind === 'literal') pathParts.push(encodeStrict(segment.value));
    else if (segment.kind !== 'variable') {
      return err('INVALID_REQUEST', `The HTTP rule ${label} has a bare "${segment.kind === 'wildcard' ? '*' : '**'}" outside a {variable}: no request field fills it, so the request cannot be built.`, { template: rule.path });
    } else {
      const found = locate(request, segment.fieldPath, rule);
      const expected = patternText(segment.pattern);
      if (found === null) {
        return badRequest(`The HTTP rule ${label} takes "${segment.fieldPath}" from the request for its path, but the request does not set it. Set "${segment.fieldPath}"${expected === '*' ? '' : ` (it must match ${expected})`}.`, segment.fieldPath);
      }
      const text = scalarText(found.value);
      if (text === null) return badRequest(`Field "${segment.fieldPath}" fills a path variable of ${label}, so it must be a string, number or boolean, not ${Array.isArray(found.value) ? 'a list' : 'an object'}.`, segment.fieldPath);
      if (!matchesPattern(text, segment.pattern)) {
        return badRequest(`Field "${segment.fieldPath}" is "${text}", but the HTTP rule ${label} needs it to match ${expected}${expected === '*' ? ' (one non-empty path segment)' : ''}.`, segment.fieldPath);
      }
      pathParts.push(expandsAsOneSegment(segment.pattern) ? encodeStrict(text) : text.split('/').map((piece) => encodeStrict(piece)).join('/'));
      rest = { ...rest };
      remove(rest, found.keys);
    }
  }
  let path = `/${pathParts.join('/')}`;
  if (template.value.verb !== null) path += `:${encodeStrict(template.value.verb)}`;

  let body: string | null = null;
  let query: JsonObject = rest;
  if (rule.body === '*') {
    body = JSON.stringify(rest);
    query = {};
  } else if (rule.body !== '') {
    const found = locate(rest, rule.body, rule);
    if (found !== null) {
      body = JSON.stringify(found.value);
      query = { ...rest };
      remove(query, found.keys);
    }
  }
  const pairs: [string, string][] = [];
  const collected = queryPairs(query, '', pairs);
  if (!collected.ok) return collected;
  const search = pairs.map(([key, value]) => `${encodeStrict(key)}=${encodeStrict(value)}`).join('&');
  return ok({ method: rule.verb, pathAndQuery: search === '' ? path : `${path}?${search}`, body });
}
