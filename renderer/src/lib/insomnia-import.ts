import { parse } from 'yaml';
import { defaultConnectionSettings } from '../../../shared/connection';
import type { MetadataEntry } from '../../../shared/metadata';
import { emptyRequestDocument, parseMethodFullName, type RequestDocument } from '../../../shared/request-document';

/**
 * Reads the gRPC requests of an Insomnia export. Two formats, as Kong/insomnia writes them:
 *
 * - v4 (`__export_format: 4`, JSON or YAML; packages/insomnia/src/common/export.tsx): a flat
 *   `resources[]`, each with `_id`, `_type` and `parentId`. gRPC requests are `grpc_request`
 *   (models/grpc-request.ts: url, protoMethodName "/pkg.Service/Method", body.text,
 *   metadata [{ name, value, disabled }], protoFileId, reflectionApi), folders are
 *   `request_group`, the root is `workspace`; `proto_file` / `proto_directory` carry protos.
 * - v5 (`type: collection.insomnia.rest/5.0` or `spec.insomnia.rest/5.0`, YAML;
 *   common/insomnia-v5.ts, common/import-v5-parser.ts): a tree `collection[]` where folders
 *   have `children`, HTTP requests have `method`, and gRPC requests have `reflectionApi`; ids
 *   live in `meta.id`. v5 does not export proto files, and drops empty lists and objects.
 *
 * The address follows Insomnia's parseGrpcUrl (network/grpc/parse-grpc-url.ts): `grpcs://` is
 * TLS, `grpc://` or no scheme is plaintext. What does not carry over is said in notes.
 */
export interface ImportedRequest {
  /** The request's name in Insomnia (made unique inside its folder: "Name 2", ...). */
  name: string;
  /** Posix path of its request-group folders inside the workspace; '' = top level. */
  folder: string;
  document: RequestDocument;
}

export type InsomniaImportResult = { ok: true; value: { requests: ImportedRequest[]; notes: string[] } } | { ok: false; message: string };

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

// eslint-disable-next-line no-control-regex -- control characters are exactly what is replaced
const UNSAFE_IN_PATH = /[/\\:*?"<>|\u0000-\u001f\u007f]/g;

/** One folder name made safe as a path segment on every OS: no separators or reserved characters, no leading dots. */
export function sanitizeFolderName(name: string): string {
  const clean = name
    .replace(UNSAFE_IN_PATH, '-')
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '')
    .slice(0, 120);
  return clean === '' ? 'Unnamed folder' : clean;
}

/** A gRPC request as both formats hold it, before it becomes a document. */
interface RawGrpcRequest {
  name: string;
  folder: string[];
  url: string;
  protoMethodName: string;
  bodyText: string;
  metadata: unknown[];
  protoFileId: string;
  reflectionApi: Json | null;
}

interface Collected {
  format: string;
  grpc: RawGrpcRequest[];
  http: number;
  otherKinds: Map<string, number>;
  protoFiles: Map<string, string>; // id -> name (with its directory)
  environments: string[];
  folderVariables: string[];
  extraNotes: string[];
}

class Notes {
  private readonly list: string[] = [];
  add(note: string): void {
    if (!this.list.includes(note)) this.list.push(note);
  }
  all(): string[] {
    return [...this.list];
  }
}

interface TemplateState {
  converted: number;
}

/**
 * Insomnia's `{{ _.name }}` (and `{{ name }}`) is this app's `{{name}}`. Nunjucks tags
 * (`{% ... %}`) and expressions with filters have no equivalent: kept as text, with a note.
 */
