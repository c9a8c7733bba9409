// Times @grpc/proto-loader loadSync over the same files, in a process of its own: the baseline
// for importing protos (what a hand-written grpc-js client does at start-up).
import { performance } from 'node:perf_hooks';
import { loadSync } from '@grpc/proto-loader';
import { runWorkerMain, workerInput } from '../lib/workers';
import type { ImportInput, ImportOutput } from '../lib/import-types';

runWorkerMain(__filename, async (): Promise<ImportOutput> => {
  const input = workerInput<ImportInput>();
  const startedAt = performance.now();
  const definition = loadSync(input.protoFiles, { includeDirs: [input.root], keepCase: true, longs: String, enums: String, defaults: true, oneofs: true });
  const ms = performance.now() - startedAt;
  const services = Object.values(definition).filter((d) => typeof d === 'object' && d !== null && !('format' in d)).length;
  return { ms, fromCache: false, fileCount: input.protoFiles.length, services };
});
