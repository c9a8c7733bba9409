import { create, createFileRegistry, type FileRegistry } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema, type FileDescriptorProto, type FileDescriptorSet } from '@bufbuild/protobuf/wkt';
import type { CatalogPackage, ProtoSource } from '../../../shared/catalog';
import type { ProtoSetId } from '../../../shared/ids';
import { err, ok, type Result } from '../../../shared/result';
import type { CachedCatalog } from './cached-catalog';
import { buildCatalog } from './catalog-builder';
import { knownFileProto } from './known-files';
import { protoSetIdFor } from './proto-set-id';

/** What a set of descriptors holds, wherever it came from: the registry and the catalog built from it. */
export interface ProtoSetContents {
  /** For a set from the descriptor cache, built on first read (see deferredProtoSetContents). */
  readonly registry: FileRegistry;
  packages: CatalogPackage[];
  fileCount: number;
}

/** Descriptors from one source (files, descriptor sets, reflection, the demo) and their catalog. */
export interface ProtoSet extends ProtoSetContents {
  id: ProtoSetId;
  source: ProtoSource;
}

/**
 * The one way descriptors enter the engine, whether protoc compiled them, the user imported a
 * descriptor set, or a server answered reflection (the source, and with it the id, is added by
 * protoSetFrom: a cache entry can remember contents, since they do not depend on it). Files
 * may come in any order; duplicates are dropped (first wins); well-known types and google/rpc
 * files the set imports but lacks are supplied. A missing import we cannot supply is a
 * PROTO_IMPORT error naming it.
 */
export function loadProtoSetContents(set: FileDescriptorSet): Result<ProtoSetContents> {
  const registry = loadRegistry(set);
  if (!registry.ok) return registry;
  return ok({ registry: registry.value.registry, packages: buildCatalog(registry.value.registry), fileCount: registry.value.fileCount });
}

/**
 * The contents of a set the descriptor cache had: the catalog as remembered, the registry
 * built from the set on first read. The set was loaded without error when it was cached (the
 * bytes are checked against their hash), so building it again cannot fail short of a bug;
 * if it does, reading `registry` throws.
 */
export function deferredProtoSetContents(catalog: CachedCatalog, parse: () => FileDescriptorSet): ProtoSetContents {
  // Either the registry, or what builds it: dropped once used, so the cached bytes it holds can go.
  let state: { registry: FileRegistry } | { parse: () => FileDescriptorSet } = { parse };
  return {
    packages: catalog.packages,
    fileCount: catalog.fileCount,
    get registry() {
      if ('parse' in state) {
        const loaded = loadRegistry(state.parse());
        if (!loaded.ok) throw new Error(loaded.error.message);
        state = { registry: loaded.value.registry };
      }
      return state.registry;
    },
  };
}

export function protoSetFrom(contents: ProtoSetContents, source: ProtoSource): ProtoSet {
  // A getter, not a copy: copying would build a deferred registry now.
  return {
    id: protoSetIdFor(source),
    source,
    packages: contents.packages,
    fileCount: contents.fileCount,
    get registry() {
      return contents.registry;
    },
  };
}

function loadRegistry(set: FileDescriptorSet): Result<{ registry: FileRegistry; fileCount: number }> {
  const ordered = inDependencyOrder(set.file);
  if (!ordered.ok) return ordered;
  try {
    return ok({ registry: createFileRegistry(create(FileDescriptorSetSchema, { file: ordered.value })), fileCount: ordered.value.length });
  } catch (error) {
    return err('PROTO_IMPORT', `The descriptors are not valid: ${(error as Error).message}.`);
  }
}

/** Every file after the files it imports (createFileRegistry needs that order). */
function inDependencyOrder(files: FileDescriptorProto[]): Result<FileDescriptorProto[]> {
  const byName = new Map<string, FileDescriptorProto>();
  for (const file of files) if (!byName.has(file.name)) byName.set(file.name, file);

  const ordered: FileDescriptorProto[] = [];
  const done = new Set<string>();
  const visiting = new Set<string>();
  const missing: string[] = [];

  // Iterative depth-first walk: deep import chains must not overflow the stack.
  for (const root of byName.keys()) {
    const stack: { name: string; importedBy: string | null; expanded: boolean }[] = [{ name: root, importedBy: null, expanded: false }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as (typeof stack)[number];
      if (done.has(top.name)) {
        stack.pop();
        continue;
      }
      let file = byName.get(top.name);
      if (!file) {
        file = knownFileProto(top.name);
        if (!file) {
          missing.push(`${top.name} (imported by ${top.importedBy ?? '?'})`);
          done.add(top.name);
          stack.pop();
          continue;
        }
        byName.set(top.name, file);
      }
      if (top.expanded) {
        visiting.delete(top.name);
        done.add(top.name);
        ordered.push(file);
        stack.pop();
        continue;
      }
      top.expanded = true;
      visiting.add(top.name);
      for (const dependency of file.dependency) {
        if (visiting.has(dependency)) return err('PROTO_IMPORT', `Import cycle: ${top.name} and ${dependency} import each other.`);
        if (!done.has(dependency)) stack.push({ name: dependency, importedBy: top.name, expanded: false });
      }
    }
  }
  if (missing.length > 0) {
    return err(
      'PROTO_IMPORT',
      `The descriptors are incomplete: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing. ` +
        'Build the descriptor set with its imports (`protoc --include_imports -o ...`, or `buf build -o ...`).',
      { missingFiles: missing },
    );
  }
  return ok(ordered);
}
