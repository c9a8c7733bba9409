import { defaultConnectionSettings } from '../../../shared/connection';
import type { MetadataEntry } from '../../../shared/metadata';
import type { RequestDocument } from '../../../shared/request-document';
import { emptyRequestDocument, parseMethodFullName } from '../../../shared/request-document';
import { splitShellWords } from './shell-words';

/** The schema sources a grpcurl command names (-proto, -import-path, -protoset); none = reflection. */
export interface GrpcurlSchema {
  protoFiles: string[];
  importPaths: string[];
  protosets: string[];
}

export interface GrpcurlImport {
  document: RequestDocument;
  schema: GrpcurlSchema;
  /** What the user should know: flags ignored or approximated, a body that is not JSON... */
  notes: string[];
}

export type GrpcurlImportResult = { ok: true; value: GrpcurlImport } | { ok: false; message: string };

type FlagKind = 'bool' | 'value';

/** The grpcurl flags this import understands; grpcurl (Go's flag package) takes -name and --name alike. */
const FLAGS = new Map<string, FlagKind>([
  ['plaintext', 'bool'],
  ['insecure', 'bool'],
  ['cacert', 'value'],
  ['cert', 'value'],
  ['key', 'value'],
  ['authority', 'value'],
  ['servername', 'value'],
  ['unix', 'bool'],
  ['H', 'value'],
  ['rpc-header', 'value'],
  ['reflect-header', 'value'],
  ['d', 'value'],
  ['max-time', 'value'],
  ['connect-timeout', 'value'],
  ['keepalive-time', 'value'],
  ['max-msg-sz', 'value'],
  ['emit-defaults', 'bool'],
  ['proto', 'value'],
  ['import-path', 'value'],
  ['protoset', 'value'],
  ['user-agent', 'value'],
  ['format', 'value'],
  ['v', 'bool'],
  ['vv', 'bool'],
  ['format-error', 'bool'],
  ['allow-unknown-fields', 'bool'],
  ['use-reflection', 'bool'],
]);

const VERBS = new Set(['list', 'describe']);

class ImportProblem extends Error {}

function fail(message: string): never {
  throw new ImportProblem(message);
}

/**
 * Reads a grpcurl command as pasted (leading "grpcurl", backslash-newline continuations,
 * quotes) into the request document that makes the same call: the reverse of
 * buildGrpcurlCommand in grpcurl.ts. A flag it cannot honour is refused by name rather
 * than dropped, so the imported request never silently differs from the command.
 */
export function parseGrpcurlCommand(text: string): GrpcurlImportResult {
  try {
    return { ok: true, value: parse(text) };
  } catch (error) {
    if (error instanceof ImportProblem) return { ok: false, message: error.message };
    throw error;
  }
}

