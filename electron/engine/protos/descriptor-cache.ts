import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../workspace/atomic-file';
import { hashFile, sha256Hex } from './file-hash';
import { fileStamp, stampVouchesFor, type FileStamp } from './file-stamp';
import { resolveImport } from './include-roots';

/**
 * An on-disk cache of compiled FileDescriptorSets, so re-opening a workspace does not run
 * protoc again. The key covers what is known before compiling (the input files' paths and
 * content, the roots, the protoc version). What each input imports is only known after
 * compiling, so an entry also lists every file in the set with the disk path it was
 * resolved to and its content hash; a lookup re-resolves and re-hashes them, and is a hit
 * only when every one still matches (an edited import, or a new file shadowing it in an
 * earlier root, means a miss).
 */
export interface CacheKeyInput {
  protocVersion: string;
  /** Every -I root in order, absolute. */
  roots: string[];
  /** The input files as given to protoc (absolute) with the sha256 of their content. */
  inputs: { path: string; sha256: string }[];
}

export interface CachedFile {
  /** The import name protoc used, e.g. "google/api/http.proto". */
  name: string;
  /** The disk path the name resolved to through the roots. */
  path: string;
  sha256: string;
  /** Size, mtime, ctime and inode when it was hashed: a lookup re-hashes only files whose stamp differs. Absent in older entries. */
  stamp?: FileStamp;
}

/** A cache hit: the compiled set and the warnings protoc printed when it compiled it. */
export interface CachedSet {
  bytes: Uint8Array;
  warnings: string[];
}

export interface DescriptorCache {
  lookup(key: CacheKeyInput): Promise<CachedSet | null>;
  store(key: CacheKeyInput, setBytes: Uint8Array, files: CachedFile[], warnings?: string[]): Promise<void>;
}

interface Manifest {
  format: number;
  key: CacheKeyInput;
  setSha256: string;
  files: CachedFile[];
  /** protoc's warnings, so a cache hit reports what the compile reported. Absent in older entries. */
  warnings?: string[];
  /** When the entry was written (ms since epoch): a stamp from within STAMP_RACE_MS of it is not trusted. */
  storedAt?: number;
}

const FORMAT = 1;
/** Entries beyond this many are removed, oldest first, so the cache cannot grow without bound. */
const MAX_ENTRIES = 200;

export function createDescriptorCache(cacheDir: string): DescriptorCache {
  const entryPaths = (key: CacheKeyInput) => {
    const id = sha256Hex(JSON.stringify({ format: FORMAT, ...key }));
    return { manifest: join(cacheDir, `${id}.json`), set: join(cacheDir, `${id}.binpb`) };
  };

  return {
    async lookup(key) {
      const paths = entryPaths(key);
      let manifest: Manifest;
      try {
        manifest = JSON.parse(await readFile(paths.manifest, 'utf8')) as Manifest;
      } catch {
        return null;
      }
      if (manifest.format !== FORMAT || !Array.isArray(manifest.files)) return null;
      for (const file of manifest.files) {
        if (resolveImport(file.name, key.roots) !== file.path) return null;
        // An unchanged stamp vouches for the content (as git's index does); any difference, or a
        // stamp too close to when the entry was written, means hashing the file again.
        if (stampVouchesFor(file.stamp, await fileStamp(file.path), manifest.storedAt)) continue;
        if ((await hashFile(file.path)) !== file.sha256) return null;
      }
      try {
        const bytes = new Uint8Array(await readFile(paths.set));
        if (sha256Hex(bytes) !== manifest.setSha256) return null;
        const warnings = Array.isArray(manifest.warnings) ? manifest.warnings.filter((w): w is string => typeof w === 'string') : [];
        return { bytes, warnings };
      } catch {
        return null;
      }
    },

    async store(key, setBytes, files, warnings = []) {
      const paths = entryPaths(key);
      const manifest: Manifest = { format: FORMAT, key, setSha256: sha256Hex(setBytes), files, warnings, storedAt: Date.now() };
      // The set first, then the manifest that vouches for it: a reader never trusts a half-written pair.
      await writeFileAtomic(paths.set, setBytes);
      await writeFileAtomic(paths.manifest, JSON.stringify(manifest));
      await pruneOldEntries(cacheDir);
    },
  };
}

async function pruneOldEntries(cacheDir: string): Promise<void> {
  const manifests = (await readdir(cacheDir)).filter((name) => name.endsWith('.json'));
  if (manifests.length <= MAX_ENTRIES) return;
  const dated = await Promise.all(
    manifests.map(async (name) => ({ name, mtime: (await stat(join(cacheDir, name)).catch(() => null))?.mtimeMs ?? 0 })),
  );
  dated.sort((a, b) => a.mtime - b.mtime);
  for (const { name } of dated.slice(0, dated.length - MAX_ENTRIES)) {
    const base = name.slice(0, -'.json'.length);
    await rm(join(cacheDir, name), { force: true });
    await rm(join(cacheDir, `${base}.binpb`), { force: true });
  }
}
