import type { VariableDefinition } from './collection';
import type { RequestAuth, RequestDocument } from './request-document';

/**
 * {{variable}} templating for request documents, in the syntax Postman, Bruno and Insomnia
 * users know: `{{name}}` or `{{ name }}`. A `{{` without a closing `}}` (and an empty `{{}}`)
 * is literal text.
 *
 * Where a value comes from, first match wins:
 *  - dynamic values: {{$uuid}}, {{$timestamp}} (unix seconds), {{$isoTimestamp}},
 *    {{$randomInt}} (0..1000) and {{$env.NAME}} (the host's environment variable NAME);
 *  - the active environment's variables;
 *  - the collection's variables.
 * A secret variable's value is not in the definition but in `secretValues` (from the OS
 * keychain). Values of plain variables may refer to other variables, resolved recursively up
 * to MAX_DEPTH levels; secret values, host environment values and dynamic values are used as
 * they are (a password that happens to hold "{{" stays intact).
 */

/** How many variables may be nested inside each other: {{a}} -> "{{b}}" -> ... */
export const MAX_DEPTH = 10;

/** What a request is resolved against. Opaque: build it with buildVariableScope. */
export interface VariableScope {
  readonly definitions: ReadonlyMap<string, VariableDefinition>;
  readonly secretValues: ReadonlyMap<string, string>;
  readonly env: Readonly<Record<string, string | null>>;
}

export function buildVariableScope(input: {
  collection: VariableDefinition[];
  environment: VariableDefinition[] | null;
  secretValues: Map<string, string>;
  env: Record<string, string | null>;
}): VariableScope {
  return {
    definitions: effectiveDefinitions(input.collection, input.environment),
    secretValues: new Map(input.secretValues),
    env: { ...input.env },
  };
}

/** A variable that could not be resolved and where: "target", 'metadata "authorization"', "message 2"... */
export interface UnresolvedVariable {
  name: string;
  where: string;
}

export type ResolveResult = { ok: true; document: RequestDocument; secretsUsed: string[] } | { ok: false; unresolved: UnresolvedVariable[] };

// One reference: "{{", optional spaces, a name without braces or line breaks, optional spaces, "}}".
const REFERENCE_SOURCE = String.raw`\{\{[ \t]*([^{}\s](?:[^{}\r\n]*[^{}\s])?)[ \t]*\}\}`;
const referencePattern = () => new RegExp(REFERENCE_SOURCE, 'g');
const ENV_PREFIX = '$env.';
const DYNAMIC_NAMES = ['$uuid', '$timestamp', '$isoTimestamp', '$randomInt'] as const;

// Markers in UnresolvedVariable.where: the message reads them back to say how to fix it
// (an UnresolvedVariable is plain data, so it keeps its meaning when copied or sent).
const SECRET_MISSING = 'secret value not set';
const CYCLE = 'cycle:';
const TOO_DEEP = `nested more than ${MAX_DEPTH} levels deep`;

