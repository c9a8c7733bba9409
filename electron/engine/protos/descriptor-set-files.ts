import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { create, fromBinary } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema, type FileDescriptorProto, type FileDescriptorSet } from '@bufbuild/protobuf/wkt';
import { err, ok, type Result } from '../../../shared/result';

/**
 * Reads FileDescriptorSet files (`protoc -o`, `buf build -o`; .protoset/.binpb/.pb) and merges
 * them into one set. A file present in several sets (e.g. google/protobuf/any.proto) is kept
 * once, the first occurrence winning.
 */
export async function readDescriptorSetFiles(paths: string[]): Promise<Result<FileDescriptorSet>> {
  if (paths.length === 0) return err('INVALID_REQUEST', 'Choose at least one descriptor set file to import.');
  const files: FileDescriptorProto[] = [];
  const seen = new Set<string>();
  for (const given of paths) {
    const path = resolve(given);
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(path));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const what = code === 'ENOENT' ? 'was not found' : code === 'EISDIR' ? 'is a folder, not a file' : `could not be read (${code ?? 'unknown error'})`;
      return err('PROTO_IMPORT', `The descriptor set ${path} ${what}.`, { file: path });
    }
    const set = decodeDescriptorSet(bytes);
    if (!set) {
      return err(
        'PROTO_IMPORT',
        `${path} is not a FileDescriptorSet. Create one with \`protoc --include_imports -o out.binpb ...\` or \`buf build -o out.binpb\`; to import .proto files, use "Import .proto files" instead.`,
        { file: path },
      );
    }
    for (const file of set.file) {
      if (seen.has(file.name)) continue;
      seen.add(file.name);
      files.push(file);
    }
  }
  return ok(create(FileDescriptorSetSchema, { file: files }));
}

/**
 * Binary protobuf is forgiving: text often decodes to a message of unknown fields. A real set
 * has at least one file, every file has a name, and nothing unknown at the top level.
 */
function decodeDescriptorSet(bytes: Uint8Array): FileDescriptorSet | null {
  try {
    const set = fromBinary(FileDescriptorSetSchema, bytes, { readUnknownFields: true });
    const plausible =
      set.file.length > 0 &&
      (set.$unknown?.length ?? 0) === 0 &&
      set.file.every((f) => f.name.length > 0 && (f.$unknown?.length ?? 0) === 0);
    return plausible ? set : null;
  } catch {
    return null;
  }
}
