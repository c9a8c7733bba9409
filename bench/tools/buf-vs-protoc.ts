// npx tsx bench/tools/buf-vs-protoc.ts [runs]
// Is `buf build` a faster exact replacement for protoc (issue 11, point 1)? On the import
// bench's two trees it (1) times the bare protoc (bench/workers/import-protoc.ts) and buf
// (bench/workers/import-buf.ts) in fresh processes, interleaved, and prints medians with
// min–max; (2) compares buf's FileDescriptorSet with the one the engine's own protoc call
// produces (compileProtoFiles, no cache); (3) compiles a few broken inputs with both and
// prints their diagnostics side by side. Report only: it changes nothing.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create, fromBinary } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema, type FileDescriptorSet } from '@bufbuild/protobuf/wkt';
import { compileProtoFiles } from '../../electron/engine/protos/proto-compiler';
import { createProtocRunner, type ProtocRunner } from '../../electron/engine/protos/protoc-runner';
import { protocInstallation } from '../../electron/engine/protos/protoc-binary';
import { computeIncludeRoots, orderedRoots } from '../../electron/engine/protos/include-roots';
import { parseProtocStderr, formatDiagnostic } from '../../electron/engine/protos/protoc-diagnostics';
import { bundledIncludeDir } from '../../electron/engine/resources';
import type { ProtoDiagnostic } from '../../shared/catalog';
import { bufBinary, prepareBufWorkspace, runBufBuild, type BufImportInput, type BufImportOutput } from '../lib/buf-build';
import { diffDescriptorSets } from '../lib/descriptor-set-diff';
import { importCorpora, PROTO_ROOT } from '../lib/import-corpora';
import type { ImportInput, ImportOutput } from '../lib/import-types';
import { stopAllProcesses } from '../lib/processes';
import { summarize, type Figure } from '../lib/stats';
import { runWorker } from '../lib/workers';

const WORKER_TIMEOUT_MS = 120_000;

function figure(samples: number[]): string {
  if (samples.length === 0) return '-';
  const f: Figure = summarize(samples);
  return `${f.median.toFixed(0)} (${f.min.toFixed(0)}–${f.max.toFixed(0)}, n=${f.runs})`;
}

function present(values: (number | null | undefined)[]): number[] {
  return values.filter((v): v is number => typeof v === 'number');
}

async function timings(runs: number, tmp: string): Promise<void> {
  console.log(`## Timing (ms, median (min–max, n)), ${runs} runs each, interleaved, each in a fresh process\n`);
  console.log('| tree | protoc wall | buf wall | buf / protoc | protoc CPU | buf CPU | buf overlay |');
  console.log('|---|---|---|---|---|---|---|');
  for (const corpus of importCorpora()) {
    const protoc: ImportOutput[] = [];
    const buf: BufImportOutput[] = [];
    for (let run = 0; run < runs; run++) {
      const input: ImportInput = { protoFiles: corpus.files.map((f) => join(PROTO_ROOT, f)), root: PROTO_ROOT, cacheDir: tmp };
      // Alternate which goes first so a burst of load hits both alike.
      const order = run % 2 === 0 ? (['protoc', 'buf'] as const) : (['buf', 'protoc'] as const);
      for (const which of order) {
        if (which === 'protoc') protoc.push(await runWorker<ImportOutput>('import-protoc', input, WORKER_TIMEOUT_MS));
        else buf.push(await runWorker<BufImportOutput>('import-buf', input, WORKER_TIMEOUT_MS));
      }
      process.stderr.write(`  ${corpus.label} run ${run + 1}/${runs}: protoc ${protoc.at(-1)?.ms.toFixed(0)} ms, buf ${buf.at(-1)?.ms.toFixed(0)} ms\n`);
    }
    const ratio = summarize(buf.map((b) => b.ms)).median / summarize(protoc.map((p) => p.ms)).median;
    console.log(
      `| ${corpus.label} (${corpus.files.length} files) | ${figure(protoc.map((p) => p.ms))} | ${figure(buf.map((b) => b.ms))} | ${ratio.toFixed(2)}x | ` +
        `${figure(present(protoc.map((p) => p.compilerCpuMs)))} | ${figure(present(buf.map((b) => b.compilerCpuMs)))} | ${figure(buf.map((b) => b.overlayMs))} |`,
    );
  }
  console.log('\nwall = the worker\'s timed operation; CPU = user + system of the compiler process (10 ms ticks); buf wall includes its overlay.\n');
}

