import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromJson, toBinary, type DescMessage, type FileRegistry } from '@bufbuild/protobuf';
import { bundledIncludeDir } from '../resources';
import { exampleJson } from './example-json';
import { compileDemoSet, newStore, removeTempDirs } from './test-fixtures/test-helpers';

let registry: FileRegistry;
beforeAll(async () => {
  registry = (await compileDemoSet()).set.registry;
});
afterAll(removeTempDirs);

function messagesOf(files: string[], from: FileRegistry): DescMessage[] {
  const all: DescMessage[] = [];
  for (const file of from.files) {
    if (!files.includes(file.proto.name)) continue;
    const visit = (message: DescMessage) => {
      if (!message.proto.options?.mapEntry) all.push(message);
      message.nestedMessages.forEach(visit);
    };
    file.messages.forEach(visit);
  }
  return all;
}

function parsesBack(message: DescMessage, from: FileRegistry): void {
  const text = exampleJson(message, from);
  const parsed = fromJson(message, JSON.parse(text), { registry: from, ignoreUnknownFields: false });
  // toBinary also checks proto2 required fields are present.
  toBinary(message, parsed);
}

describe('example request JSON', () => {
  it('parses back through the registry for every message in demo.proto and addressbook.proto', () => {
    const messages = messagesOf(['demo.proto', 'addressbook.proto'], registry);
    expect(messages.map((m) => m.typeName)).toContain('demo.v1.Everything.Nested');
    expect(messages.map((m) => m.typeName)).toContain('tutorial.Person.PhoneNumber');
    for (const message of messages) expect(() => parsesBack(message, registry), message.typeName).not.toThrow();
  });

  it('parses back for every message of the bundled Google API protos and the well-known types', async () => {
    const root = bundledIncludeDir();
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(join(dir, entry.name));
        else if (entry.name.endsWith('.proto')) files.push(join(dir, entry.name));
      }
    };
    walk(root);
    const { store } = newStore();
    const result = await store.compile({ protoFiles: files, importPaths: [root] });
    if (!result.ok) throw new Error(result.error.message);
    const google = store.get(result.value.id)?.registry;
    if (!google) throw new Error('set missing');
    const names = [...files.map((f) => relative(root, f).split('\\').join('/')), ...[...google.files].map((f) => f.proto.name).filter((n) => n.startsWith('google/protobuf/'))];
    const messages = messagesOf(names, google);
    expect(messages.length).toBeGreaterThan(150);
    for (const message of messages) expect(() => parsesBack(message, google), message.typeName).not.toThrow();
  });

  it('shows every kind of field in its canonical JSON form', () => {
    const everything = registry.getMessage('demo.v1.Everything');
    if (!everything) throw new Error('no Everything');
    const example = JSON.parse(exampleJson(everything, registry)) as Record<string, unknown>;
    expect(example).toMatchObject({
      bigNumber: '1',
      unsignedBig: '1',
      blob: 'Ynl0ZXM=',
      color: 'COLOR_RED',
      tags: ['tags'],
      counts: { key: 1 },
      labelsById: { '1': 'value' },
      createdAt: '2024-01-01T00:00:00Z',
      timeout: '1.5s',
      extra: { '@type': 'type.googleapis.com/google.protobuf.Empty' },
      attributes: { key: 'value' },
      nickname: 'value',
      optionalCount: '1',
    });
    // Exactly one oneof member.
    const choices = ['textChoice', 'numberChoice', 'nestedChoice'].filter((k) => k in example);
    expect(choices).toHaveLength(1);
    // Recursion stops: Nested appears three times on the path, then no further child.
    expect(example.nested).toEqual({ label: 'label', child: { label: 'label', child: { label: 'label' } } });
  });

  it('picks the first non-zero enum value, else the zero one', () => {
    const phone = registry.getMessage('tutorial.Person.PhoneNumber');
    if (!phone) throw new Error('no PhoneNumber');
    expect(JSON.parse(exampleJson(phone, registry))).toEqual({ number: 'number', type: 'HOME' });
  });

  it('is pretty-printed', () => {
    const echo = registry.getMessage('demo.v1.EchoRequest');
    if (!echo) throw new Error('no EchoRequest');
    expect(exampleJson(echo, registry)).toBe('{\n  "message": "message"\n}');
  });
});
