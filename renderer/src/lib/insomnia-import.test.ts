import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import v4Fixture from './fixtures/insomnia-v4-grpc-full.json?raw';
import v5Fixture from './fixtures/insomnia-v5-grpc.yaml?raw';
import { type ImportedRequest, parseInsomniaExport, sanitizeFolderName } from './insomnia-import';

function imported(text: string): { requests: ImportedRequest[]; notes: string[] } {
  const result = parseInsomniaExport(text);
  if (!result.ok) throw new Error(`expected an import, got: ${result.message}`);
  return result.value;
}

function refusal(text: string): string {
  const result = parseInsomniaExport(text);
  if (result.ok) throw new Error('expected a refusal');
  return result.message;
}

function find(requests: ImportedRequest[], name: string): ImportedRequest {
  const request = requests.find((r) => r.name === name);
  if (!request) throw new Error(`no request named ${name}: ${requests.map((r) => r.name).join(', ')}`);
  return request;
}

describe('Insomnia v4 export', () => {
  const { requests, notes } = imported(v4Fixture);
  const allNotes = notes.join('\n');

  it('imports every valid gRPC request, with its nested folder', () => {
    expect(requests.map((r) => [r.folder, r.name])).toEqual([
      ['Users', 'Get user'],
      ['Users/Admin- internal-ops', 'List users'],
      ['Legacy', 'Say'],
      ['', 'Health check'],
    ]);
  });

  it('carries method, target, TLS, metadata and body, converting {{ _.name }} variables', () => {
    const get = find(requests, 'Get user').document;
    expect(get.method).toEqual({ service: 'acme.users.v1.UserService', method: 'GetUser' });
    expect(get.kind).toBeNull();
    expect(get.connection.target).toBe('{{host}}:443');
    expect(get.connection.tls.enabled).toBe(true);
    expect(get.metadata).toEqual([{ key: 'authorization', value: 'Bearer {{token}}' }]);
    expect(get.body).toBe('{\n  "id": "{{userId}}",\n  "fields": [\n    "name",\n    "email"\n  ]\n}');

    const list = find(requests, 'List users').document;
    expect(list.method).toEqual({ service: 'acme.users.v1.UserService', method: 'ListUsers' });
    expect(list.connection).toMatchObject({ target: 'localhost:50051', tls: { enabled: false } });
    expect(list.metadata).toEqual([{ key: 'x-request-id', value: "{% uuid 'v4' %}" }]);
    expect(JSON.parse(list.body)).toEqual({ pageSize: 50 });

    const health = find(requests, 'Health check').document;
    // No scheme: plaintext, as Insomnia's parseGrpcUrl; no leading slash on the method is fine.
    expect(health.connection).toMatchObject({ target: 'localhost:50051', tls: { enabled: false } });
    expect(health.method).toEqual({ service: 'grpc.health.v1.Health', method: 'Check' });
    expect(health.body).toBe('{}');

    // Invalid JSON is kept exactly as typed.
    expect(find(requests, 'Say').document.body).toBe('{"sentence": "hello"');
  });

  it('says what did not carry over', () => {
    expect(allNotes).toMatch(/"Get user": the disabled metadata "x-debug" was left out/);
    expect(allNotes).toMatch(/"List users" metadata "x-request-id" uses an Insomnia template tag/);
    expect(allNotes).toMatch(/"New gRPC Request" was not imported: no method was picked/);
    expect(allNotes).toMatch(/"Delete user \(broken\)" was not imported: "\/acme\.users\.v1\.UserService\/" is not a method name/);
    expect(allNotes).toMatch(/^3 HTTP requests were not imported: this app is for gRPC\.$/m);
    expect(allNotes).toMatch(/^1 WebSocket request was not imported/m);
    expect(allNotes).toMatch(/protos\/users\.proto, health\.proto/);
    expect(allNotes).toMatch(/Environments are not imported.*\(Base Environment, Staging\)/);
    expect(allNotes).toMatch(/Folder variables are not imported \(Admin: internal\/ops\)/);
    expect(allNotes).toMatch(/Buf Schema Registry reflection does not carry over \("Say" \(buf\.build\/connectrpc\/eliza\)\)/);
    expect(allNotes).toMatch(/^3 Insomnia variable references .* became \{\{name\}\}/m);
  });

  it('never carries environment values into requests', () => {
    expect(JSON.stringify(requests)).not.toContain('do-not-import');
    expect(JSON.stringify(notes)).not.toContain('do-not-import');
  });

  it('reads the same export as YAML, and keeps same-named requests apart', () => {
    const data = JSON.parse(v4Fixture) as { resources: Record<string, unknown>[] };
    const health = data.resources.find((r) => r['name'] === 'Health check');
    data.resources.push({ ...health, _id: 'greq_copy' });
    const again = imported(stringify(data));
    expect(again.requests.filter((r) => r.folder === '').map((r) => r.name)).toEqual(['Health check', 'Health check 2']);
  });

  it('prefixes folders with the workspace name when the export holds several workspaces', () => {
    const data = JSON.parse(v4Fixture) as { resources: Record<string, unknown>[] };
    data.resources.push(
      { _id: 'wrk_other', parentId: null, _type: 'workspace', name: 'Other', scope: 'collection' },
      { _id: 'greq_other', parentId: 'wrk_other', _type: 'grpc_request', name: 'Ping', url: 'grpcs://x:1', protoMethodName: '/a.B/C', metadata: [], body: { text: '{}' } },
    );
    const folders = imported(JSON.stringify(data)).requests.map((r) => r.folder);
    expect(folders).toEqual(['Acme gRPC/Users', 'Acme gRPC/Users/Admin- internal-ops', 'Acme gRPC/Legacy', 'Acme gRPC', 'Other']);
  });
});