function engineDeps(runProtoc: ProtocRunner) {
  const protoc = protocInstallation();
  return { runProtoc, cache: null, protocVersion: protoc.version, bundledIncludeDir: bundledIncludeDir(), wellKnownIncludeDir: protoc.includeDir };
}

async function engineSet(protoFiles: string[], importPaths: string[]): Promise<FileDescriptorSet> {
  const compiled = await compileProtoFiles({ protoFiles, importPaths }, engineDeps(createProtocRunner()));
  if (!compiled.ok) throw new Error(compiled.error.message);
  // The engine keeps a registry, not the set: its files, in the order protoc wrote them.
  return create(FileDescriptorSetSchema, { file: Array.from(compiled.value.contents.registry.files, (f) => f.proto) });
}

async function exactness(tmp: string): Promise<void> {
  console.log('## Exactness: buf\'s set against the engine\'s protoc set\n');
  for (const corpus of importCorpora()) {
    const protoFiles = corpus.files.map((f) => join(PROTO_ROOT, f));
    const keepSetAt = join(tmp, 'buf-set.binpb');
    const input: BufImportInput = { protoFiles, root: PROTO_ROOT, cacheDir: tmp, keepSetAt };
    await runWorker<BufImportOutput>('import-buf', input, WORKER_TIMEOUT_MS);
    const bufSet = fromBinary(FileDescriptorSetSchema, await readFile(keepSetAt));
    const diff = diffDescriptorSets(await engineSet(protoFiles, [PROTO_ROOT]), bufSet);
    console.log(`### ${corpus.label}`);
    console.log(`- files: protoc ${diff.files}, buf ${bufSet.file.length}; same order: ${diff.sameFileOrder}; only in protoc: ${diff.onlyInFirst.length}; only in buf: ${diff.onlyInSecond.length}`);
    console.log(`- identical FileDescriptorProto with source info: ${diff.identical}/${diff.files}`);
    console.log(`- identical without source info: ${diff.identicalWithoutSourceInfo}/${diff.files}`);
    console.log(`- source info differing only in location order: ${diff.sourceInfoReordered}; differing in content: ${diff.files - diff.identical - diff.sourceInfoReordered}`);
    console.log(`- comments the app reads (first location per path) identical: ${diff.sameComments}/${diff.files}`);
    for (const [kind, list] of Object.entries(diff.examples)) for (const example of list) console.log(`  - ${kind}: ${example}`);
    console.log('');
  }
}

/** Small inputs, each broken one way (and one that compiles with a warning). */
const BROKEN: Record<string, Record<string, string>> = {
  'syntax error': { 'syntax.proto': 'syntax = "proto3";\npackage t;\nmessage A {\n  int32 x = 1\n}\n' },
  'unknown type': { 'unknown.proto': 'syntax = "proto3";\npackage t;\nmessage A {\n  Missing m = 1;\n}\n' },
  'missing import': { 'missing.proto': 'syntax = "proto3";\npackage t;\nimport "nope/absent.proto";\nmessage A {}\n' },
  'error inside an import': {
    'outer.proto': 'syntax = "proto3";\npackage t;\nimport "inner.proto";\nmessage A { B b = 1; }\n',
    'inner.proto': 'syntax = "proto3";\npackage t;\nmessage B { int32 x = 1; int32 y = 1; }\n',
  },
  'unused import (a warning)': { 'unused.proto': 'syntax = "proto3";\npackage t;\nimport "google/protobuf/empty.proto";\nmessage A {}\n' },
};

function lines(diagnostics: ProtoDiagnostic[]): string {
  return diagnostics.length === 0 ? '    (none)' : diagnostics.map((d) => `    ${formatDiagnostic(d)}`).join('\n');
}

