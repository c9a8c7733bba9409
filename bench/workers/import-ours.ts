// Times one compile of a proto set by the engine's proto-set store (protoc + descriptor registry
// + catalog), in a process of its own. With a cacheDir a previous run filled, it is a cache hit.
import { performance } from 'node:perf_hooks';
import { createProtoSetStore } from '../../electron/engine/protos/proto-set-store';
import type { ImportInput, ImportOutput } from '../lib/import-types';
import { runWorkerMain, workerInput } from '../lib/workers';

runWorkerMain(__filename, async (): Promise<ImportOutput> => {
  const input = workerInput<ImportInput>();
  const store = createProtoSetStore({ cacheDir: input.cacheDir });
  const startedAt = performance.now();
  const result = await store.compile({ protoFiles: input.protoFiles, importPaths: [input.root] });
  const ms = performance.now() - startedAt;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  const services = result.value.packages.reduce((n, p) => n + p.services.length, 0);
  return { ms, fromCache: result.value.fromCache, fileCount: result.value.fileCount, services };
});
