// Times the bare protoc on the same files with the same flags and -I roots as the engine
// (--include_imports --include_source_info, the user's root, the bundled protos, the well-known
// types), writing the set to a temp folder: the floor of a cold import while we use protoc.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { computeIncludeRoots, orderedRoots } from '../../electron/engine/protos/include-roots';
import { protocInstallation } from '../../electron/engine/protos/protoc-binary';
import { bundledIncludeDir } from '../../electron/engine/resources';
import { endedChildrenCpuMs } from '../lib/child-cpu';
import type { ImportInput, ImportOutput } from '../lib/import-types';
import { runWorkerMain, workerInput } from '../lib/workers';

function run(binary: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`protoc exited ${code}: ${stderr.slice(0, 500)}`))));
  });
}

runWorkerMain(__filename, async (): Promise<ImportOutput> => {
  const input = workerInput<ImportInput>();
  const protoc = protocInstallation();
  const roots = orderedRoots(computeIncludeRoots(input.protoFiles, [input.root], bundledIncludeDir(), protoc.includeDir));
  const workDir = await mkdtemp(join(tmpdir(), 'bench-protoc-'));
  try {
    const args = [...roots.map((r) => `--proto_path=${r}`), '--include_imports', '--include_source_info', `--descriptor_set_out=${join(workDir, 'set.binpb')}`, ...input.protoFiles];
    const cpuBefore = endedChildrenCpuMs();
    const startedAt = performance.now();
    await run(protoc.binary, args);
    const ms = performance.now() - startedAt;
    const cpuAfter = endedChildrenCpuMs();
    const compilerCpuMs = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
    return { ms, fromCache: false, fileCount: input.protoFiles.length, services: 0, compilerCpuMs };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
});
