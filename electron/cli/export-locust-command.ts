import { existsSync } from 'node:fs';
import { basename, relative, resolve, sep } from 'node:path';
import { REQUEST_FILE_SUFFIX } from '../../shared/collection';
import type { WorkbenchEngine } from '../engine/engine-api';
import { CallOutcomes, engineWholeMessageReader } from './call-outcomes';
import { collectionFolderOf } from './collection-folder';
import { MethodLookup } from './method-lookup';
import { openCollection, UsageError } from './run-collection';
import { prepareRequest } from './run-request';

/** A saved unary request as a Locust file, encoded by the engine's codec (load:exportLocust). */
export async function exportLocustFile(engine: WorkbenchEngine, requestFile: string, environment: string | null, env: NodeJS.ProcessEnv): Promise<string> {
  const file = resolve(requestFile);
  if (!basename(file).endsWith(REQUEST_FILE_SUFFIX)) throw new UsageError(`${requestFile} is not a saved request (a *${REQUEST_FILE_SUFFIX} file).`);
  if (!existsSync(file)) throw new UsageError(`${requestFile} does not exist.`);
  const collection = await openCollection(engine, collectionFolderOf(file));
  const path = relative(collection.folder, file).split(sep).join('/');
  const read = await engine.invoke('collections:readRequest', { folder: collection.folder, path });
  if (!read.ok) throw new UsageError(`Cannot read ${requestFile}: ${read.error.message}`);
  const variables = environment === null ? null : collection.environments.find((e) => e.name === environment)?.variables;
  if (variables === undefined) throw new UsageError(`Collection "${collection.name}" has no environment "${environment}".`);
  const ctx = { engine, collection, environment: variables, methods: new MethodLookup(engine, collection), outcomes: new CallOutcomes(engineWholeMessageReader(engine)), env };
  const prepared = await prepareRequest(ctx, read.value.document);
  if (!prepared.ok) throw new UsageError(prepared.message);
  const exported = await engine.invoke('load:exportLocust', {
    method: prepared.method.ref,
    connection: prepared.connection,
    metadata: prepared.metadata,
    deadlineMs: prepared.deadlineMs,
    requestJson: prepared.document.body.trim() === '' ? '{}' : prepared.document.body,
  });
  if (!exported.ok) throw new UsageError(exported.error.message);
  return exported.value.python;
}