async function diagnostics(tmp: string): Promise<void> {
  console.log('## Diagnostics on broken inputs (the user root is the folder of the files; the first file is the input)\n');
  for (const [label, files] of Object.entries(BROKEN)) {
    const dir = await mkdtemp(join(tmp, 'broken-'));
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
    const input = join(dir, Object.keys(files)[0] as string);
    let protocStderr = '';
    const real = createProtocRunner();
    const capture: ProtocRunner = async (args) => {
      const run = await real(args);
      protocStderr = run.stderr;
      return run;
    };
    const compiled = await compileProtoFiles({ protoFiles: [input], importPaths: [dir] }, engineDeps(capture));
    const roots = orderedRoots(computeIncludeRoots([input], [dir], bundledIncludeDir(), protocInstallation().includeDir));
    // Outside the user's root: the overlay links that root's folders, and must not link itself.
    const bufDir = await mkdtemp(join(tmp, 'buf-'));
    await mkdir(join(bufDir, 'workspace'));
    const buf = await runBufBuild(await prepareBufWorkspace(join(bufDir, 'workspace'), roots, [input]), join(bufDir, 'set.binpb'), join(bufDir, 'cache'));
    console.log(`### ${label} (the folder is ${dir})`);
    console.log(`- protoc: exit ${compiled.ok ? 0 : 'non-zero'}, stderr:\n${lines(parseProtocStderr(protocStderr))}`);
    console.log(`- buf: exit ${buf.exitCode}, stderr:\n${lines(parseProtocStderr(buf.stderr))}\n`);
  }
}

/**
 * protoc takes the first root's copy of any file, a well-known type included; buf ships its
 * own well-known types. A user root with its own google/protobuf/empty.proto (one message
 * more) shows which copy each compiler uses.
 */
async function userCopyOfWellKnownType(tmp: string): Promise<void> {
  const dir = await mkdtemp(join(tmp, 'wkt-'));
  await mkdir(join(dir, 'google', 'protobuf'), { recursive: true });
  await writeFile(join(dir, 'google', 'protobuf', 'empty.proto'), 'syntax = "proto3";\npackage google.protobuf;\nmessage Empty {}\nmessage UserOnly { int32 x = 1; }\n');
  const input = join(dir, 'uses.proto');
  await writeFile(input, 'syntax = "proto3";\npackage t;\nimport "google/protobuf/empty.proto";\nmessage A { google.protobuf.UserOnly u = 1; }\n');
  const protocSet = await engineSet([input], [dir]);
  const roots = orderedRoots(computeIncludeRoots([input], [dir], bundledIncludeDir(), protocInstallation().includeDir));
  const bufDir = await mkdtemp(join(tmp, 'buf-'));
  await mkdir(join(bufDir, 'workspace'));
  const out = join(bufDir, 'set.binpb');
  const buf = await runBufBuild(await prepareBufWorkspace(join(bufDir, 'workspace'), roots, [input]), out, join(bufDir, 'cache'));
  console.log('## Include semantics: the user root has its own google/protobuf/empty.proto\n');
  if (buf.exitCode !== 0) {
    console.log(`- buf failed (exit ${buf.exitCode}): ${buf.stderr.trim()}\n`);
    return;
  }
  const diff = diffDescriptorSets(protocSet, fromBinary(FileDescriptorSetSchema, await readFile(out)));
  console.log(`- both compiled; files ${diff.files}, identical without source info ${diff.identicalWithoutSourceInfo}/${diff.files}, with source info ${diff.identical}/${diff.files}\n`);
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 3);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('runs must be a positive whole number');
  const tmp = await mkdtemp(join(tmpdir(), 'buf-vs-protoc-'));
  try {
    console.log(`# buf vs protoc\n\nprotoc ${protocInstallation().version} · ${bufBinary()}\n`);
    await exactness(tmp);
    await userCopyOfWellKnownType(tmp);
    await diagnostics(tmp);
    await timings(runs, tmp);
  } finally {
    await stopAllProcesses();
    await rm(tmp, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`buf-vs-protoc failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
