import { parse } from 'yaml';
import { defaultConnectionSettings } from '../../../shared/connection';
import { emptyRequestDocument, parseMethodFullName, type RequestDocument } from '../../../shared/request-document';

/**
 * Insomnia's v4 export (Export → "Insomnia v4", JSON or YAML): `resources[]`, each with `_id`,
 * `_type` and `parentId`. gRPC requests are `grpc_request` (url, protoMethodName
 * "/pkg.Service/Method", body.text, metadata [{ name, value, disabled }]), folders are
 * `request_group`, the root is `workspace`. What does not carry over is said in notes.
 */
export interface ImportedRequest {
  name: string;
  /** Posix path of its folders inside the collection; '' = top level. */
  folder: string;
  document: RequestDocument;
}

export type InsomniaImport = { ok: true; value: { requests: ImportedRequest[]; notes: string[] } } | { ok: false; message: string };

type Resource = Record<string, unknown> & { _id: string; _type: string; parentId?: unknown; name?: unknown };

function isResource(value: unknown): value is Resource {
  return typeof value === 'object' && value !== null && typeof (value as Resource)._id === 'string' && typeof (value as Resource)._type === 'string';
}

const UNSAFE = /[/\\:*?"<>|\u0000-\u001f\u007f]/g; // eslint-disable-line no-control-regex -- control characters are what is replaced

function safeSegment(name: string): string {
  const clean = name.replace(UNSAFE, '-').replace(/^[.\s]+|[.\s]+$/g, '').slice(0, 120);
  return clean === '' ? 'Unnamed' : clean;
}

/** Insomnia's template {{ _.name }} is our {{name}}; other Nunjucks tags cannot carry over. */
function convertTemplates(text: string, where: string, notes: Set<string>): string {
  const converted = text.replace(/\{\{\s*_\.([\w.-]+)\s*\}\}/g, '{{$1}}');
  if (/\{%/.test(converted)) notes.add(`${where} uses an Insomnia template tag ({% ... %}), kept as text: replace it with a variable.`);
  return converted;
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export function parseInsomniaExport(text: string): InsomniaImport {
  let data: unknown;
  try {
    data = parse(text, { maxAliasCount: 50 });
  } catch (e) {
    return { ok: false, message: `This is not an Insomnia export: it is neither JSON nor YAML (${(e as Error).message.split('\n')[0]}).` };
  }
  if (typeof data !== 'object' || data === null) return { ok: false, message: 'This is not an Insomnia export: paste the whole exported file.' };
  const root = data as Record<string, unknown>;
  if (typeof root['type'] === 'string' && root['type'].includes('insomnia.rest/5')) {
    return { ok: false, message: 'This is an Insomnia v5 export, which is not supported yet: export as "Insomnia v4 (JSON)" instead.' };
  }
  if (root['_type'] !== 'export' || root['__export_format'] !== 4 || !Array.isArray(root['resources'])) {
    return { ok: false, message: 'This is not an Insomnia v4 export (it needs "_type": "export", "__export_format": 4 and "resources").' };
  }
  const resources = root['resources'].filter(isResource);
  const byId = new Map(resources.map((r) => [r._id, r]));
  const notes = new Set<string>();

  const folderOf = (resource: Resource): string => {
    const parts: string[] = [];
    let parent = typeof resource.parentId === 'string' ? byId.get(resource.parentId) : undefined;
    for (let depth = 0; parent && parent._type === 'request_group' && depth < 32; depth += 1) {
      parts.unshift(safeSegment(typeof parent.name === 'string' ? parent.name : 'Unnamed'));
      parent = typeof parent.parentId === 'string' ? byId.get(parent.parentId) : undefined;
    }
    return parts.join('/');
  };

  const requests: ImportedRequest[] = [];
  const taken = new Set<string>();
  for (const resource of resources) {
    if (resource._type !== 'grpc_request') continue;
    const name = typeof resource.name === 'string' && resource.name.trim() !== '' ? resource.name.trim() : 'Unnamed request';
    const methodText = typeof resource['protoMethodName'] === 'string' ? resource['protoMethodName'] : '';
    const method = parseMethodFullName(methodText);
    if (method === null) {
      notes.add(`"${name}" was not imported: it has no method ("${methodText}").`);
      continue;
    }
    const document = emptyRequestDocument(method, null);
    const url = typeof resource['url'] === 'string' ? resource['url'].trim() : '';
    const tls = /^grpcs:\/\//i.test(url);
    document.connection = { ...defaultConnectionSettings(convertTemplates(url.replace(/^grpcs?:\/\//i, ''), `"${name}" address`, notes)), tls: { ...defaultConnectionSettings().tls, enabled: tls } };
    const body = resource['body'];
    const bodyText = typeof body === 'object' && body !== null && typeof (body as Record<string, unknown>)['text'] === 'string' ? String((body as Record<string, unknown>)['text']) : '';
    document.body = prettyJson(convertTemplates(bodyText, `"${name}" body`, notes));
    const metadata = Array.isArray(resource['metadata']) ? resource['metadata'] : [];
    for (const entry of metadata) {
      if (typeof entry !== 'object' || entry === null) continue;
      const row = entry as Record<string, unknown>;
      const key = typeof row['name'] === 'string' ? row['name'].trim() : '';
      if (key === '') continue;
      if (row['disabled'] === true) {
        notes.add(`"${name}": the disabled metadata "${key}" was left out.`);
        continue;
      }
      document.metadata.push({ key, value: convertTemplates(typeof row['value'] === 'string' ? row['value'] : '', `"${name}" metadata`, notes) });
    }
    const folder = folderOf(resource);
    // Two requests of the same name in one folder become "Name", "Name 2", ...: no file is overwritten.
    let unique = name;
    for (let n = 2; taken.has(`${folder}/${unique.toLowerCase()}`); n += 1) unique = `${name} ${n}`;
    taken.add(`${folder}/${unique.toLowerCase()}`);
    requests.push({ name: unique, folder, document });
  }

  const others = resources.filter((r) => r._type === 'request' || r._type === 'websocket_request').length;
  if (others > 0) notes.add(`${others} HTTP or WebSocket request${others === 1 ? ' was' : 's were'} not imported: this app is for gRPC.`);
  const protoFiles = resources.filter((r) => r._type === 'proto_file').map((r) => (typeof r.name === 'string' ? r.name : '?'));
  if (protoFiles.length > 0) notes.add(`Proto files embedded in the export (${protoFiles.join(', ')}) are not written out: add them to the collection's schema sources, or use reflection.`);
  const environments = resources.filter((r) => r._type === 'environment').map((r) => (typeof r.name === 'string' ? r.name : '?'));
  if (environments.length > 0) notes.add(`Environments (${environments.join(', ')}) are not imported: recreate their variables in Edit environments (mark tokens Secret).`);
  return { ok: true, value: { requests, notes: [...notes] } };
}
