import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FileDescriptorSet } from '@bufbuild/protobuf/wkt';
import type { ProtoDiagnostic } from '../../../shared/catalog';
import { hostPathProblem } from '../../../shared/host-path';
import type { CompileRequest } from '../../../shared/contract';
import { err, ok, type Result } from '../../../shared/result';
import type { CachedFile, CacheKeyInput, DescriptorCache } from './descriptor-cache';
import { readUserFile, USER_FILE_LIMITS } from '../files/read-user-file';
import { mapConcurrently } from './concurrent-map';
import { parseDescriptorSetBytes } from './descriptor-set-parser';
import { hashFileSync } from './file-hash';
import { fileStampSync } from './file-stamp';
import { computeIncludeRoots, orderedRoots, resolveImport } from './include-roots';
import { deferredProtoSetContents, loadProtoSetContents, type ProtoSetContents } from './proto-set';
import { explainMissingImports, formatDiagnostic, parseProtocStderr, summarizeDiagnostics } from './protoc-diagnostics';
import type { ProtocRunner } from './protoc-runner';

/** Files read (checked, hashed) at once. */
const HASHES_IN_FLIGHT = 16;

export interface CompilerDeps {
  runProtoc: ProtocRunner;
  /** null disables caching. */
  cache: DescriptorCache | null;
  protocVersion: string;
  /** The bundled Google API protos root. */
  bundledIncludeDir: string;
  /** protoc's well-known types root. */
  wellKnownIncludeDir: string;
}

export interface CompileOutput {
  /** The registry and catalog; from the cache, the registry is built on first use. */
  contents: ProtoSetContents;
  fromCache: boolean;
  /** The -I roots in protoc's order, as used. */
  roots: string[];
  /**
   * What the user should know although the compile succeeded: every line protoc printed (its
   * warnings, e.g. an unused import; kept with cached sets too) and input files that declare
   * nothing.
   */
  warnings: string[];
}

/**
 * .proto files -> FileDescriptorSet through the real protoc, with protoc's -I semantics:
 * the user's roots in order, then the bundled Google API protos, then the well-known types.
 * Errors come back as PROTO_COMPILE with every line protoc printed as a diagnostic.
 */
export async function compileProtoFiles(req: CompileRequest, deps: CompilerDeps): Promise<Result<CompileOutput>> {
  if (req.protoFiles.length === 0) return err('INVALID_REQUEST', 'Choose at least one .proto file to import.');
  // Checked here as well as in validation: the engine is also driven without a shell (tests,
  // the runner), and a path must never be able to become a protoc flag.
  for (const path of [...req.protoFiles, ...req.importPaths]) {
    const problem = hostPathProblem(path);
    if (problem !== null) return err('INVALID_REQUEST', `${problem} Path: ${JSON.stringify(path)}`);
  }
  const files = req.protoFiles.map((f) => resolve(f));
  const includeRoots = computeIncludeRoots(files, req.importPaths, deps.bundledIncludeDir, deps.wellKnownIncludeDir);
  const roots = orderedRoots(includeRoots);

  const key: CacheKeyInput = { protocVersion: deps.protocVersion, roots, inputs: files };
  const cached = deps.cache ? await deps.cache.lookup(key).catch(() => null) : null;
  if (cached) {
    // The bytes matched their hash, so they parse as they did when cached; should they not,
    // reading the registry throws (see deferredProtoSetContents).
    const contents = deferredProtoSetContents(cached.catalog, () => parseDescriptorSetBytes(cached.bytes));
    return ok({ contents, fromCache: true, roots, warnings: cached.warnings });
  }

  // The same checks as every user file: a folder, FIFO or device is refused before protoc
  // (which would wait on a FIFO for ever) sees it.
  const reads = await mapConcurrently(files, HASHES_IN_FLIGHT, (path) => readUserFile(path, { maxBytes: USER_FILE_LIMITS.protoSource, kind: '.proto files' }));
  const unreadable: ProtoDiagnostic[] = [];
  reads.forEach((read, index) => {
    if (!read.ok) unreadable.push({ file: files[index] as string, line: 0, column: 0, message: read.problem.message });
  });
  if (unreadable.length > 0) {
    return err('PROTO_COMPILE', `${unreadable.map((d) => d.message).join(' ')} Check the path.`, {
      diagnostics: unreadable,
      searchedRoots: roots,
    });
  }

  const compiled = await runProtoc(files, roots, deps.runProtoc);
  if (!compiled.ok) return compiled;
  const set = parseDescriptorSet(compiled.value.bytes);
  if (!set) return err('INTERNAL', 'protoc wrote a descriptor set that could not be read. Try again; if it persists, report a bug.');
  const contents = loadProtoSetContents(set);
  if (!contents.ok) return contents;
  const warnings = [...compiled.value.warnings, ...emptyFileNotices(set, files, roots)];

  if (deps.cache) {
    const manifest = describeResolvedFiles(set, roots);
    const catalog = { packages: contents.value.packages, fileCount: contents.value.fileCount };
    // A cache that cannot be written costs speed, not correctness.
    if (manifest) await deps.cache.store(key, compiled.value.bytes, manifest, { warnings, catalog }).catch(() => undefined);
  }
  return ok({ contents: contents.value, fromCache: false, roots, warnings });
}