describe('Insomnia v5 export', () => {
  const { requests, notes } = imported(v5Fixture);
  const allNotes = notes.join('\n');

  it('imports every valid gRPC request of the tree, with folder, method, target, TLS, metadata and body', () => {
    expect(requests.map((r) => [r.folder, r.name])).toEqual([
      ['Orders', 'Create order'],
      ['Orders/Fulfilment', 'Track shipment'],
      ['', 'Health check'],
    ]);
    const create = find(requests, 'Create order').document;
    expect(create.method).toEqual({ service: 'acme.orders.v2.OrderService', method: 'CreateOrder' });
    expect(create.connection).toMatchObject({ target: '{{host}}:443', tls: { enabled: true } });
    expect(create.metadata).toEqual([{ key: 'authorization', value: 'Bearer {{token}}' }]);
    expect(JSON.parse(create.body)).toEqual({ customerId: '{{customerId}}', items: [{ sku: 'A-1', quantity: 2 }] });

    const track = find(requests, 'Track shipment').document;
    expect(track.connection).toMatchObject({ target: '127.0.0.1:50051', tls: { enabled: false } });
    expect(track.body).toContain("{% response 'body'");

    expect(find(requests, 'Health check').document.connection).toMatchObject({ target: 'localhost:50051', tls: { enabled: false } });
  });

  it('says what did not carry over', () => {
    expect(allNotes).toMatch(/"Half configured" was not imported: "not a method" is not a method name/);
    expect(allNotes).toMatch(/"Create order": the disabled metadata "x-tenant" was left out/);
    expect(allNotes).toMatch(/"Track shipment" body uses an Insomnia template tag/);
    expect(allNotes).toMatch(/^2 HTTP requests were not imported: this app is for gRPC\.$/m);
    expect(allNotes).toMatch(/^1 WebSocket request was not imported/m);
    expect(allNotes).toMatch(/Environments are not imported.*\(Base Environment, Production\)/);
    expect(allNotes).toMatch(/Insomnia v5 exports do not include proto files/);
    expect(JSON.stringify(requests)).not.toContain('do-not-import');
  });
});

describe('refusals', () => {
  it('refuses empty input, garbage, and JSON or YAML that is not an Insomnia export', () => {
    expect(refusal('')).toMatch(/^This is not an Insomnia export: the text is empty/);
    expect(refusal('{{{ nope')).toMatch(/^This is not an Insomnia export: it is neither JSON nor YAML/);
    expect(refusal('just some words')).toMatch(/^This is not an Insomnia export: it is not a JSON or YAML object/);
    expect(refusal('[1, 2, 3]')).toMatch(/^This is not an Insomnia export/);
    expect(refusal('{"name": "x", "requests": []}')).toMatch(/^This is not an Insomnia export: it has neither/);
    expect(refusal('{"info": {"schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}, "item": []}')).toMatch(/Postman collection/);
    expect(refusal('{"_type": "export", "__export_format": 3, "resources": []}')).toMatch(/old Insomnia export \(format 3\)/);
    expect(refusal('type: environment.insomnia.rest/5.0\nname: Globals\n')).toMatch(/holds no requests/);
  });
});

describe('sanitizeFolderName', () => {
  it('removes path separators, reserved characters and leading dots', () => {
    expect(sanitizeFolderName('a/b\\c:d*e?f"g<h>i|j')).toBe('a-b-c-d-e-f-g-h-i-j');
    expect(sanitizeFolderName('..hidden')).toBe('hidden');
    expect(sanitizeFolderName('...')).toBe('Unnamed folder');
    expect(sanitizeFolderName('  Trailing. ')).toBe('Trailing');
  });
});
