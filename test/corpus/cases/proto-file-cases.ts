// .proto files a user may point the import at: broken sources, missing or cyclic imports,
// duplicate names, and paths that are not source files at all.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeFifo, makeSparseFile, type CorpusCase, type CorpusCategory, type CorpusKit } from '../corpus-kit';

const HEADER = 'syntax = "proto3";\npackage corpus.v1;\n';

/** Writes the files into a fresh folder and compiles the first one with the folder as root. */
async function compileFiles(kit: CorpusKit, folder: string, files: Record<string, string | Buffer>, compile?: string[]) {
  const root = join(kit.dir, 'protos', folder);
  mkdirSync(root, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(root, name), content);
  const protoFiles = (compile ?? [Object.keys(files)[0] ?? '']).map((name) => join(root, name));
  return kit.resultOutcome(kit.invoke('protos:compile', { protoFiles, importPaths: [root] }));
}

function source(name: string, body: string, code: string, message: RegExp, header = HEADER): CorpusCase {
  const folder = name.replace(/[^a-z0-9]+/gi, '-');
  return { name, code, message, recover: 'import', run: (kit) => compileFiles(kit, folder, { 'bad.proto': header + body }) };
}

function pathCase(name: string, make: (kit: CorpusKit, root: string) => string, code: string, message: RegExp): CorpusCase {
  return {
    name,
    code,
    message,
    recover: 'import',
    run: (kit) => {
      const root = join(kit.dir, 'protos', name.replace(/[^a-z0-9]+/gi, '-'));
      mkdirSync(root, { recursive: true });
      const path = make(kit, root);
      return kit.resultOutcome(kit.invoke('protos:compile', { protoFiles: [path], importPaths: [root] }));
    },
  };
}

const PROTOC = 'PROTO_COMPILE';