/** The names referenced in a string, in order of first use, each once. */
export function variableReferences(text: string): string[] {
  if (!text.includes('{{')) return [];
  const names: string[] = [];
  for (const match of text.matchAll(referencePattern())) {
    const name = match[1] ?? '';
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

/** Every string of a document that may hold variables, with the human name of its place. */
function documentStrings(document: RequestDocument): { where: string; text: string }[] {
  const { connection, auth } = document;
  const fields: { where: string; text: string }[] = [
    { where: 'target', text: connection.target },
    { where: 'TLS CA path', text: connection.tls.caPath },
    { where: 'TLS certificate path', text: connection.tls.certPath },
    { where: 'TLS key path', text: connection.tls.keyPath },
    { where: 'TLS server name override', text: connection.tls.serverNameOverride },
    { where: 'user agent', text: connection.userAgent },
  ];
  for (const entry of document.metadata) {
    fields.push({ where: `metadata key "${entry.key}"`, text: entry.key });
    fields.push({ where: `metadata "${entry.key}"`, text: entry.value });
  }
  fields.push({ where: 'deadline', text: document.deadline });
  for (const [where, text] of authStrings(auth)) fields.push({ where, text });
  fields.push({ where: 'body', text: document.body });
  document.messages.forEach((text, i) => fields.push({ where: `message ${i + 1}`, text }));
  return fields;
}

function authStrings(auth: RequestAuth): [string, string][] {
  switch (auth.kind) {
    case 'none':
      return [];
    case 'bearer':
      return [['auth token', auth.token]];
    case 'basic':
      return [
        ['auth username', auth.username],
        ['auth password', auth.password],
      ];
    case 'api_key':
      return [
        ['auth API key header', auth.header],
        ['auth API key', auth.key],
      ];
  }
}

/** The environment's definitions over the collection's: the environment wins. */
function effectiveDefinitions(collection: VariableDefinition[], environment: VariableDefinition[] | null): Map<string, VariableDefinition> {
  const definitions = new Map<string, VariableDefinition>();
  for (const definition of collection) definitions.set(definition.name, definition);
  for (const definition of environment ?? []) definitions.set(definition.name, definition);
  return definitions;
}

/**
 * Every name the document refers to, also through the values of plain variables it refers
 * to (a header "Bearer {{auth}}" with auth = "{{token}}" refers to token), in order, once.
 */
function referencedNames(document: RequestDocument, definitions: ReadonlyMap<string, VariableDefinition>): string[] {
  const names: string[] = [];
  const queue: string[] = [];
  for (const { text } of documentStrings(document)) queue.push(...variableReferences(text));
  while (queue.length > 0) {
    const name = queue.shift() as string;
    if (names.includes(name)) continue;
    names.push(name);
    const definition = isDynamicOrEnv(name) ? undefined : definitions.get(name);
    if (definition && !definition.secret) queue.push(...variableReferences(definition.value));
  }
  return names;
}

function isDynamicOrEnv(name: string): boolean {
  return (DYNAMIC_NAMES as readonly string[]).includes(name) || name.startsWith(ENV_PREFIX);
}

/**
 * The NAMEs of every {{$env.NAME}} in the document: what to read from the host's environment.
 * Pass the collection's and the environment's variables to also find the references inside
 * their values (a collection variable home = "{{$env.HOME}}").
 */
export function envReferences(document: RequestDocument, collection: VariableDefinition[] = [], environment: VariableDefinition[] | null = null): string[] {
  const names: string[] = [];
  for (const name of referencedNames(document, effectiveDefinitions(collection, environment))) {
    if (!name.startsWith(ENV_PREFIX)) continue;
    const envName = name.slice(ENV_PREFIX.length).trim();
    if (envName.length > 0 && !names.includes(envName)) names.push(envName);
  }
  return names;
}

/** The variables the document refers to (also through other variables) whose effective definition is secret: the secret values to fetch. */
export function secretNamesUsed(document: RequestDocument, collection: VariableDefinition[], environment: VariableDefinition[] | null): string[] {
  const definitions = effectiveDefinitions(collection, environment);
  return referencedNames(document, definitions).filter((name) => !isDynamicOrEnv(name) && definitions.get(name)?.secret === true);
}

interface ResolveContext {
  scope: VariableScope;
  /** Fixed for one request, so {{$timestamp}} is the same everywhere in it. */
  nowMs: number;
  unresolved: UnresolvedVariable[];
  secretsUsed: string[];
}

function describe(place: string, chain: readonly string[], problem?: string): string {
  const notes: string[] = [];
  if (chain.length > 0) notes.push(`via ${chain.map((n) => `{{${n}}}`).join(' → ')}`);
  if (problem !== undefined) notes.push(problem);
  return notes.length > 0 ? `${place} (${notes.join('; ')})` : place;
}

function report(context: ResolveContext, name: string, where: string): void {
  if (!context.unresolved.some((u) => u.name === name && u.where === where)) context.unresolved.push({ name, where });
}

/** The text with every reference replaced, or null when one could not be (reported in the context). */
function expand(text: string, context: ResolveContext, place: string, chain: readonly string[]): string | null {
  if (!text.includes('{{')) return text;
  let failed = false;
  const result = text.replace(referencePattern(), (match, name: string) => {
    const value = lookup(name, context, place, chain);
    if (value === null) {
      failed = true;
      return match;
    }
    return value;
  });
  return failed ? null : result;
}

function lookup(name: string, context: ResolveContext, place: string, chain: readonly string[]): string | null {
  switch (name) {
    case '$uuid':
      return globalThis.crypto.randomUUID();
    case '$timestamp':
      return String(Math.floor(context.nowMs / 1000));
    case '$isoTimestamp':
      return new Date(context.nowMs).toISOString();
    case '$randomInt':
      return String(Math.floor(Math.random() * 1001));
  }
  if (name.startsWith(ENV_PREFIX)) {
    const envName = name.slice(ENV_PREFIX.length).trim();
    const value = Object.prototype.hasOwnProperty.call(context.scope.env, envName) ? context.scope.env[envName] : undefined;
    if (envName.length === 0 || value === undefined || value === null) {
      report(context, name, describe(place, chain));
      return null;
    }
    return value;
  }
  const start = chain.indexOf(name);
  if (start !== -1) {
    const cycle = [...chain.slice(start), name].map((n) => `{{${n}}}`).join(' → ');
    report(context, name, describe(place, chain.slice(0, start), `${CYCLE} ${cycle}`));
    return null;
  }
  if (chain.length >= MAX_DEPTH) {
    report(context, name, describe(place, chain, TOO_DEEP));
    return null;
  }
  const definition = context.scope.definitions.get(name);
  if (!definition) {
    report(context, name, describe(place, chain));
    return null;
  }
  if (definition.secret) {
    const value = context.scope.secretValues.get(name);
    if (value === undefined) {
      report(context, name, describe(place, chain, SECRET_MISSING));
      return null;
    }
    if (value.length > 0 && !context.secretsUsed.includes(value)) context.secretsUsed.push(value);
    return value;
  }
  return expand(definition.value, context, place, [...chain, name]);
}

/**
 * The document with every {{variable}} in every string resolved: target, TLS paths and server
 * name, user agent, metadata keys and values, deadline, auth fields, body and each message.
 * The method, kind, emitDefaults and numeric settings are not templates and are kept as they are.
 *
 * In the body and the messages (JSON text) values are inserted raw, not JSON-quoted: write
 * "{{name}}" in quotes for a string and {{count}} bare for a number, object or boolean.
 * Quotes or backslashes inside a value used in a JSON string are not escaped either.
 */
export function resolveRequest(document: RequestDocument, scope: VariableScope): ResolveResult {
  const context: ResolveContext = { scope, nowMs: Date.now(), unresolved: [], secretsUsed: [] };
  const r = (text: string, where: string): string => expand(text, context, where, []) ?? text;
  const { connection, auth } = document;
  const resolved: RequestDocument = {
    ...document,
    method: { ...document.method },
    connection: {
      ...connection,
      target: r(connection.target, 'target'),
      tls: {
        ...connection.tls,
        caPath: r(connection.tls.caPath, 'TLS CA path'),
        certPath: r(connection.tls.certPath, 'TLS certificate path'),
        keyPath: r(connection.tls.keyPath, 'TLS key path'),
        serverNameOverride: r(connection.tls.serverNameOverride, 'TLS server name override'),
      },
      keepalive: { ...connection.keepalive },
      userAgent: r(connection.userAgent, 'user agent'),
    },
    metadata: document.metadata.map((entry) => ({
      ...entry,
      key: r(entry.key, `metadata key "${entry.key}"`),
      value: r(entry.value, `metadata "${entry.key}"`),
    })),
    deadline: r(document.deadline, 'deadline'),
    auth: resolveAuth(auth, r),
    body: r(document.body, 'body'),
    messages: document.messages.map((text, i) => r(text, `message ${i + 1}`)),
  };
  if (context.unresolved.length > 0) return { ok: false, unresolved: context.unresolved };
  return { ok: true, document: resolved, secretsUsed: context.secretsUsed };
}

function resolveAuth(auth: RequestAuth, r: (text: string, where: string) => string): RequestAuth {
  switch (auth.kind) {
    case 'none':
      return { ...auth };
    case 'bearer':
      return { ...auth, token: r(auth.token, 'auth token') };
    case 'basic':
      return { ...auth, username: r(auth.username, 'auth username'), password: r(auth.password, 'auth password') };
    case 'api_key':
      return { ...auth, header: r(auth.header, 'auth API key header'), key: r(auth.key, 'auth API key') };
  }
}

function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

type Problem = 'define' | 'secret' | 'env' | 'dynamic' | 'cycle' | 'depth';

function problemOf(u: UnresolvedVariable): Problem {
  if (u.name.startsWith(ENV_PREFIX)) return 'env';
  if (u.where.includes(`${CYCLE} `)) return 'cycle';
  if (u.where.includes(TOO_DEEP)) return 'depth';
  if (u.where.includes(SECRET_MISSING)) return 'secret';
  if (u.name.startsWith('$')) return 'dynamic';
  return 'define';
}

/**
 * One message naming every unresolved variable, where it is used and how to fix it, e.g.
 * 'Unresolved variable {{token}} in metadata "authorization". Define it in the collection or the active environment.'
 */
export function unresolvedMessage(unresolved: UnresolvedVariable[]): string {
  const byName = new Map<string, string[]>();
  for (const u of unresolved) {
    const places = byName.get(u.name) ?? [];
    if (!places.includes(u.where)) places.push(u.where);
    byName.set(u.name, places);
  }
  if (byName.size === 0) return '';
  const parts = [...byName].map(([name, places]) => `{{${name}}} in ${list(places)}`);
  const head = byName.size === 1 ? `Unresolved variable ${parts[0]}.` : `Unresolved variables: ${parts.join('; ')}.`;

  const single = byName.size === 1;
  const namesOf = (problem: Problem): string[] => {
    const names: string[] = [];
    for (const u of unresolved) if (problemOf(u) === problem && !names.includes(u.name)) names.push(u.name);
    return names;
  };
  const refs = (names: string[]) => list(names.map((n) => `{{${n}}}`));
  const hints: string[] = [];
  const define = namesOf('define');
  if (define.length > 0) hints.push(`Define ${single ? 'it' : refs(define)} in the collection or the active environment.`);
  const secret = namesOf('secret');
  if (secret.length > 0) hints.push(`Set the secret value of ${refs(secret)} in Environments.`);
  const env = namesOf('env').map((n) => n.slice(ENV_PREFIX.length).trim());
  if (env.length > 0) hints.push(`Set the environment variable${env.length > 1 ? 's' : ''} ${list(env)} where the workbench runs.`);
  const dynamic = namesOf('dynamic');
  if (dynamic.length > 0) {
    const known = list([...DYNAMIC_NAMES, `${ENV_PREFIX}NAME`].map((n) => `{{${n}}}`));
    hints.push(`${refs(dynamic)} ${dynamic.length > 1 ? 'are not dynamic variables' : 'is not a dynamic variable'} (those are ${known}) and ${dynamic.length > 1 ? 'are' : 'is'} not defined in the collection or the active environment.`);
  }
  if (namesOf('cycle').length > 0) hints.push('A variable cannot refer to itself, also not through other variables: break the cycle.');
  if (namesOf('depth').length > 0) hints.push(`Variables can refer to other variables at most ${MAX_DEPTH} levels deep.`);
  return [head, ...hints].join(' ');
}

/**
 * The text with each {{variable}} replaced so JSON that uses variables can be validated as
 * JSON: a reference inside a JSON string becomes filler characters (the string stays a
 * string), a bare one (value position) becomes 0. Replacements keep the text's length, so
 * positions of other problems stay where they are. A `{{` without `}}` stays as it is.
 */
export function maskVariablesForJsonValidation(text: string): string {
  if (!text.includes('{{')) return text;
  const sticky = new RegExp(REFERENCE_SOURCE, 'y');
  let out = '';
  let inString = false;
  let i = 0;
  while (i < text.length) {
    const char = text[i] as string;
    if (char === '{' && text[i + 1] === '{') {
      sticky.lastIndex = i;
      const match = sticky.exec(text);
      if (match) {
        const length = match[0].length;
        out += inString ? '_'.repeat(length) : `0${' '.repeat(length - 1)}`;
        i += length;
        continue;
      }
    }
    if (inString && char === '\\') {
      out += text.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (char === '"') inString = !inString;
    out += char;
    i += 1;
  }
  return out;
}
