import type { CatalogMethod, CatalogPackage, CatalogService, MethodKind } from '../../../shared/catalog';
import type { HttpRule } from '../../../shared/http-rule';

/**
 * What a descriptor cache entry remembers about its set besides the bytes: what the app shows
 * before anyone opens a method (the catalog, the file count). A cache hit answers with it, so
 * the set is parsed and its registry built only when a method is first described or called.
 */
export interface CachedCatalog {
  packages: CatalogPackage[];
  fileCount: number;
}

const METHOD_KINDS: readonly MethodKind[] = ['unary', 'server_streaming', 'client_streaming', 'bidi_streaming'];

/**
 * The catalog read back from a cache entry, or null unless it has exactly the shape the
 * engine writes: a damaged or foreign entry then costs a compile, never a wrong catalog.
 */
export function readCachedCatalog(value: unknown): CachedCatalog | null {
  if (!isRecord(value) || !isCount(value.fileCount) || !Array.isArray(value.packages)) return null;
  if (!value.packages.every(isPackage)) return null;
  return { packages: value.packages, fileCount: value.fileCount };
}

function isPackage(value: unknown): value is CatalogPackage {
  return isRecord(value) && typeof value.name === 'string' && Array.isArray(value.services) && value.services.every(isService);
}

function isService(value: unknown): value is CatalogService {
  return (
    isRecord(value) &&
    typeof value.name === 'string' &&
    typeof value.fullName === 'string' &&
    typeof value.comment === 'string' &&
    typeof value.deprecated === 'boolean' &&
    Array.isArray(value.methods) &&
    value.methods.every(isMethod)
  );
}

function isMethod(value: unknown): value is CatalogMethod {
  return (
    isRecord(value) &&
    typeof value.name === 'string' &&
    typeof value.fullName === 'string' &&
    typeof value.path === 'string' &&
    METHOD_KINDS.includes(value.kind as MethodKind) &&
    typeof value.inputType === 'string' &&
    typeof value.outputType === 'string' &&
    typeof value.comment === 'string' &&
    typeof value.deprecated === 'boolean' &&
    (value.httpRules === undefined || (Array.isArray(value.httpRules) && value.httpRules.length > 0 && value.httpRules.every(isHttpRule)))
  );
}

function isHttpRule(value: unknown): value is HttpRule {
  return (
    isRecord(value) &&
    typeof value.verb === 'string' &&
    typeof value.path === 'string' &&
    typeof value.body === 'string' &&
    typeof value.responseBody === 'string' &&
    isRecord(value.jsonNames) &&
    Object.values(value.jsonNames).every((names) => Array.isArray(names) && names.every((n) => typeof n === 'string'))
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
