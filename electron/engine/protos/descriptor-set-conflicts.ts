import { create, equals } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema, type DescriptorProto, type EnumDescriptorProto, type FileDescriptorProto } from '@bufbuild/protobuf/wkt';

/**
 * What to do when imported descriptor sets disagree with themselves or each other. protobuf-es's
 * registry, like the merge before it, keeps one definition per file name and per type name
 * without a word, so a call could be encoded with a message shape the server does not use.
 * The rules follow what protoc and the gRPC runtimes do:
 * - one set holding the same file name twice with different content: refused. protoc and buf
 *   write each file once, so such a set was put together by hand or by concatenating sets, and
 *   which of the two its other files were compiled against cannot be known.
 * - two files defining the same type (message, enum, service): refused, as protoc refuses it
 *   ('"p.Same" is already defined in file "a.proto"') and every runtime's descriptor pool
 *   rejects it; a method call's messages would resolve to either of them.
 * - two sets holding the same file name with different content: accepted with a warning naming
 *   the file and which definition is used (the first set listed). Each set is consistent on its
 *   own, and sets built at different times from a shared dependency (a common.proto, another
 *   protoc's well-known types) are usual; the user chose the order.
 * Differences only in source info (comments, positions: `--include_source_info`) are no
 * difference: they do not change a message on the wire.
 */

/** One file as read from one set. */
export interface SetFile {
  file: FileDescriptorProto;
  /** The descriptor set file it came from. */
  setPath: string;
}

export type MergeOutcome = { ok: true; files: FileDescriptorProto[]; warnings: string[] } | { ok: false; message: string; details: Record<string, string> };

const REBUILD = 'Rebuild it with `protoc --include_imports -o out.binpb ...` or `buf build -o out.binpb`';

export function mergeSetFiles(inputs: SetFile[]): MergeOutcome {
  const kept = new Map<string, SetFile>();
  const warned = new Set<string>();
  const warnings: string[] = [];
  for (const input of inputs) {
    const name = input.file.name;
    const first = kept.get(name);
    if (first === undefined) {
      kept.set(name, input);
      continue;
    }
    if (sameDefinition(first.file, input.file)) continue;
    if (first.setPath === input.setPath) {
      return {
        ok: false,
        message: `The descriptor set ${input.setPath} holds ${name} twice, with different content. A set protoc or buf builds holds each file once, so which one its other files were compiled against cannot be known. ${REBUILD}; if it was made by joining several sets, import those sets instead.`,
        details: { file: input.setPath, protoFile: name, reason: 'duplicate_file' },
      };
    }
    if (warned.has(name)) continue;
    warned.add(name);
    warnings.push(`${name} is defined differently in ${first.setPath} and ${input.setPath}; the definition from ${first.setPath} (listed first) is used. Calls whose messages come from ${name} follow that version.`);
  }
  const files = [...kept.values()];
  const clash = firstDuplicateType(files);
  if (clash !== null) {
    const where = clash.first.setPath === clash.second.setPath ? `the descriptor set ${clash.first.setPath}` : `the descriptor sets ${clash.first.setPath} and ${clash.second.setPath}`;
    return {
      ok: false,
      message: `"${clash.type}" is defined twice, in ${clash.first.file.name} and in ${clash.second.file.name} (in ${where}). protoc refuses this too ("${clash.type}" is already defined): a call could use either definition. Keep one of the two files, or give one of the types another package or name, and rebuild the set.`,
      details: { type: clash.type, firstFile: clash.first.file.name, secondFile: clash.second.file.name, reason: 'duplicate_type' },
    };
  }
  return { ok: true, files: files.map((f) => f.file), warnings };
}

function sameDefinition(a: FileDescriptorProto, b: FileDescriptorProto): boolean {
  return equals(FileDescriptorProtoSchema, withoutSourceInfo(a), withoutSourceInfo(b));
}

function withoutSourceInfo(file: FileDescriptorProto): FileDescriptorProto {
  return create(FileDescriptorProtoSchema, { ...file, sourceCodeInfo: undefined });
}

function firstDuplicateType(files: SetFile[]): { type: string; first: SetFile; second: SetFile } | null {
  const owners = new Map<string, SetFile>();
  for (const input of files) {
    for (const type of typeNames(input.file)) {
      const owner = owners.get(type);
      if (owner !== undefined && owner !== input) return { type, first: owner, second: input };
      owners.set(type, input);
    }
  }
  return null;
}

/** Full names of the messages (nested too), enums and services a file defines. */
function typeNames(file: FileDescriptorProto): string[] {
  const prefix = file.package === '' ? '' : `${file.package}.`;
  const names: string[] = [];
  const addEnums = (scope: string, enums: EnumDescriptorProto[]) => {
    for (const e of enums) names.push(`${scope}${e.name}`);
  };
  const addMessages = (scope: string, messages: DescriptorProto[]) => {
    for (const m of messages) {
      const full = `${scope}${m.name}`;
      names.push(full);
      addMessages(`${full}.`, m.nestedType);
      addEnums(`${full}.`, m.enumType);
    }
  };
  addMessages(prefix, file.messageType);
  addEnums(prefix, file.enumType);
  for (const s of file.service) names.push(`${prefix}${s.name}`);
  return names;
}
