import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cleanFolderPath, type CollectionIndex, type VariableDefinition } from '../../shared/collection';
import { createWorkbenchEngine } from '../engine/workbench-engine';
import { createMemorySecretStore } from '../engine/secrets/memory-secret-store';
import type { WorkbenchEngine } from '../engine/engine-api';
import { CallOutcomes, engineWholeMessageReader } from './call-outcomes';
import { extractCaptures } from '../../shared/captures';
import { checkedOutcome, judgeRequest } from './judge-request';
import { MethodLookup } from './method-lookup';
import type { RequestResult, RunReport } from './reporters';
import { runRequest, type RunContext } from './run-request';
import { snapshotOutcome } from './snapshot-outcome';

/** A problem with how the runner was asked (bad folder, unknown environment): exit code 2. */
export class UsageError extends Error {}

export interface RunOptions {
  collectionFolder: string;
  environment: string | null;
  /** Only requests in this folder of the collection (and below). */
  folder: string | null;
  bail: boolean;
  /** Record each passing request's received messages as its snapshot instead of comparing (--update-snapshots). */
  updateSnapshots?: boolean;
  env: NodeJS.ProcessEnv;
  onResult: (result: RequestResult) => void;
}

/** An engine for one run: its own data folder (descriptor cache, recordings), removed afterwards. No keychain: CI secrets come from the environment. */
export async function withRunEngine<T>(work: (engine: WorkbenchEngine) => Promise<T>): Promise<T> {
  const dataDir = await mkdtemp(join(tmpdir(), 'grpc-workbench-run-'));
  const engine = createWorkbenchEngine({ dataDir, shell: 'browser', secrets: async () => createMemorySecretStore('the command-line runner reads secrets from GRPC_WORKBENCH_SECRET_* variables') });
  try {
    return await work(engine);
  } finally {
    await engine.dispose();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export async function openCollection(engine: WorkbenchEngine, folder: string): Promise<CollectionIndex> {
  const opened = await engine.invoke('collections:open', { folder: resolve(folder) });
  if (!opened.ok) throw new UsageError(`Cannot open collection folder ${folder}: ${opened.error.message}`);
  if (opened.value.rootBroken) {
    const why = opened.value.broken.map((b) => `${b.path}: ${b.message}`).join('; ');
    throw new UsageError(`The collection file in ${folder} cannot be read: ${why}`);
  }
  return opened.value;
}

function environmentOf(index: CollectionIndex, name: string | null): VariableDefinition[] | null {
  if (name === null) return null;
  const found = index.environments.find((e) => e.name === name);
  if (found) return found.variables;
  const known = index.environments.map((e) => e.name);
  throw new UsageError(`Collection "${index.name}" has no environment "${name}". ${known.length === 0 ? 'It has no environments.' : `Its environments: ${known.join(', ')}.`}`);
}

/** Runs the collection's requests in its order (the order of its index: folders, then names). */
export async function runCollection(engine: WorkbenchEngine, options: RunOptions): Promise<RunReport> {
  const index = await openCollection(engine, options.collectionFolder);
  const environment = environmentOf(index, options.environment);
  const folder = options.folder === null ? null : cleanFolderPath(options.folder);
  const requests = index.requests.filter((r) => folder === null || folder === '' || r.folder === folder || r.folder.startsWith(`${folder}/`));
  if (folder !== null && requests.length === 0) {
    throw new UsageError(`Collection "${index.name}" has no requests in folder "${options.folder}". Its folders: ${index.folders.join(', ') || '(none)'}.`);
  }
  const outcomes = new CallOutcomes(engineWholeMessageReader(engine));
  const unsubscribe = engine.onEvents(outcomes.onBatch);
  const captured = new Map<string, string>();
  const ctx: RunContext = { engine, collection: index, environment, methods: new MethodLookup(engine, index), outcomes, env: options.env, captured };
  const results: RequestResult[] = [];
  let bailed = false;
  try {
    for (const entry of requests) {
      const read = await engine.invoke('collections:readRequest', { folder: index.folder, path: entry.path });
      let result: RequestResult;
      if (!read.ok) {
        result = { path: entry.path, name: entry.name, folder: entry.folder, status: null, durationMs: 0, received: [], verdict: { passed: false, failures: [`Cannot read ${entry.path}: ${read.error.message}`] } };
      } else {
        const document = read.value.document;
        const outcome = await runRequest(ctx, document);
        // Captures apply after a call that ended OK: the following requests of the run use them.
        const captures = outcome.status === 'OK' ? extractCaptures(document.captures ?? [], checkedOutcome(outcome)) : [];
        for (const capture of captures) if (capture.ok) captured.set(capture.variable.trim(), capture.value);
        let verdict = judgeRequest(document, outcome, { captures });
        const notes: string[] = [];
        // Updating records only calls that passed otherwise: a failed call is no expectation.
        if (!options.updateSnapshots || verdict.passed) {
          const snapshot = await snapshotOutcome(engine, index.folder, entry.path, outcome.callId, options.updateSnapshots === true);
          verdict = judgeRequest(document, outcome, { captures, snapshot });
          if (snapshot.kind === 'recorded') notes.push(`Snapshot saved: ${snapshot.path} (${snapshot.messages} message${snapshot.messages === 1 ? '' : 's'})`);
        }
        result = { path: entry.path, name: entry.name, folder: entry.folder, status: outcome.status, durationMs: outcome.durationMs, received: outcome.received, verdict, ...(notes.length > 0 ? { notes } : {}) };
      }
      results.push(result);
      options.onResult(result);
      if (options.bail && !result.verdict.passed) {
        bailed = results.length < requests.length;
        break;
      }
    }
  } finally {
    unsubscribe();
    await engine.invoke('collections:close', { folder: index.folder });
  }
  return { collection: index.name, environment: options.environment, results, bailed };
}