function parse(text: string): GrpcurlImport {
  if (text.trim() === '') fail('Paste a grpcurl command first, e.g. grpcurl -plaintext localhost:50051 pkg.Service/Method.');
  const split = splitShellWords(text);
  if (!split.ok) fail(split.message);
  const notes: string[] = [];
  const words = [...split.words];

  // A copied shell prompt ("$ grpcurl ...").
  if (words[0] === '$' || words[0] === '%') words.shift();
  const command = words[0];
  if (command === undefined) fail('Paste a grpcurl command first, e.g. grpcurl -plaintext localhost:50051 pkg.Service/Method.');
  if (/(^|\/)grpcurl(\.exe)?$/.test(command)) words.shift();
  else if (!command.startsWith('-')) fail(`This is not a grpcurl command: it starts with "${command}". Paste a command that starts with grpcurl.`);

  if (split.rest !== null) notes.push(`Only the grpcurl command was imported; this part was ignored: ${abbreviate(split.rest)}`);
  const variables = [...new Set(split.variables)];
  if (variables.length > 0) {
    notes.push(
      `The command uses shell variables (${variables.map((v) => `$${v}`).join(', ')}): they are kept as typed. Replace them with their values or with {{variables}}.`,
    );
  }

  let plaintext = false;
  let insecure = false;
  let cacert = '';
  let cert = '';
  let key = '';
  let authority = '';
  let servername = '';
  let unix = false;
  const metadata: MetadataEntry[] = [];
  let body: string | null = null;
  let deadlineMs: number | null = null;
  let keepaliveMs: number | null = null;
  let maxMessageBytes: number | null = null;
  let emitDefaults = false;
  let userAgent = '';
  const schema: GrpcurlSchema = { protoFiles: [], importPaths: [], protosets: [] };
  const positionals: string[] = [];
  const seen = new Set<string>();

  let flagsDone = false;
  for (let i = 0; i < words.length; i += 1) {
    const arg = words[i] as string;
    if (flagsDone || arg === '-' || !arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    if (arg === '--') {
      flagsDone = true;
      continue;
    }
    const dashes = arg.startsWith('--') ? '--' : '-';
    const rest = arg.slice(dashes.length);
    const eq = rest.indexOf('=');
    const name = eq === -1 ? rest : rest.slice(0, eq);
    const written = `${dashes}${name}`;
    const kind = FLAGS.get(name);
    if (kind === undefined) fail(`grpcurl flag ${written} is not supported.`);

    let value: string;
    if (kind === 'bool') {
      const parsed = parseGoBool(eq === -1 ? 'true' : rest.slice(eq + 1));
      if (parsed === null) fail(`grpcurl flag ${written} is true or false (got "${rest.slice(eq + 1)}").`);
      value = parsed ? 'true' : 'false';
    } else if (eq !== -1) {
      value = rest.slice(eq + 1);
    } else {
      const next = words[i + 1];
      if (next === undefined) fail(`grpcurl flag ${written} needs a value.`);
      value = next;
      i += 1;
    }
    const on = value === 'true';
    seen.add(name);

    switch (name) {
      case 'plaintext':
        plaintext = on;
        break;
      case 'insecure':
        insecure = on;
        break;
      case 'cacert':
        cacert = value;
        break;
      case 'cert':
        cert = value;
        break;
      case 'key':
        key = value;
        break;
      case 'authority':
        authority = value;
        break;
      case 'servername':
        servername = value;
        break;
      case 'unix':
        unix = on;
        break;
      case 'H':
      case 'rpc-header':
      case 'reflect-header': {
        const entry = headerEntry(value);
        if (entry) metadata.push(entry);
        break;
      }
      case 'd':
        body = value;
        break;
      case 'max-time':
        deadlineMs = secondsToMs(value, written);
        break;
      case 'connect-timeout':
        secondsToMs(value, written);
        break;
      case 'keepalive-time':
        keepaliveMs = secondsToMs(value, written);
        break;
      case 'max-msg-sz': {
        const bytes = value.trim().replace(/_/g, '');
        if (!/^\d+$/.test(bytes) || !Number.isSafeInteger(Number(bytes))) fail(`grpcurl flag ${written} takes a number of bytes (got "${value}").`);
        maxMessageBytes = Number(bytes) > 0 ? Number(bytes) : null;
        break;
      }
      case 'emit-defaults':
        emitDefaults = on;
        break;
      case 'proto':
        schema.protoFiles.push(value);
        break;
      case 'import-path':
        schema.importPaths.push(value);
        break;
      case 'protoset':
        schema.protosets.push(value);
        break;
      case 'user-agent':
        userAgent = value;
        break;
      case 'format':
        if (value === 'text') {
          fail('grpcurl -format text is not supported: the workbench sends JSON. Write the -d body as JSON and leave out -format (or use -format json).');
        }
        if (value !== 'json') fail(`grpcurl flag ${written} is json or text (got "${value}").`);
        break;
      default:
        break; // -v, -vv, -format-error, -use-reflection: only how grpcurl prints or finds the schema
    }
  }

  // grpcurl's own rules for the TLS flags.
  if (plaintext) {
    for (const [flag, set] of [['insecure', insecure], ['cacert', cacert !== ''], ['cert', cert !== ''], ['key', key !== '']] as const) {
      if (set) fail(`grpcurl does not accept -plaintext together with -${flag}: -plaintext turns TLS off.`);
    }
  }
  if ((cert === '') !== (key === '')) fail('grpcurl takes -cert and -key together: give both the client certificate and its key, or neither.');
  if (authority !== '' && servername !== '' && authority !== servername) {
    fail('grpcurl does not accept -authority and -servername with different values: keep one of them.');
  }
  if (plaintext && servername !== '' && authority === '') {
    notes.push('-servername only applies to TLS, and -plaintext turns TLS off: it was ignored.');
  }

  if (seen.has('reflect-header')) {
    notes.push('-reflect-header metadata is sent with the call too: the workbench uses one set of metadata for reflection and calls.');
  }
  if (seen.has('connect-timeout')) notes.push('-connect-timeout is not supported and was ignored: the deadline (-max-time) bounds the whole call, connecting included.');
  if (seen.has('allow-unknown-fields')) {
    notes.push('-allow-unknown-fields has no equivalent: the workbench reports a body field the request message does not have as an error.');
  }
  if (schema.importPaths.length > 0 && schema.protoFiles.length === 0) notes.push('-import-path is only used with -proto files, and the command names none.');

  // Positional arguments: [address] [method]; list and describe are not calls.
  const verb = positionals.slice(0, 2).find((p) => VERBS.has(p));
  if (verb !== undefined) fail(`grpcurl ${verb} lists or describes services: only calls (an address and a method) can be imported.`);
  if (positionals.length === 0) {
    fail('The command names no server address or method: a grpcurl call ends with them, e.g. localhost:50051 pkg.Service/Method.');
  }
  if (positionals.length === 1) {
    const only = positionals[0] as string;
    if (only.includes('/') && !only.includes(':') && parseMethodFullName(only) !== null) {
      fail(`The command names no server address: put it before the method, e.g. localhost:50051 ${only}.`);
    }
    fail(`The command names no method: after the address (${only}) it needs the method to call, e.g. pkg.Service/Method.`);
  }
  if (positionals.length > 2) {
    const extra = positionals.slice(2).map((p) => `"${abbreviate(p)}"`);
    fail(`The command has more arguments than an address and a method: ${extra.join(', ')}. Quote a value that holds spaces.`);
  }
  const address = (positionals[0] as string).trim();
  const methodText = positionals[1] as string;
  if (address === '') fail('The server address is empty.');
  const method = parseMethodFullName(methodText);
  if (method === null) fail(`"${abbreviate(methodText)}" is not a method name: grpcurl takes the method as package.Service/Method (or package.Service.Method).`);

  if (body !== null && body.trim().startsWith('@')) {
    fail('-d @ reads the body from standard input, which cannot be imported: put the body inline, e.g. -d \'{"name": "value"}\'.');
  }

  const document = emptyRequestDocument(method);
  const connection = defaultConnectionSettings(unix ? unixTarget(address) : address);
  connection.tls = {
    enabled: !plaintext,
    caPath: cacert,
    certPath: cert,
    keyPath: key,
    serverNameOverride: authority !== '' ? authority : plaintext ? '' : servername,
    skipVerify: insecure,
  };
  connection.keepalive.timeMs = keepaliveMs;
  connection.maxReceiveBytes = maxMessageBytes;
  connection.userAgent = userAgent;
  document.connection = connection;
  document.metadata = metadata;
  document.deadline = deadlineMs === null ? '' : String(deadlineMs);
  document.emitDefaults = emitDefaults;
  if (unix && !address.startsWith('/')) {
    notes.push(`The socket path ${address} is relative: the workbench resolves it against its own working folder, not your shell's.`);
  }

  if (body !== null && body.trim() !== '') {
    const imported = importBody(body);
    document.body = imported.body;
    document.messages = imported.messages;
    if (imported.note) notes.push(imported.note);
  }

  return { document, schema, notes };
}

/** grpcurl -H "name: value": split at the first colon, both sides trimmed, the name lower-cased. */
function headerEntry(header: string): MetadataEntry | null {
  if (header === '') return null;
  const colon = header.indexOf(':');
  const key = (colon === -1 ? header : header.slice(0, colon)).trim().toLowerCase();
  const value = colon === -1 ? '' : header.slice(colon + 1).trim();
  if (key === '' && value === '') return null;
  return { key, value };
}

/** unix:///abs/path, or unix:relative/path (gRPC reads unix://name as an authority, not a path). */
function unixTarget(path: string): string {
  return path.startsWith('/') ? `unix://${path}` : `unix:${path}`;
}

/** A grpcurl duration (seconds, decimals allowed) in whole milliseconds; 0 or less = not set. */
function secondsToMs(text: string, flag: string): number | null {
  const trimmed = text.trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) fail(`grpcurl flag ${flag} takes a number of seconds (got "${text}").`);
  const seconds = Number(trimmed);
  if (!(seconds > 0)) return null;
  const ms = Math.max(1, Math.round(seconds * 1000));
  if (!Number.isSafeInteger(ms)) fail(`grpcurl flag ${flag} is too large (got "${text}").`);
  return ms;
}

