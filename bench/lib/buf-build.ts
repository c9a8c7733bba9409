// How the bench runs `buf build` with protoc's -I semantics. buf compiles modules, not -I
// roots, and refuses a file that two modules (or two v1beta1 build roots) both contain:
// "google/protobuf/descriptor.proto is contained in multiple modules". Our roots overlap by
// design (google-proto-files and protoc both ship google/protobuf, the bundled include dir and
// google-proto-files both ship google/api), so no buf.yaml can list them. The exact
// equivalent is one module that IS the -I search: a temp folder where every name points to
// the first root that has it (symlinks; a folder only one root has is one link), which is
// what protoc's first-root-wins lookup sees.
import { spawn } from 'node:child_process';
import { readdir, mkdir, realpath, symlink, writeFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { isInside } from '../../electron/engine/protos/include-roots';
import type { ImportInput, ImportOutput } from './import-types';
import { REPO_ROOT } from './workers';

/** The native buf executable from @bufbuild/buf-<platform>-<arch> (not the Node shim in .bin, which would add a Node start-up). */
export function bufBinary(): string {
  const arch = process.platform === 'linux' && process.arch === 'arm64' ? 'aarch64' : process.arch;
  const manifest = createRequire(join(REPO_ROOT, 'package.json')).resolve(`@bufbuild/buf-${process.platform}-${arch}/package.json`);
  return join(dirname(manifest), 'bin', process.platform === 'win32' ? 'buf.exe' : 'buf');
}

interface Holder {
  path: string;
  isDirectory: boolean;
}

async function entriesOf(dir: string): Promise<Map<string, boolean>> {
  const entries = new Map<string, boolean>();
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const isDirectory = entry.isDirectory() || (entry.isSymbolicLink() && (await stat(join(dir, entry.name)).then((s) => s.isDirectory(), () => false)));
    if (isDirectory || entry.name.endsWith('.proto')) entries.set(entry.name, isDirectory);
  }
  return entries;
}

/**
 * Fills `target` so that target/<name> is the file protoc would find for <name> with -I
 * `sources` in order. Only folders that more than one root has are walked; a folder or a
 * file one root alone has becomes a single symlink.
 */
async function overlay(target: string, sources: string[]): Promise<void> {
  const holders = new Map<string, Holder[]>();
  for (const source of sources) {
    for (const [name, isDirectory] of await entriesOf(source)) {
      const list = holders.get(name) ?? [];
      list.push({ path: join(source, name), isDirectory });
      holders.set(name, list);
    }
  }
  for (const [name, list] of holders) {
    const first = list[0] as Holder;
    const folders = list.filter((h) => h.isDirectory);
    // A file wins its name outright (protoc opens the first root's file); folders merge, in root order.
    if (!first.isDirectory || folders.length === 1) {
      await symlink(first.path, join(target, name), first.isDirectory ? 'dir' : 'file');
    } else {
      await mkdir(join(target, name));
      await overlay(join(target, name), folders.map((h) => h.path));
    }
  }
}

export interface BufWorkspace {
  dir: string;
  /** Each input file's name in the workspace (its path relative to the first root that holds it, as protoc names it). */
  targets: string[];
}

/**
 * Builds the overlay workspace for `roots` (protoc's -I order) in `dir` (an empty folder),
 * with a buf.yaml of its own so buf never picks up a buf.yaml or buf.work.yaml from above.
 * Throws when an input is shadowed by an earlier root, which protoc refuses too.
 */
export async function prepareBufWorkspace(dir: string, roots: string[], protoFiles: string[]): Promise<BufWorkspace> {
  await overlay(dir, roots);
  await writeFile(join(dir, 'buf.yaml'), 'version: v2\n');
  const targets: string[] = [];
  for (const file of protoFiles) {
    const root = roots.find((r) => isInside(file, r));
    if (root === undefined) throw new Error(`${file} is under none of the roots`);
    const name = relative(root, file).split(sep).join('/');
    // The overlay resolves the name the way protoc does; another file there means an earlier root shadows the input.
    const [seen, wanted] = await Promise.all([realpath(join(dir, name)).catch(() => null), realpath(file)]);
    if (seen !== wanted) throw new Error(`${file} is shadowed by ${seen ?? 'nothing'} (protoc refuses a shadowed input too)`);
    targets.push(name);
  }
  return { dir, targets };
}

export interface BufRun {
  exitCode: number | null;
  stderr: string;
}

/**
 * `buf build <workspace> --path <each input> -o <out> --as-file-descriptor-set
 * --exclude-source-retention-options`: imports and source info are in a buf image by default
 * (protoc's --include_imports --include_source_info); --as-file-descriptor-set strips buf's
 * own per-file extension so the bytes are a plain FileDescriptorSet; protoc drops options
 * with retention = SOURCE from the set it writes (e.g. descriptor.proto's extension
 * declarations) and buf keeps them unless told. BUF_CACHE_DIR keeps buf's cache in the run's
 * temp folder. buf reads no response file, so every --path is on the command line.
 */
export function runBufBuild(workspace: BufWorkspace, out: string, cacheDir: string): Promise<BufRun> {
  const args = ['build', workspace.dir, ...workspace.targets.flatMap((t) => ['--path', join(workspace.dir, t)]), '-o', out, '--as-file-descriptor-set', '--exclude-source-retention-options', '--error-format', 'text'];
  return new Promise((resolve, reject) => {
    const child = spawn(bufBinary(), args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, BUF_CACHE_DIR: cacheDir } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ exitCode: code, stderr }));
  });
}

/** bench/workers/import-buf.ts: ImportInput, plus where to copy the set for the exactness check. */
export interface BufImportInput extends ImportInput {
  keepSetAt?: string;
}

export interface BufImportOutput extends ImportOutput {
  /** The part of ms spent building the overlay workspace. */
  overlayMs: number;
}
