import { existsSync, readFileSync } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../workspace/atomic-file';
import { readCachedCatalog, type CachedCatalog } from './cached-catalog';
import { everyConcurrently } from './concurrent-map';
import { hashFile, sha256Hex } from './file-hash';
import { fileStampSync, stampVouchesFor, type FileStamp } from './file-stamp';

/**
 * An on-disk cache of compiled FileDescriptorSets, so re-opening a workspace does not run
 * protoc again. The key covers what is known before compiling without reading anything (the
 * input files' paths, the roots, the protoc version). Every file in the set, inputs
 * included, is listed in the entry with the disk path it was resolved to, its content hash
 * and its stamp; a lookup re-resolves each one, re-hashes it when its stamp changed, and is a
 * hit only when every one still matches (an edited input or import, or a new file shadowing
 * one in an earlier root, means a miss).
 *
 * An entry also remembers the catalog (see CachedCatalog), so a hit costs reading the entry
 * and a stat per file: the set itself is parsed only when a method is first used.
 */
export interface CacheKeyInput {
  protocVersion: string;
  /** Every -I root in order, absolute. */
  roots: string[];
  /** The input files as given to protoc, absolute. Each must be one of the entry's files (see store). */
  inputs: string[];
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

/** What a compile leaves in the cache besides the set, and a hit gives back. */
export interface CachedResult {
  /** The compile's warnings (protoc's, and notices about the inputs), so a hit reports what the compile reported. */
  warnings: string[];
  catalog: CachedCatalog;
}

/** A cache hit: the compiled set, exactly as protoc wrote it, and what the compile made of it. */
export interface CachedSet extends CachedResult {
  bytes: Uint8Array;
}

export interface DescriptorCache {
  lookup(key: CacheKeyInput): Promise<CachedSet | null>;
  store(key: CacheKeyInput, setBytes: Uint8Array, files: CachedFile[], result: CachedResult): Promise<void>;
}

interface Manifest {
  format: number;
  key: CacheKeyInput;
  setSha256: string;
  files: CachedFile[];
  warnings: string[];
  catalog: CachedCatalog;
  /** When the entry was written (ms since epoch): a stamp from within STAMP_RACE_MS of it is not trusted. */
  storedAt: number;
}

/** 2: keyed by input paths (their content is checked as one of the files), with the catalog. */
const FORMAT = 2;
/** Files re-hashed at once during a lookup (those whose stamp changed). */
const HASHES_IN_FLIGHT = 16;
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
        // Synchronous reads: the cache lives in the app's own data folder, and an async read of
        // a few MB waits a thread-pool round trip per 512 KiB chunk.
        manifest = JSON.parse(readFileSync(paths.manifest, 'utf8')) as Manifest;
      } catch {
        return null;
      }
      if (manifest.format !== FORMAT || !Array.isArray(manifest.files) || typeof manifest.storedAt !== 'number') return null;
      const catalog = readCachedCatalog(manifest.catalog);
      if (catalog === null || !Array.isArray(manifest.warnings) || !manifest.warnings.every((w) => typeof w === 'string')) return null;
      if (!(await filesUnchanged(manifest.files, key.roots, manifest.storedAt))) return null;
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(readFileSync(paths.set));
      } catch {
        return null;
      }
      if (sha256Hex(bytes) !== manifest.setSha256) return null;
      return { bytes, warnings: manifest.warnings, catalog };
    },

    async store(key, setBytes, files, result) {
      // An input the file list does not cover would go unchecked by lookups: keep no entry then.
      const listed = new Set(files.map((file) => file.path));
      if (!key.inputs.every((input) => listed.has(input))) return;
      const paths = entryPaths(key);
      const manifest: Manifest = { format: FORMAT, key, setSha256: sha256Hex(setBytes), files, warnings: result.warnings, catalog: result.catalog, storedAt: Date.now() };
      // The set first, then the manifest that vouches for it: a reader never trusts a half-written
      // pair. Not flushed to disk: an entry a power cut damages fails its checks and costs a compile.
      await writeFileAtomic(paths.set, setBytes, { durable: false });
      await writeFileAtomic(paths.manifest, JSON.stringify(manifest), { durable: false });
      await pruneOldEntries(cacheDir);
    },
  };
}

/**
 * Whether every file of the set is still the one it was: found first in the same root, with
 * the same content. An unchanged stamp vouches for the content (as git's index does); any
 * difference, or a stamp too close to when the entry was written, means hashing it again.
 */
async function filesUnchanged(files: CachedFile[], roots: string[], storedAt: number): Promise<boolean> {
  const toHash: CachedFile[] = [];
  for (const file of files) {
    if (typeof file.name !== 'string' || typeof file.path !== 'string' || !resolvesFirstTo(file.name, file.path, roots)) return false;
    if (!stampVouchesFor(file.stamp, fileStampSync(file.path), storedAt)) toHash.push(file);
  }
  return everyConcurrently(toHash, HASHES_IN_FLIGHT, async (file) => (await hashFile(file.path)) === file.sha256);
}

/**
 * resolveImport(name, roots) === path, without testing `path` itself for existence (its stamp
 * or hash does that): no earlier root may have the name, and `path` must be its candidate.
 */
function resolvesFirstTo(name: string, path: string, roots: string[]): boolean {
  for (const root of roots) {
    const candidate = join(root, ...name.split('/'));
    if (candidate === path) return true;
    if (existsSync(candidate)) return false;
  }
  return false;
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