/** Go's strconv.ParseBool, which the flag package uses for -flag=value. */
function parseGoBool(text: string): boolean | null {
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(text)) return false;
  return null;
}

function abbreviate(text: string, max = 80): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

// ---- The body ---------------------------------------------------------------------------

/**
 * The -d text as the editor shows it: JSON pretty-printed with 2 spaces (numbers and strings
 * exactly as written, so a 64-bit id keeps every digit); several JSON messages in a row (a
 * client stream, as grpcurl reads them) become the stream's messages.
 */
function importBody(raw: string): { body: string; messages: string[]; note: string | null } {
  const pretty = prettyJson(raw);
  if (pretty !== null) return { body: pretty, messages: [], note: null };
  const values = splitJsonValues(raw);
  if (values !== null && values.length > 1) {
    const messages = values.map((v) => prettyJson(v) ?? v);
    return {
      body: messages[0] as string,
      messages,
      note: `The body holds ${messages.length} JSON messages: they became the stream's messages (a unary or server-streaming call sends the first).`,
    };
  }
  return { body: raw, messages: [], note: 'The body is not valid JSON: it was kept as typed.' };
}

interface Token {
  text: string;
  start: number;
  end: number;
}

const TOKEN = /\s*(?:("(?:[^"\\]|\\.)*")|(-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)|(true|false|null)|([{}[\]:,]))/y;