export const protoFileCases: CorpusCategory = {
  category: '.proto files',
  cases: [
    source('missing semicolon', 'message A { string a = 1 }\n', PROTOC, /bad\.proto:3:\d+: Expected ";"/),
    source('unknown field type', 'message A { Nope a = 1; }\n', PROTOC, /"Nope" is not defined/),
    source('missing import', 'import "not/there.proto";\nmessage A { string a = 1; }\n', PROTOC, /not\/there\.proto: File not found/),
    {
      name: 'import cycle between two files',
      code: PROTOC,
      message: /File recursively imports itself: (a|b)\.proto -> (a|b)\.proto -> (a|b)\.proto/,
      recover: 'import',
      run: (kit) => compileFiles(kit, 'cycle', { 'a.proto': `${HEADER}import "b.proto";\nmessage A { string a = 1; }\n`, 'b.proto': `${HEADER}import "a.proto";\nmessage B { string b = 1; }\n` }),
    },
    {
      name: 'a file that imports itself',
      code: PROTOC,
      message: /File recursively imports itself: self\.proto -> self\.proto/,
      recover: 'import',
      run: (kit) => compileFiles(kit, 'self-cycle', { 'self.proto': `${HEADER}import "self.proto";\nmessage A { string a = 1; }\n` }),
    },
    source('duplicate message name in one file', 'message A { string a = 1; }\nmessage A { string b = 1; }\n', PROTOC, /bad\.proto:4:9: "A" is already defined in "corpus\.v1"/),
    {
      name: 'duplicate message name across two files',
      code: PROTOC,
      message: /"corpus\.v1\.Dup" is already defined in file "(one|two)\.proto"/,
      recover: 'import',
      run: (kit) => compileFiles(kit, 'dup-across', { 'one.proto': `${HEADER}message Dup { string a = 1; }\n`, 'two.proto': `${HEADER}message Dup { string b = 1; }\n` }, ['one.proto', 'two.proto']),
    },
    source('duplicate field number', 'message A { string a = 1; string b = 1; }\n', PROTOC, /Field number 1 has already been used in "corpus\.v1\.A" by field "a"/),
    source('duplicate field name', 'message A { string a = 1; int32 a = 2; }\n', PROTOC, /"a" is already defined in "corpus\.v1\.A"/),
    source('duplicate enum value names across enums', 'enum E { X = 0; }\nenum F { X = 0; }\n', PROTOC, /"X" is already defined in "corpus\.v1"/),
    source('duplicate service method', 'message A {}\nservice S { rpc M(A) returns (A); rpc M(A) returns (A); }\n', PROTOC, /"M" is already defined in "corpus\.v1\.S"/),
    source('field number 0', 'message A { string a = 0; }\n', PROTOC, /Field numbers must be positive integers/),
    source('field number in the reserved 19000 range', 'message A { string a = 19000; }\n', PROTOC, /Field numbers 19000 through 19999 are reserved for the protocol buffer library implementation/),
    source('field number too large', 'message A { string a = 536870912; }\n', PROTOC, /Field numbers cannot be greater than 536870911/),
    source('reserved field number used', 'message A { reserved 2; string a = 2; }\n', PROTOC, /Field "a" uses reserved number 2/),
    source('proto3 enum without a zero first value', 'enum E { ONE = 1; }\n', PROTOC, /The first enum value must be zero for open enums/),
    source('enum value alias without allow_alias', 'enum E { A = 0; B = 0; }\n', PROTOC, /"corpus\.v1\.B" uses the same enum value as "corpus\.v1\.A"/),
    source('rpc with an unknown input type', 'message A {}\nservice S { rpc M(Missing) returns (A); }\n', PROTOC, /"Missing" is not defined/),
    source('rpc without returns', 'message A {}\nservice S { rpc M(A); }\n', PROTOC, /Expected "returns"/),
    source('map with a float key', 'message A { map<float, string> m = 1; }\n', PROTOC, /Key in map fields cannot be float\/double, bytes or message types/),
    source('required in proto3', 'message A { required string a = 1; }\n', PROTOC, /Required fields are not allowed in proto3/),
    source('default value in proto3', 'message A { string a = 1 [default = "x"]; }\n', PROTOC, /Explicit default values are not allowed in proto3/),
    source('unknown syntax', 'message A {}\n', PROTOC, /Unrecognized syntax identifier "proto4"/, 'syntax = "proto4";\n'),
    source('package name starting with a digit', 'message A {}\n', PROTOC, /Expected identifier/, 'syntax = "proto3";\npackage 1abc;\n'),
    source('unterminated string', 'message A { string a = 1 [json_name = "oops]; }\n', PROTOC, /Multiline strings are not allowed\. Did you miss a "\?/),
    source('unterminated block comment', 'message A { string a = 1; }\n/* never closed\n', PROTOC, /End-of-file inside block comment/),
    source('unknown option', 'option (nope) = true;\nmessage A {}\n', PROTOC, /Option "\(nope\)" unknown/),
    source('repeated field inside a oneof', 'message A { oneof o { repeated string a = 1; } }\n', PROTOC, /Fields in oneofs must not have labels \(required \/ optional \/ repeated\)/),
    source('message field of an enum value name', 'enum E { E_ZERO = 0; }\nmessage A { E_ZERO a = 1; }\n', PROTOC, /bad\.proto:4:13: "E_ZERO" is not defined/),
    source('stray closing brace', 'message A { string a = 1; }\n}\n', PROTOC, /Expected top-level statement \(e\.g\. "message"\)/),
    {
      name: 'empty file (0 bytes): imported with a warning',
      code: 'WARNING',
      message: /bad\.proto" is empty/,
      recover: 'import',
      run: (kit) => compileFiles(kit, 'empty', { 'bad.proto': '' }),
    },
    {
      name: 'only comments and whitespace: imported with a warning',
      code: 'WARNING',
      message: /bad\.proto" (is empty|defines nothing|has no)/,
      recover: 'import',
      run: (kit) => compileFiles(kit, 'comments-only', { 'bad.proto': '// nothing here\n\n/* still nothing */\n   \n' }),
    },
    {
      name: 'binary garbage',
      code: PROTOC,
      message: /bad\.proto:\d+:\d+: (Invalid control characters encountered in text|Expected top-level statement|Interpreting non ascii codepoint)/,
      recover: 'import',
      run: (kit) => compileFiles(kit, 'garbage', { 'bad.proto': Buffer.from([0x00, 0x01, 0xff, 0x9c, 0x10, 0x7f, 0x00, 0x42, 0xde, 0xad, 0xbe, 0xef]) }),
    },
    {
      name: 'a gzip file named .proto',
      code: PROTOC,
      message: /bad\.proto:\d+:\d+/,
      recover: 'import',
      run: (kit) => compileFiles(kit, 'gzip', { 'bad.proto': Buffer.from('1f8b0800000000000003cb48cdc9c95728cf2fca49e102000d4a2e3b0c000000', 'hex') }),
    },
    pathCase('a folder passed as a file', (_kit, root) => { mkdirSync(join(root, 'dir.proto')); return join(root, 'dir.proto'); }, PROTOC, /dir\.proto" is a folder, not a file\. Check the path/),
    pathCase('a FIFO passed as a file', (_kit, root) => makeFifo(join(root, 'pipe.proto')), PROTOC, /pipe\.proto" is a named pipe \(FIFO\), not a regular file/),
    pathCase('a file that does not exist', (_kit, root) => join(root, 'missing.proto'), PROTOC, /missing\.proto" does not exist\. Check the path/),
    pathCase('a huge (65 MiB sparse) file', (_kit, root) => makeSparseFile(join(root, 'huge.proto'), 65 * 1024 * 1024), PROTOC, /huge\.proto" is 65 MiB, more than the 64 MiB limit for \.proto files/),
    pathCase('/dev/zero as a .proto file', () => '/dev/zero', PROTOC, /"\/dev\/zero" is a character device, not a regular file/),
    pathCase('a symlink loop', (_kit, root) => { symlinkSync(join(root, 'loop-b.proto'), join(root, 'loop-a.proto')); symlinkSync(join(root, 'loop-a.proto'), join(root, 'loop-b.proto')); return join(root, 'loop-a.proto'); }, PROTOC, /loop-a\.proto" cannot be read: it is a loop of symbolic links/),
    {
      name: 'an import path that does not exist: imported with a warning',
      code: 'WARNING',
      message: /no-such-root: warning: directory does not exist/,
      recover: 'import',
      run: async (kit) => {
        const file = kit.file('root-missing.proto', `${HEADER}message A {}\n`);
        return kit.resultOutcome(kit.invoke('protos:compile', { protoFiles: [file], importPaths: [join(kit.dir, 'no-such-root')] }));
      },
    },
  ],
};
