import type { MethodKind, ProtoSetSummary } from '../../../shared/catalog';
import type { CollectionIndex } from '../../../shared/collection';
import type { MethodRef } from '../../../shared/contract';
import type { MethodName } from '../../../shared/request-document';
import { methodFullName } from '../../../shared/request-document';
import { useAppStore } from '../store/app-store';
import { importByReflection, importProtos } from './catalog-actions';

export interface ResolvedMethod {
  ref: MethodRef;
  kind: MethodKind;
}

/** Finds a method by its full name in whatever proto sets are loaded (the newest set wins). */
export function findMethod(protoSets: readonly ProtoSetSummary[], name: MethodName): ResolvedMethod | null {
  for (let i = protoSets.length - 1; i >= 0; i -= 1) {
    const set = protoSets[i] as ProtoSetSummary;
    for (const pkg of set.packages) {
      for (const service of pkg.services) {
        if (service.fullName !== name.service) continue;
        const method = service.methods.find((m) => m.name === name.method);
        if (method) return { ref: { protoSetId: set.id, service: name.service, method: name.method }, kind: method.kind };
      }
    }
  }
  return null;
}

/** Joins a collection-relative path to its folder (absolute paths stay as they are). */
export function inCollection(folder: string, path: string): string {
  if (path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path)) return path;
  const separator = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
  return `${folder.replace(/[\\/]+$/, '')}${separator}${path}`;
}

/**
 * Finds the method, loading the collection's schema sources when no loaded proto set has it:
 * its proto files and descriptor sets first, then reflection against `target` when the
 * collection says so. Returns why it could not be found otherwise.
 */
export async function resolveMethodForCollection(
  name: MethodName,
  collection: CollectionIndex | null,
  target: string,
): Promise<{ ok: true; method: ResolvedMethod } | { ok: false; message: string }> {
  const found = findMethod(useAppStore.getState().protoSets, name);
  if (found) return { ok: true, method: found };
  const problems: string[] = [];
  if (collection) {
    const { schema, folder } = collection;
    if (schema.protoFiles.length > 0 || schema.descriptorSets.length > 0) {
      const result = await importProtos({
        protoFiles: schema.protoFiles.map((p) => inCollection(folder, p)),
        importPaths: schema.importPaths.map((p) => inCollection(folder, p)),
        descriptorSets: schema.descriptorSets.map((p) => inCollection(folder, p)),
      });
      problems.push(...result.map((p) => `${p.title}: ${p.message}`));
      const afterFiles = findMethod(useAppStore.getState().protoSets, name);
      if (afterFiles) return { ok: true, method: afterFiles };
    }
    if (schema.reflection && target.trim() !== '' && !target.includes('{{')) {
      const result = await importByReflection();
      problems.push(...result.map((p) => `${p.title}: ${p.message}`));
      const afterReflection = findMethod(useAppStore.getState().protoSets, name);
      if (afterReflection) return { ok: true, method: afterReflection };
    }
  }
  const where = collection ? `neither in the loaded protos nor in the schema of collection "${collection.name}"` : 'in the loaded protos';
  const why = problems.length > 0 ? ` ${problems.join(' ')}` : ' Import the .proto files that define it (Import protos), or use server reflection.';
  return { ok: false, message: `Method ${methodFullName(name)} was found ${where}.${why}` };
}
