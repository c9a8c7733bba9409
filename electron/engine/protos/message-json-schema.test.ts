import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getLanguageService, type JSONSchema, type MarkedString } from 'vscode-json-languageservice';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Registry } from '@bufbuild/protobuf';
import { messageJsonSchema } from './message-json-schema';
import { compileDemoSet, removeTempDirs } from './test-fixtures/test-helpers';

// The schema is checked by the same JSON language service Monaco runs in its JSON worker.
const SCHEMA_URI = 'inmemory://schema/request.json';
const DOCUMENT_URI = 'inmemory://model/request.json';

let registry: Registry;
beforeAll(async () => {
  registry = (await compileDemoSet()).set.registry;
});
afterAll(removeTempDirs);

function schemaOf(typeName: string): Record<string, unknown> {
  const message = registry.getMessage(typeName);
  if (!message) throw new Error(`no ${typeName}`);
  return messageJsonSchema(message, registry);
}

function languageService(schema: Record<string, unknown>) {
  const service = getLanguageService({});
  service.configure({ validate: true, allowComments: false, schemas: [{ uri: SCHEMA_URI, fileMatch: ['*.json'], schema: schema as JSONSchema }] });
  return service;
}

async function problems(schema: Record<string, unknown>, text: string): Promise<string[]> {
  const service = languageService(schema);
  const document = TextDocument.create(DOCUMENT_URI, 'json', 1, text);
  const diagnostics = await service.doValidation(document, service.parseJSONDocument(document));
  return diagnostics.map((d) => `${text.slice(document.offsetAt(d.range.start), document.offsetAt(d.range.end))}: ${d.message}`);
}

async function hover(schema: Record<string, unknown>, text: string, at: string): Promise<string> {
  const service = languageService(schema);
  const document = TextDocument.create(DOCUMENT_URI, 'json', 1, text);
  const result = await service.doHover(document, document.positionAt(text.indexOf(at) + 1), service.parseJSONDocument(document));
  const contents = result?.contents;
  const parts: MarkedString[] = Array.isArray(contents) ? contents : contents ? [contents as MarkedString] : [];
  // Hover text is markdown: drop its escapes to compare with the plain comment.
  return parts.map((p) => (typeof p === 'string' ? p : p.value)).join('\n').replace(/\\(.)/g, '$1');
}

describe('the JSON Schema of a request message', () => {
  it('accepts the canonical JSON of every kind of field', async () => {
    const text = JSON.stringify({
      name: 'n',
      bigNumber: '9007199254740993',
      unsignedBig: 12,
      ratio: 'NaN',
      blob: 'Ynl0ZXM=',
      color: 'COLOR_RED',
      tags: ['a'],
      counts: { a: 1 },
      labelsById: { '-5': 'x' },
      nested: { label: 'a', child: { label: 'b', child: { label: 'c' } } },
      numberChoice: 3,
      createdAt: '2024-01-01T00:00:00Z',
      timeout: '1.5s',
      extra: { '@type': 'type.googleapis.com/google.protobuf.Empty' },
      attributes: { any: ['thing', 1, null] },
      nickname: 'nick',
      optionalCount: '5',
      explicit_presence: 0,
    });
    expect(await problems(schemaOf('demo.v1.Everything'), text)).toEqual([]);
  });

  it('accepts enum numbers as well as names', async () => {
    expect(await problems(schemaOf('demo.v1.Everything'), '{"color": 2}')).toEqual([]);
  });

  it('flags two members of one oneof', async () => {
    const found = await problems(schemaOf('demo.v1.Everything'), '{"textChoice": "a", "nestedChoice": {}}');
    expect(found.length).toBeGreaterThan(0);
    expect(found.join('\n')).toContain('Only one member of oneof "choice"');
    expect(await problems(schemaOf('demo.v1.Everything'), '{"textChoice": "a"}')).toEqual([]);
  });

  it('flags wrong types, unknown fields, bad map keys and bad well-known-type strings', async () => {
    const schema = schemaOf('demo.v1.Everything');
    expect(await problems(schema, '{"bigNumber": "12x"}')).toHaveLength(1);
    expect(await problems(schema, '{"nme": "a"}')).toHaveLength(1);
    expect(await problems(schema, '{"labelsById": {"abc": "x"}}')).toHaveLength(1);
    expect(await problems(schema, '{"timeout": "soon"}')).toHaveLength(1);
    expect(await problems(schema, '{"color": "PURPLE"}')).toHaveLength(1);
    expect(await problems(schema, '{"nested": {"child": {"child": {"lable": "x"}}}}')).toHaveLength(1);
  });

  it('recurses through $ref into definitions for demo.v1.Everything.Nested', () => {
    const schema = schemaOf('demo.v1.Everything');
    const definitions = schema.definitions as Record<string, { properties: Record<string, { $ref?: string }> }>;
    expect((schema.properties as Record<string, { $ref?: string }>).nested?.$ref).toBe('#/definitions/demo.v1.Everything.Nested');
    expect(definitions['demo.v1.Everything.Nested']?.properties.child?.$ref).toBe('#/definitions/demo.v1.Everything.Nested');
  });

  it('carries proto comments as descriptions, shown on hover', async () => {
    const schema = schemaOf('demo.v1.Everything');
    const nested = (schema.definitions as Record<string, { properties: Record<string, { description?: string }> }>)['demo.v1.Everything.Nested'];
    expect(nested?.properties.child?.description).toContain('Recursion is allowed; examples stop at a bounded depth.');
    expect(await hover(schemaOf('demo.v1.EchoRequest'), '{"message": "x"}', '"message"')).toContain('The text to echo back.');
  });

  it('lists proto2 required fields as required', async () => {
    const schema = schemaOf('tutorial.Person');
    expect(schema.required).toEqual(['name', 'id']);
    const found = await problems(schema, '{"name": "Ada"}');
    expect(found.join('\n')).toMatch(/id/);
  });
});
