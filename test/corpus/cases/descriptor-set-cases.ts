// Descriptor sets (protoc -o, buf build -o) a user may import: cut short, of the wrong kind,
// devices, nested too deep, or inconsistent inside.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fromJson, toBinary } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema, type DescriptorProtoJson, type FileDescriptorSetJson } from '@bufbuild/protobuf/wkt';
import { protocInstallation } from '../../../electron/engine/protos/protoc-binary';
import { protosDir } from '../../../electron/engine/resources';
import { makeFifo, makeSparseFile, type CorpusCase, type CorpusCategory, type CorpusKit } from '../corpus-kit';

let demoSetBytes: Buffer | null = null;
/** protos/demo.proto compiled by the real protoc with its imports: a valid set to damage. */
function demoSet(kit: CorpusKit): Buffer {
  if (demoSetBytes) return demoSetBytes;
  const out = join(kit.dir, 'demo.binpb');
  const protoc = protocInstallation();
  execFileSync(protoc.binary, [`-I${protosDir()}`, `-I${protoc.includeDir}`, '--include_imports', `-o${out}`, 'demo.proto']);
  demoSetBytes = readFileSync(out);
  return demoSetBytes;
}

function setBytes(json: FileDescriptorSetJson): Buffer {
  return Buffer.from(toBinary(FileDescriptorSetSchema, fromJson(FileDescriptorSetSchema, json, { recursionLimit: 1000 })));
}

function nested(levels: number): FileDescriptorSetJson {
  let inner: DescriptorProtoJson = { name: `N${levels - 1}`, field: [{ name: 'leaf', number: 1, type: 'TYPE_STRING', label: 'LABEL_OPTIONAL', jsonName: 'leaf' }] };
  for (let i = levels - 2; i >= 0; i--) inner = { name: `N${i}`, nestedType: [inner] };
  return { file: [{ name: 'deep.proto', package: 'deep', syntax: 'proto3', messageType: [inner] }] };
}

const message = (name: string, typeName?: string): DescriptorProtoJson => ({
  name,
  field: [typeName ? { name: 'f', number: 1, type: 'TYPE_MESSAGE', typeName, label: 'LABEL_OPTIONAL', jsonName: 'f' } : { name: 'f', number: 1, type: 'TYPE_STRING', label: 'LABEL_OPTIONAL', jsonName: 'f' }],
});

let counter = 0;
function setCase(name: string, make: (kit: CorpusKit, dir: string) => string | string[], code: string, messageRe: RegExp, defect?: string): CorpusCase {
  return {
    name,
    defect,
    code,
    message: messageRe,
    recover: 'import',
    run: (kit) => {
      counter += 1;
      const dir = join(kit.dir, 'sets', String(counter));
      mkdirSync(dir, { recursive: true });
      const made = make(kit, dir);
      return kit.resultOutcome(kit.invoke('protos:importDescriptorSets', { paths: Array.isArray(made) ? made : [made] }));
    },
  };
}

