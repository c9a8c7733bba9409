import { resolve } from 'node:path';
import { create, fromBinary } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema, type FileDescriptorSet } from '@bufbuild/protobuf/wkt';
import { err, ok, type Result } from '../../../shared/result';
import { readUserFile, USER_FILE_LIMITS } from '../files/read-user-file';
import { mergeSetFiles, type SetFile } from './descriptor-set-conflicts';

/**
 * How deeply messages may nest in a descriptor set: protoc's own. protobuf C++ (protoc
 * --descriptor_set_in) allows 100 levels below the top-level message; protobuf-es counts the
 * top-level FileDescriptorSet as a level too, so the same limit is 101 here. (Its default, 100,
 * refused sets protoc reads.) The FileDescriptorSet, its file and each message declaration are
 * one level each; a field or option adds one or two more.
 */
export const DESCRIPTOR_SET_RECURSION_LIMIT = 101;
const PROTOC_NESTING_LIMIT = DESCRIPTOR_SET_RECURSION_LIMIT - 1;

/**
 * Reads FileDescriptorSet files (`protoc -o`, `buf build -o`; .protoset/.binpb/.pb) and merges
 * them into one set. A file present in several sets (e.g. google/protobuf/any.proto) is kept
 * once; when the copies differ, descriptor-set-conflicts.ts decides (refused, or the first set
 * listed wins with a warning).
 */
export async function readDescriptorSetFiles(paths: string[]): Promise<Result<{ set: FileDescriptorSet; warnings: string[] }>> {
  if (paths.length === 0) return err('INVALID_REQUEST', 'Choose at least one descriptor set file to import.');
  const files: SetFile[] = [];
  for (const given of paths) {
    const path = resolve(given);
    const read = await readUserFile(path, { maxBytes: USER_FILE_LIMITS.descriptorSet, kind: 'descriptor sets' });
    if (!read.ok) return err('PROTO_IMPORT', `The descriptor set ${read.problem.message}`, { file: path, reason: read.problem.kind });
    const set = decodeDescriptorSet(read.bytes);
    if (set === 'too_deep') {
      return err(
        'PROTO_IMPORT',
        `The descriptor set "${path}" nests messages deeper than ${PROTOC_NESTING_LIMIT} levels; protoc and protobuf read at most ${PROTOC_NESTING_LIMIT} levels of nesting, so it cannot be imported.`,
        { file: path, reason: 'too_deep' },
      );
    }
    if (!set) {
      return err(
        'PROTO_IMPORT',
        `${path} is not a FileDescriptorSet. Create one with \`protoc --include_imports -o out.binpb ...\` or \`buf build -o out.binpb\`; to import .proto files, use "Import .proto files" instead.`,
        { file: path },
      );
    }
    for (const file of set.file) files.push({ file, setPath: path });
  }
  const merged = mergeSetFiles(files);
  if (!merged.ok) return err('PROTO_IMPORT', merged.message, merged.details);
  return ok({ set: create(FileDescriptorSetSchema, { file: merged.files }), warnings: merged.warnings });
}

/**
 * Binary protobuf is forgiving: text often decodes to a message of unknown fields. A real set
 * has at least one file, every file has a name, and nothing unknown at the top level.
 */
function decodeDescriptorSet(bytes: Uint8Array): FileDescriptorSet | null | 'too_deep' {
  try {
    const set = fromBinary(FileDescriptorSetSchema, bytes, { readUnknownFields: true, recursionLimit: DESCRIPTOR_SET_RECURSION_LIMIT });
    const plausible =
      set.file.length > 0 &&
      (set.$unknown?.length ?? 0) === 0 &&
      set.file.every((f) => f.name.length > 0 && (f.$unknown?.length ?? 0) === 0);
    return plausible ? set : null;
  } catch (error) {
    // Messages nested past the limit ("cannot decode <type> from binary: maximum recursion depth
    // of N reached") make a well-formed set too deep to read, not "not a descriptor set". Text
    // and garbage do not decode as 100 nested known message fields.
    if (error instanceof Error && /^cannot decode .* maximum recursion depth of \d+ reached$/.test(error.message)) return 'too_deep';
    return null;
  }
}