/**
 * protoc accepts an empty .proto (or one with only syntax, package and options) without a
 * word; say so, since importing it adds nothing. A file that only imports others (an index
 * file) is not empty: its imports are compiled in.
 */
function emptyFileNotices(set: FileDescriptorSet, inputs: string[], roots: string[]): string[] {
  const notices: string[] = [];
  for (const file of set.file) {
    const declaresNothing =
      file.messageType.length === 0 && file.enumType.length === 0 && file.service.length === 0 && file.extension.length === 0 && file.dependency.length === 0;
    if (!declaresNothing) continue;
    const path = resolveImport(file.name, roots);
    if (path === null || !inputs.includes(path)) continue;
    notices.push(`"${path}" is empty: it defines no services, messages, enums or extensions, so importing it adds nothing to call.`);
  }
  return notices;
}

/** protoc's stderr of a successful run (warnings), one line each as protoc printed it. */
function warningLines(stderr: string): string[] {
  return parseProtocStderr(stderr).map(formatDiagnostic);
}

async function runProtoc(files: string[], roots: string[], run: ProtocRunner): Promise<Result<{ bytes: Uint8Array; warnings: string[] }>> {
  const workDir = await mkdtemp(join(tmpdir(), 'grpc-workbench-protoc-'));
  try {
    const out = join(workDir, 'set.binpb');
    // Every path is absolute (resolve()) and free of control characters, so in the response
    // file each stays one argument and none can start with '-' or '@' and be read as a flag.
    const args = [
      ...roots.map((root) => `--proto_path=${root}`),
      '--include_imports',
      '--include_source_info',
      `--descriptor_set_out=${out}`,
      ...files,
    ];
    // A response file (one argument per line) keeps hundreds of files under Windows' command-line limit.
    const argsFile = join(workDir, 'args.txt');
    await writeFile(argsFile, args.join('\n'));
    const result = await run([`@${argsFile}`]);
    if (result.spawnError !== undefined) {
      return err('INTERNAL', `protoc could not be started: ${result.spawnError}. Reinstall the app.`);
    }
    if (result.timedOutMs !== undefined) {
      const message =
        `protoc did not finish within ${Number((result.timedOutMs / 1000).toFixed(1))} s and was stopped. ` +
        'An imported file may be a named pipe (FIFO) or a device, which protoc waits on for ever; import paths should hold only regular .proto files.';
      return err('PROTO_COMPILE', message, { diagnostics: [{ file: '', line: 0, column: 0, message }], searchedRoots: roots });
    }
    if (result.exitCode !== 0) {
      const diagnostics = explainMissingImports(parseProtocStderr(result.stderr), roots);
      if (diagnostics.length === 0) diagnostics.push({ file: '', line: 0, column: 0, message: `protoc exited with code ${result.exitCode}` });
      return err('PROTO_COMPILE', summarizeDiagnostics(diagnostics), { diagnostics, searchedRoots: roots });
    }
    return ok({ bytes: new Uint8Array(await readFile(out)), warnings: warningLines(result.stderr) });
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

function parseDescriptorSet(bytes: Uint8Array): FileDescriptorSet | null {
  try {
    return parseDescriptorSetBytes(bytes);
  } catch {
    return null;
  }
}

/**
 * Each file of the set with the disk path protoc resolved it to and its content hash (for
 * cache validation). Synchronous: protoc read these very files a moment ago, and a set has
 * hundreds of them (see hashFileSync).
 */
function describeResolvedFiles(set: FileDescriptorSet, roots: string[]): CachedFile[] | null {
  const files: CachedFile[] = [];
  for (const file of set.file) {
    const path = resolveImport(file.name, roots);
    // Stamp before hashing: an edit in between changes the stamp, so the next lookup hashes again.
    const stamp = path === null ? null : fileStampSync(path);
    const sha256 = path === null ? null : hashFileSync(path);
    if (path === null || sha256 === null) return null;
    files.push({ name: file.name, path, sha256, ...(stamp ? { stamp } : {}) });
  }
  return files;
}