const write = (dir: string, name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

const IMPORT = 'PROTO_IMPORT';

export const descriptorSetCases: CorpusCategory = {
  category: 'descriptor sets',
  cases: [
    setCase('truncated to half', (kit, dir) => { const bytes = demoSet(kit); return write(dir, 'half.binpb', bytes.subarray(0, Math.floor(bytes.length / 2))); }, IMPORT, /half\.binpb is not a FileDescriptorSet\. Create one with `protoc --include_imports -o/),
    setCase('truncated by one byte', (kit, dir) => { const bytes = demoSet(kit); return write(dir, 'short.binpb', bytes.subarray(0, bytes.length - 1)); }, IMPORT, /short\.binpb is not a FileDescriptorSet\. Create one with `protoc --include_imports -o/),
    setCase('a .proto source passed as a set', (_kit, dir) => write(dir, 'source.binpb', 'syntax = "proto3";\nmessage A { string a = 1; }\n'), IMPORT, /source\.binpb is not a FileDescriptorSet\. Create one with `protoc --include_imports -o/),
    setCase('JSON passed as a set', (_kit, dir) => write(dir, 'set.json', '{"file":[{"name":"a.proto"}]}'), IMPORT, /set\.json is not a FileDescriptorSet\. Create one with `protoc --include_imports -o/),
    setCase('gzip-compressed set', (kit, dir) => write(dir, 'set.binpb.gz', gzipSync(demoSet(kit))), IMPORT, /set\.binpb\.gz is not a FileDescriptorSet\. Create one with `protoc --include_imports -o/),
    setCase('random bytes', (_kit, dir) => write(dir, 'random.pb', Buffer.from('ffffffffffffffffffff0a0b0c0d0e0f', 'hex')), IMPORT, /random\.pb is not a FileDescriptorSet\. Create one with `protoc --include_imports -o/),
    setCase('an empty file (0 bytes)', (_kit, dir) => write(dir, 'empty.pb', ''), IMPORT, /empty\.pb is not a FileDescriptorSet\. Create one with `protoc --include_imports -o/),
    setCase('/dev/zero', () => '/dev/zero', IMPORT, /"\/dev\/zero" is a character device, not a regular file/),
    setCase('a folder', (_kit, dir) => { mkdirSync(join(dir, 'folder.binpb')); return join(dir, 'folder.binpb'); }, IMPORT, /folder\.binpb" is a folder, not a file/),
    setCase('a FIFO', (_kit, dir) => makeFifo(join(dir, 'pipe.binpb')), IMPORT, /pipe\.binpb" is a named pipe \(FIFO\), not a regular file/),
    setCase('a file that does not exist', (_kit, dir) => join(dir, 'missing.binpb'), IMPORT, /missing\.binpb" does not exist/),
    setCase('a huge (65 MiB sparse) file', (_kit, dir) => makeSparseFile(join(dir, 'huge.binpb'), 65 * 1024 * 1024), IMPORT, /huge\.binpb" is 65 MiB, more than the 64 MiB limit for descriptor sets/),
    setCase('messages nested 120 levels deep', (_kit, dir) => write(dir, 'deep.binpb', setBytes(nested(120))), IMPORT, /deep\.binpb" nests messages deeper than 100 levels/),
    setCase('a file whose dependency is not in the set', (_kit, dir) => write(dir, 'nodep.binpb', setBytes({ file: [{ name: 'a.proto', package: 'a', syntax: 'proto3', dependency: ['b.proto'], messageType: [message('A', '.b.B')] }] })), IMPORT, /b\.proto/),
    setCase('a field of a type defined nowhere', (_kit, dir) => write(dir, 'dangling.binpb', setBytes({ file: [{ name: 'a.proto', package: 'a', syntax: 'proto3', messageType: [message('A', '.a.Missing')] }] })), IMPORT, /a\.Missing/),
    setCase('the same file name twice with different content', (_kit, dir) => write(dir, 'twice.binpb', setBytes({ file: [{ name: 'a.proto', package: 'a', syntax: 'proto3', messageType: [message('A')] }, { name: 'a.proto', package: 'a', syntax: 'proto3', messageType: [message('B')] }] })), IMPORT, /^The descriptor set .*twice\.binpb holds a\.proto twice, with different content\. A set protoc or buf builds holds each file once/),
    setCase('the same type in two files', (_kit, dir) => write(dir, 'duptype.binpb', setBytes({ file: [{ name: 'a.proto', package: 'p', syntax: 'proto3', messageType: [message('Same')] }, { name: 'b.proto', package: 'p', syntax: 'proto3', messageType: [message('Same')] }] })), IMPORT, /^"p\.Same" is defined twice, in a\.proto and in b\.proto \(in the descriptor set .*duptype\.binpb\)\. protoc refuses this too/),
    setCase('two sets that define the same file differently', (_kit, dir) => [
      write(dir, 'one.binpb', setBytes({ file: [{ name: 'x.proto', package: 'x', syntax: 'proto3', messageType: [message('One')] }] })),
      write(dir, 'two.binpb', setBytes({ file: [{ name: 'x.proto', package: 'x', syntax: 'proto3', messageType: [message('Two')] }] })),
    ], 'WARNING', /^x\.proto is defined differently in .*one\.binpb and .*two\.binpb; the definition from .*one\.binpb \(listed first\) is used\./),
    setCase('a set with no files at all', (_kit, dir) => write(dir, 'nofiles.binpb', setBytes({ file: [] })), IMPORT, /nofiles\.binpb is not a FileDescriptorSet\. Create one with `protoc --include_imports -o/),
  ],
};