function convertTemplates(text: string, where: string, notes: Notes, state: TemplateState): string {
  if (!text.includes('{{') && !text.includes('{%')) return text;
  const converted = text.replace(/\{\{\s*(?:_\.)?([A-Za-z_$][\w$.-]*)\s*\}\}/g, (whole: string, name: string) => {
    const next = `{{${name}}}`;
    if (next !== whole) state.converted += 1;
    return next;
  });
  if (/\{%/.test(converted)) notes.add(`${where} uses an Insomnia template tag ({% ... %}), kept as text: replace it with a variable.`);
  const leftover = converted.replace(/\{\{[A-Za-z_$][\w$.-]*\}\}/g, '');
  if (/\{\{[\s\S]*?\}\}/.test(leftover)) notes.add(`${where} uses an Insomnia expression this app cannot evaluate (e.g. a filter), kept as text: replace it with a variable.`);
  return converted;
}

function prettyJson(text: string): string {
  if (text.trim() === '') return '';
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** Insomnia's parseGrpcUrl: grpcs:// = TLS, grpc:// or nothing = plaintext. (It also lower-cases the URL; variable names are case-sensitive here, so this does not.) */
function splitUrl(url: string): { target: string; tls: boolean } {
  const trimmed = url.trim();
  const scheme = /^(grpcs|grpc|https|http):\/\//i.exec(trimmed);
  const rest = scheme ? trimmed.slice(scheme[0].length) : trimmed;
  const tls = scheme !== null && /^(grpcs|https)$/i.test(scheme[1] ?? '');
  return { target: rest.replace(/\/+$/, ''), tls };
}

function hasEntries(value: unknown): boolean {
  return isObject(value) && Object.keys(value).length > 0;
}

// ---- v4 ---------------------------------------------------------------------------------

type Resource = Json & { _id: string; _type: string };

function isResource(value: unknown): value is Resource {
  return isObject(value) && typeof value['_id'] === 'string' && typeof value['_type'] === 'string';
}

function collectV4(resources: Resource[]): Collected {
  const byId = new Map(resources.map((r) => [r._id, r]));
  const workspaces = resources.filter((r) => r._type === 'workspace');
  const out = emptyCollected('Insomnia v4');

  /** Folder names from the workspace down; with several workspaces, the workspace name comes first. */
  const folderOf = (resource: Resource): string[] => {
    const parts: string[] = [];
    const seen = new Set<string>();
    let parent = byId.get(str(resource['parentId']));
    while (parent && !seen.has(parent._id)) {
      seen.add(parent._id);
      if (parent._type === 'request_group') parts.unshift(str(parent['name']) || 'Unnamed folder');
      else if (parent._type === 'workspace') {
        if (workspaces.length > 1) parts.unshift(str(parent['name']) || 'Unnamed workspace');
        break;
      } else break;
      parent = byId.get(str(parent['parentId']));
    }
    return parts;
  };

  const protoName = (resource: Resource): string => {
    const parts = [str(resource['name']) || 'unnamed.proto'];
    const seen = new Set<string>();
    let parent = byId.get(str(resource['parentId']));
    while (parent && parent._type === 'proto_directory' && !seen.has(parent._id)) {
      seen.add(parent._id);
      parts.unshift(str(parent['name']));
      parent = byId.get(str(parent['parentId']));
    }
    return parts.filter((p) => p !== '').join('/');
  };

  for (const resource of resources) {
    switch (resource._type) {
      case 'grpc_request': {
        const body = resource['body'];
        out.grpc.push({
          name: str(resource['name']).trim() || 'Unnamed request',
          folder: folderOf(resource),
          url: str(resource['url']),
          protoMethodName: str(resource['protoMethodName']),
          bodyText: isObject(body) ? str(body['text']) : '',
          metadata: Array.isArray(resource['metadata']) ? resource['metadata'] : [],
          protoFileId: str(resource['protoFileId']),
          reflectionApi: isObject(resource['reflectionApi']) ? resource['reflectionApi'] : null,
        });
        break;
      }
      case 'request':
        out.http += 1;
        break;
      case 'websocket_request':
        out.otherKinds.set('WebSocket', (out.otherKinds.get('WebSocket') ?? 0) + 1);
        break;
      case 'socketio_request':
        out.otherKinds.set('Socket.IO', (out.otherKinds.get('Socket.IO') ?? 0) + 1);
        break;
      case 'proto_file':
        out.protoFiles.set(resource._id, protoName(resource));
        break;
      case 'environment':
        out.environments.push(str(resource['name']) || 'Unnamed environment');
        break;
      case 'request_group':
        if (hasEntries(resource['environment'])) out.folderVariables.push(str(resource['name']) || 'Unnamed folder');
        break;
      default:
        break;
    }
  }
  return out;
}

// ---- v5 ---------------------------------------------------------------------------------

function emptyCollected(format: Collected['format']): Collected {
  return { format, grpc: [], http: 0, otherKinds: new Map(), protoFiles: new Map(), environments: [], folderVariables: [], extraNotes: [] };
}

function collectV5(root: Json): Collected {
  const out = emptyCollected('Insomnia v5');

  const walk = (items: unknown, folder: string[], depth: number): void => {
    if (!Array.isArray(items) || depth > 64) return;
    for (const item of items) {
      if (!isObject(item)) continue;
      const meta = isObject(item['meta']) ? item['meta'] : {};
      const id = str(meta['id']);
      const name = str(item['name']);
      // The same order as Insomnia's own importer (insomnia-v5.ts getCollection).
      if (Array.isArray(item['children']) || (id.startsWith('fld_') && !('method' in item) && !('reflectionApi' in item))) {
        if (hasEntries(item['environment'])) out.folderVariables.push(name || 'Unnamed folder');
        walk(item['children'], [...folder, name || 'Unnamed folder'], depth + 1);
      } else if (typeof item['method'] === 'string') {
        out.http += 1;
      } else if ('reflectionApi' in item || id.startsWith('greq_') || 'protoMethodName' in item) {
        const body = item['body'];
        out.grpc.push({
          name: name.trim() || 'Unnamed request',
          folder,
          url: str(item['url']),
          protoMethodName: str(item['protoMethodName']),
          bodyText: isObject(body) ? str(body['text']) : '',
          metadata: Array.isArray(item['metadata']) ? item['metadata'] : [],
          protoFileId: str(item['protoFileId']),
          reflectionApi: isObject(item['reflectionApi']) ? item['reflectionApi'] : null,
        });
      } else if (id.startsWith('socketio-req')) {
        out.otherKinds.set('Socket.IO', (out.otherKinds.get('Socket.IO') ?? 0) + 1);
      } else if (id.startsWith('ws-req')) {
        out.otherKinds.set('WebSocket', (out.otherKinds.get('WebSocket') ?? 0) + 1);
      } else {
        out.otherKinds.set('other', (out.otherKinds.get('other') ?? 0) + 1);
      }
    }
  };
  walk(root['collection'], [], 0);

  const environments = root['environments'];
  if (isObject(environments)) {
    out.environments.push(str(environments['name']) || 'Base Environment');
    if (Array.isArray(environments['subEnvironments'])) {
      for (const sub of environments['subEnvironments']) if (isObject(sub)) out.environments.push(str(sub['name']) || 'Unnamed environment');
    }
  }
  if (Array.isArray(root['certificates']) && root['certificates'].length > 0) {
    out.extraNotes.push(`${plural(root['certificates'].length, 'CA certificate is', 'CA certificates are')} not imported: set the CA file in the connection's TLS settings.`);
  }
  return out;
}

// ---- entry ------------------------------------------------------------------------------

function notInsomnia(why: string): InsomniaImportResult {
  return { ok: false, message: `This is not an Insomnia export: ${why}` };
}

export function parseInsomniaExport(text: string): InsomniaImportResult {
  if (text.trim() === '') return notInsomnia('the text is empty. Paste or choose the file Insomnia exported (Export → Insomnia v4 or v5).');
  let data: unknown;
  try {
    data = parse(text, { maxAliasCount: 100 });
  } catch (e) {
    return notInsomnia(`it is neither JSON nor YAML (${(e instanceof Error ? e.message : String(e)).split('\n')[0] ?? ''}).`);
  }
  if (!isObject(data)) return notInsomnia('it is not a JSON or YAML object. Paste the whole exported file.');

  let collected: Collected;
  const type = data['type'];
  if (typeof type === 'string' && /insomnia(\.rest)?\/5\./.test(type)) {
    if (type !== 'collection.insomnia.rest/5.0' && type !== 'spec.insomnia.rest/5.0') {
      return { ok: false, message: `This Insomnia v5 file is a "${type}", which holds no requests: export the collection (or design document) instead.` };
    }
    collected = collectV5(data);
  } else if (data['__export_format'] === 4 && Array.isArray(data['resources'])) {
    collected = collectV4(data['resources'].filter(isResource));
  } else if (typeof data['__export_format'] === 'number') {
    return { ok: false, message: `This is an old Insomnia export (format ${data['__export_format']}): import it into Insomnia and export it again as Insomnia v4 or v5.` };
  } else if (isObject(data['info']) && str(data['info']['schema']).includes('postman')) {
    return notInsomnia('it is a Postman collection.');
  } else {
    return notInsomnia('it has neither "__export_format": 4 with "resources" (v4) nor "type": "collection.insomnia.rest/5.0" (v5).');
  }

  const notes = new Notes();
  const templates: TemplateState = { converted: 0 };
  const requests: ImportedRequest[] = [];
  const taken = new Set<string>();
  const bufModules: string[] = [];
  const protoFilesUsed = new Set<string>();

  for (const raw of collected.grpc) {
    const label = `"${raw.name}"`;
    const method = parseMethodFullName(raw.protoMethodName);
    if (method === null) {
      notes.add(
        raw.protoMethodName.trim() === ''
          ? `${label} was not imported: no method was picked for it in Insomnia.`
          : `${label} was not imported: "${raw.protoMethodName}" is not a method name like /pkg.Service/Method.`,
      );
      continue;
    }
    const document = emptyRequestDocument(method, null);
    const { target, tls } = splitUrl(raw.url);
    if (target === '') notes.add(`${label} has no server address: set its target.`);
    document.connection = defaultConnectionSettings(convertTemplates(target, `${label} address`, notes, templates));
    document.connection.tls.enabled = tls;
    document.body = prettyJson(convertTemplates(raw.bodyText, `${label} body`, notes, templates));

    const metadata: MetadataEntry[] = [];
    for (const entry of raw.metadata) {
      if (!isObject(entry)) continue;
      const key = str(entry['name']).trim();
      if (key === '') continue;
      if (entry['disabled'] === true) {
        notes.add(`${label}: the disabled metadata "${key}" was left out.`);
        continue;
      }
      metadata.push({ key, value: convertTemplates(str(entry['value']), `${label} metadata "${key}"`, notes, templates) });
    }
    document.metadata = metadata;

    if (raw.reflectionApi?.['enabled'] === true) bufModules.push(`${label} (${str(raw.reflectionApi['module']) || 'no module'})`);
    if (raw.protoFileId !== '') protoFilesUsed.add(raw.protoFileId);

    const folder = raw.folder.map(sanitizeFolderName).join('/');
    let unique = raw.name;
    for (let n = 2; taken.has(`${folder}\n${unique.toLowerCase()}`); n += 1) unique = `${raw.name} ${n}`;
    taken.add(`${folder}\n${unique.toLowerCase()}`);
    if (unique !== raw.name) notes.add(`Two requests are named ${label} in the same folder: the later one is imported as "${unique}".`);
    requests.push({ name: unique, folder, document });
  }

  if (templates.converted > 0) {
    notes.add(`${plural(templates.converted, 'Insomnia variable reference', 'Insomnia variable references')} ({{ _.name }}) became {{name}}: define those variables in an environment of this app.`);
  }
  if (bufModules.length > 0) {
    notes.add(`Buf Schema Registry reflection does not carry over (${bufModules.join(', ')}): add the protos as a schema source, or use server reflection.`);
  }
  if (collected.http > 0) notes.add(`${plural(collected.http, 'HTTP request was', 'HTTP requests were')} not imported: this app is for gRPC.`);
  for (const [kind, count] of collected.otherKinds) {
    const what = kind === 'other' ? plural(count, 'item of an unknown kind was', 'items of an unknown kind were') : plural(count, `${kind} request was`, `${kind} requests were`);
    notes.add(`${what} not imported: this app is for gRPC.`);
  }
  if (collected.protoFiles.size > 0) {
    notes.add(`Proto files embedded in the export are not written out (${[...collected.protoFiles.values()].join(', ')}): add them to the collection's schema sources, or use server reflection.`);
  } else if (protoFilesUsed.size > 0 && collected.format === 'Insomnia v5') {
    notes.add('Insomnia v5 exports do not include proto files: add the protos these requests use as a schema source, or use server reflection.');
  }
  if (collected.environments.length > 0) {
    notes.add(`Environments are not imported, and none of their values are read (${collected.environments.join(', ')}): recreate the variables in this app's environments, and mark tokens Secret.`);
  }
  if (collected.folderVariables.length > 0) {
    notes.add(`Folder variables are not imported (${collected.folderVariables.join(', ')}): move them into an environment.`);
  }
  for (const note of collected.extraNotes) notes.add(note);
  if (requests.length === 0 && collected.grpc.length === 0) notes.add(`This ${collected.format} export has no gRPC requests.`);
  return { ok: true, value: { requests, notes: notes.all() } };
}
