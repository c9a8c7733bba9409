import { create, isFieldSet } from '@bufbuild/protobuf';
import { protoCamelCase } from '@bufbuild/protobuf/reflect';
import {
  FieldDescriptorProtoSchema,
  FieldDescriptorProto_Type,
  FileDescriptorSetSchema,
  type DescriptorProto,
  type FieldDescriptorProto,
  type FileDescriptorProto,
  type FileDescriptorSet,
} from '@bufbuild/protobuf/wkt';

/**
 * Turns the files a server sent over reflection into a FileDescriptorSet that
 * createFileRegistry accepts: dependencies before dependents.
 *
 * It also repairs what some servers omit. @grpc/reflection (every grpc-js server with
 * reflection) serves descriptors re-exported by protobufjs: type names relative to their
 * scope ("Nested", "google.protobuf.Timestamp") and no `dependency` entries
 * (grpc/grpc-node#2595). We qualify such names by protobuf's scoping rules and declare the
 * dependency they imply. Fields without json_name get protoc's default (protobuf-es takes
 * json_name as given, so a missing one would become an empty JSON key); generated code and
 * some servers strip it. Descriptors straight from protoc pass through unchanged.
 */
export function assembleFileDescriptorSet(files: Iterable<FileDescriptorProto>): FileDescriptorSet {
  const byName = new Map<string, FileDescriptorProto>();
  for (const file of files) if (!byName.has(file.name)) byName.set(file.name, file);
  const symbols = indexSymbols(byName.values());
  for (const file of byName.values()) qualifyReferences(file, symbols, byName);
  return create(FileDescriptorSetSchema, { file: dependenciesFirst(byName) });
}

type SymbolKind = 'message' | 'enum' | 'other';

interface SymbolEntry {
  file: string;
  kind: SymbolKind;
}

function indexSymbols(files: Iterable<FileDescriptorProto>): Map<string, SymbolEntry> {
  const symbols = new Map<string, SymbolEntry>();
  const add = (name: string, file: string, kind: SymbolKind): void => {
    if (!symbols.has(name)) symbols.set(name, { file, kind });
  };
  const addMessage = (message: DescriptorProto, prefix: string, file: string): void => {
    const name = join(prefix, message.name);
    add(name, file, 'message');
    for (const nested of message.nestedType) addMessage(nested, name, file);
    for (const nestedEnum of message.enumType) add(join(name, nestedEnum.name), file, 'enum');
  };
  for (const file of files) {
    for (const message of file.messageType) addMessage(message, file.package, file.name);
    for (const topEnum of file.enumType) add(join(file.package, topEnum.name), file.name, 'enum');
    for (const service of file.service) add(join(file.package, service.name), file.name, 'other');
  }
  return symbols;
}

function qualifyReferences(file: FileDescriptorProto, symbols: Map<string, SymbolEntry>, byName: Map<string, FileDescriptorProto>): void {
  const reachable = declaredClosure(file, byName);
  const resolveIn = (scope: string, reference: string): SymbolEntry & { name: string } | null => {
    const name = resolveName(reference, scope, symbols);
    const entry = name === null ? undefined : symbols.get(name);
    if (name === null || !entry) return null;
    // A type from a file the declared imports do not reach: declare the import.
    if (entry.file !== file.name && !reachable.has(entry.file)) {
      file.dependency.push(entry.file);
      for (const added of declaredClosure(byName.get(entry.file), byName)) reachable.add(added);
      reachable.add(entry.file);
    }
    return { ...entry, name };
  };
  const fixField = (field: FieldDescriptorProto, scope: string): void => {
    if (field.typeName) {
      const target = resolveIn(scope, field.typeName);
      if (target) {
        field.typeName = `.${target.name}`;
        if (!field.type) field.type = target.kind === 'enum' ? FieldDescriptorProto_Type.ENUM : FieldDescriptorProto_Type.MESSAGE;
      }
    }
    if (field.extendee) {
      const target = resolveIn(scope, field.extendee);
      if (target) field.extendee = `.${target.name}`;
    }
  };
  const fixMessage = (message: DescriptorProto, prefix: string): void => {
    const name = join(prefix, message.name);
    for (const field of message.field) {
      fixField(field, name);
      if (!isFieldSet(field, FieldDescriptorProtoSchema.field.jsonName)) field.jsonName = protoCamelCase(field.name);
    }
    for (const extension of message.extension) fixField(extension, name);
    for (const nested of message.nestedType) fixMessage(nested, name);
  };
  for (const message of file.messageType) fixMessage(message, file.package);
  for (const extension of file.extension) fixField(extension, file.package);
  for (const service of file.service) {
    for (const method of service.method) {
      const input = resolveIn(file.package, method.inputType);
      if (input) method.inputType = `.${input.name}`;
      const output = resolveIn(file.package, method.outputType);
      if (output) method.outputType = `.${output.name}`;
    }
  }
}

/**
 * Protobuf name resolution, simplified: ".a.b" is absolute; "b" is looked up in the
 * innermost scope first, then each enclosing one, then the root.
 */
function resolveName(reference: string, scope: string, symbols: Map<string, SymbolEntry>): string | null {
  if (reference.startsWith('.')) return symbols.has(reference.slice(1)) ? reference.slice(1) : null;
  const parts = scope ? scope.split('.') : [];
  for (let depth = parts.length; depth >= 0; depth--) {
    const candidate = join(parts.slice(0, depth).join('.'), reference);
    if (symbols.has(candidate)) return candidate;
  }
  return null;
}

/** Every file the given file's declared imports reach, transitively. */
function declaredClosure(file: FileDescriptorProto | undefined, byName: Map<string, FileDescriptorProto>): Set<string> {
  const seen = new Set<string>();
  const pending = [...(file?.dependency ?? [])];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (seen.has(name)) continue;
    seen.add(name);
    pending.push(...(byName.get(name)?.dependency ?? []));
  }
  return seen;
}

/** Depth-first: each file after its dependencies; a cycle (invalid anyway) cannot loop. */
function dependenciesFirst(byName: Map<string, FileDescriptorProto>): FileDescriptorProto[] {
  const ordered: FileDescriptorProto[] = [];
  const visited = new Set<string>();
  const visit = (file: FileDescriptorProto): void => {
    if (visited.has(file.name)) return;
    visited.add(file.name);
    for (const dependency of file.dependency) {
      const found = byName.get(dependency);
      if (found) visit(found);
    }
    ordered.push(file);
  };
  for (const file of byName.values()) visit(file);
  return ordered;
}

function join(prefix: string, name: string): string {
  return prefix ? `${prefix}.${name}` : name;
}
