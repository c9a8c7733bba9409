import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/**
 * The -I roots handed to protoc, in protoc's order of precedence: the first root that has a
 * file wins. The user's own roots come first, so their copy of a well-known type or of
 * google/api always beats ours; the bundled Google API protos and protoc's well-known types
 * come last.
 */
export interface IncludeRoots {
  /** The user's import paths, made absolute, duplicates removed. */
  user: string[];
  /** Directories of input files that lie under none of the user's roots (protoc needs every input inside a root). */
  added: string[];
  /** google/api, google/rpc, google/type, google/longrunning as the app ships them. */
  bundled: string;
  /** google/protobuf/*.proto as protoc ships them. */
  wellKnown: string;
}

export function orderedRoots(roots: IncludeRoots): string[] {
  return [...roots.user, ...roots.added, roots.bundled, roots.wellKnown];
}

export function computeIncludeRoots(protoFiles: string[], importPaths: string[], bundled: string, wellKnown: string): IncludeRoots {
  const user = unique(importPaths.filter((p) => p.trim() !== '').map((p) => resolve(p)));
  const shipped = [resolve(bundled), resolve(wellKnown)];
  const added: string[] = [];
  for (const file of protoFiles) {
    const absolute = resolve(file);
    if ([...user, ...added, ...shipped].some((root) => isInside(absolute, root))) continue;
    added.push(dirname(absolute));
  }
  return { user, added, bundled: shipped[0] as string, wellKnown: shipped[1] as string };
}

/** True when `file` lies under `root` (so protoc can name it relative to that root). */
export function isInside(file: string, root: string): boolean {
  const rel = relative(root, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** Finds an import name ("google/api/http.proto") the way protoc does: the first root that has it. */
export function resolveImport(name: string, roots: string[]): string | null {
  for (const root of roots) {
    const candidate = join(root, ...name.split('/'));
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

function unique(paths: string[]): string[] {
  const seen = new Set<string>();
  return paths.filter((p) => {
    const key = p.endsWith(sep) ? p.slice(0, -1) : p;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
