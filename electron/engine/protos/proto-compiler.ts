import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fromBinary } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema, type FileDescriptorSet } from '@bufbuild/protobuf/wkt';
import type { ProtoDiagnostic } from '../../../shared/catalog';
import { hostPathProblem } from '../../../shared/host-path';
import type { CompileRequest } from '../../../shared/contract';
import { err, ok, type Result } from '../../../shared/result';
import type { CachedFile, CacheKeyInput, DescriptorCache } from './descriptor-cache';
import { hashFile } from './file-hash';
import { computeIncludeRoots, orderedRoots, resolveImport } from './include-roots';
import { explainMissingImports, parseProtocStderr, summarizeDiagnostics } from './protoc-diagnostics';
import type { ProtocRunner } from './protoc-runner';

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
  set: FileDescriptorSet;
  fromCache: boolean;
  /** The -I roots in protoc's order, as used. */
  roots: string[];
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

  const inputs: CacheKeyInput['inputs'] = [];
  const unreadable: ProtoDiagnostic[] = [];
  for (const path of files) {
    const isFile = await stat(path).then((s) => s.isFile(), () => false);
    const sha256 = isFile ? await hashFile(path) : null;
    if (sha256 === null) unreadable.push({ file: path, line: 0, column: 0, message: 'File not found or not readable.' });
    else inputs.push({ path, sha256 });
  }
  if (unreadable.length > 0) {
    return err('PROTO_COMPILE', `${unreadable.map((d) => d.file).join(', ')}: file not found or not readable. Check the path.`, {
      diagnostics: unreadable,
      searchedRoots: roots,
    });
  }

  const key: CacheKeyInput = { protocVersion: deps.protocVersion, roots, inputs };
  const cached = deps.cache ? await deps.cache.lookup(key).catch(() => null) : null;
  if (cached) {
    const set = parseDescriptorSet(cached);
    if (set) return ok({ set, fromCache: true, roots });
  }

  const compiled = await runProtoc(files, roots, deps.runProtoc);
  if (!compiled.ok) return compiled;
  const set = parseDescriptorSet(compiled.value);
  if (!set) return err('INTERNAL', 'protoc wrote a descriptor set that could not be read. Try again; if it persists, report a bug.');

  if (deps.cache) {
    const manifest = await describeResolvedFiles(set, roots);
    // A cache that cannot be written costs speed, not correctness.
    if (manifest) await deps.cache.store(key, compiled.value, manifest).catch(() => undefined);
  }
  return ok({ set, fromCache: false, roots });
}

async function runProtoc(files: string[], roots: string[], run: ProtocRunner): Promise<Result<Uint8Array>> {
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
    if (result.exitCode !== 0) {
      const diagnostics = explainMissingImports(parseProtocStderr(result.stderr), roots);
      if (diagnostics.length === 0) diagnostics.push({ file: '', line: 0, column: 0, message: `protoc exited with code ${result.exitCode}` });
      return err('PROTO_COMPILE', summarizeDiagnostics(diagnostics), { diagnostics, searchedRoots: roots });
    }
    return ok(new Uint8Array(await readFile(out)));
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

function parseDescriptorSet(bytes: Uint8Array): FileDescriptorSet | null {
  try {
    return fromBinary(FileDescriptorSetSchema, bytes);
  } catch {
    return null;
  }
}

/** Each file of the set with the disk path protoc resolved it to and its content hash (for cache validation). */
async function describeResolvedFiles(set: FileDescriptorSet, roots: string[]): Promise<CachedFile[] | null> {
  const files: CachedFile[] = [];
  for (const file of set.file) {
    const path = resolveImport(file.name, roots);
    const sha256 = path === null ? null : await hashFile(path);
    if (path === null || sha256 === null) return null;
    files.push({ name: file.name, path, sha256 });
  }
  return files;
}