function tokenize(text: string): Token[] | null {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    TOKEN.lastIndex = at;
    const match = TOKEN.exec(text);
    if (!match) return null;
    const value = match[1] ?? match[2] ?? match[3] ?? match[4] ?? '';
    tokens.push({ text: value, start: match.index + match[0].length - value.length, end: TOKEN.lastIndex });
    at = TOKEN.lastIndex;
  }
  return tokens;
}

/** JSON re-indented like JSON.stringify(value, null, 2), keeping every literal as written; null if not JSON. */
export function prettyJson(text: string): string | null {
  try {
    JSON.parse(text);
  } catch {
    return null;
  }
  const tokens = tokenize(text);
  if (tokens === null) return null;
  let out = '';
  let depth = 0;
  const indent = () => `\n${'  '.repeat(depth)}`;
  for (let i = 0; i < tokens.length; i += 1) {
    const t = (tokens[i] as Token).text;
    if (t === '{' || t === '[') {
      const close = t === '{' ? '}' : ']';
      if (tokens[i + 1]?.text === close) {
        out += t + close;
        i += 1;
      } else {
        depth += 1;
        out += t + indent();
      }
    } else if (t === '}' || t === ']') {
      depth -= 1;
      out += indent() + t;
    } else if (t === ',') out += `,${indent()}`;
    else if (t === ':') out += ': ';
    else out += t;
  }
  return out;
}

/** Splits JSON values written one after another ("{...} {...}"), or null when that is not what the text is. */
function splitJsonValues(text: string): string[] | null {
  const tokens = tokenize(text);
  if (tokens === null || tokens.length === 0) return null;
  const values: string[] = [];
  let depth = 0;
  let start = -1;
  for (const token of tokens) {
    if (depth === 0) {
      if (token.text === '}' || token.text === ']' || token.text === ',' || token.text === ':') return null;
      start = token.start;
    }
    if (token.text === '{' || token.text === '[') depth += 1;
    else if (token.text === '}' || token.text === ']') depth -= 1;
    if (depth === 0) values.push(text.slice(start, token.end));
  }
  if (depth !== 0) return null;
  for (const value of values) {
    try {
      JSON.parse(value);
    } catch {
      return null;
    }
  }
  return values;
}
