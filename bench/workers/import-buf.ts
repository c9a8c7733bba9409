// Times `buf build` on the same files and -I roots as bench/workers/import-protoc.ts (the
// user's root, the bundled protos, protoc's well-known types, in that order), writing a plain
// FileDescriptorSet with imports and source info to a temp folder. The timed operation is what
// the engine would have to do to use buf: build the overlay workspace that gives buf protoc's
// first-root-wins lookup (bench/lib/buf-build.ts), then run buf. overlayMs says how much of
// it the overlay was. `keepSetAt` copies the set out for the exactness check.
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { computeIncludeRoots, orderedRoots } from '../../electron/engine/protos/include-roots';
import { protocInstallation } from '../../electron/engine/protos/protoc-binary';
import { bundledIncludeDir } from '../../electron/engine/resources';
import { endedChildrenCpuMs } from '../lib/child-cpu';
import { prepareBufWorkspace, runBufBuild, type BufImportInput, type BufImportOutput } from '../lib/buf-build';
import { runWorkerMain, workerInput } from '../lib/workers';

runWorkerMain(__filename, async (): Promise<BufImportOutput> => {
  const input = workerInput<BufImportInput>();
  const roots = orderedRoots(computeIncludeRoots(input.protoFiles, [input.root], bundledIncludeDir(), protocInstallation().includeDir));
  const workDir = await mkdtemp(join(tmpdir(), 'bench-buf-'));
  try {
    const workspaceDir = join(workDir, 'workspace');
    const out = join(workDir, 'set.binpb');
    await mkdir(workspaceDir);
    const startedAt = performance.now();
    const workspace = await prepareBufWorkspace(workspaceDir, roots, input.protoFiles);
    const overlayMs = performance.now() - startedAt;
    const cpuBefore = endedChildrenCpuMs();
    const result = await runBufBuild(workspace, out, join(workDir, 'cache'));
    const ms = performance.now() - startedAt;
    const cpuAfter = endedChildrenCpuMs();
    const compilerCpuMs = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
    if (result.exitCode !== 0) throw new Error(`buf exited ${result.exitCode}: ${result.stderr.slice(0, 500)}`);
    if (input.keepSetAt) await copyFile(out, input.keepSetAt);
    return { ms, overlayMs, fromCache: false, fileCount: input.protoFiles.length, services: 0, compilerCpuMs };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
});
