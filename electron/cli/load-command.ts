// `grpc-workbench load <saved request file> [options]`: runs a load test of a saved request
// in the engine (the same generator as the app's Load test) and prints or writes the result.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { authMetadata } from '../../shared/auth-metadata';
import { COLLECTION_FILE_NAME } from '../../shared/collection';
import type { ProtoSetSummary } from '../../shared/catalog';
import { defaultLoadTestSettings, type LoadTestSettings, type LoadTestSnapshot } from '../../shared/load-test';
import { deadlineMs } from '../../shared/request-deadline';
import type { Result } from '../../shared/result';
import { parseCollectionFile, parseRequestFile } from '../engine/collections/collection-format';
import { writeFileAtomic } from '../engine/workspace/atomic-file';
import { collectionFolderOf } from './collection-folder';
import { UsageError } from './run-collection';
import { createWorkbenchEngine } from '../engine/workbench-engine';

export const LOAD_HELP = `Usage: grpc-workbench load <saved request file> [options]

Runs a load test of a saved request (a .yaml file of a collection) and prints the result.
The collection's schema (grpc-collection.yaml: proto files, descriptor sets or reflection)
describes the method.

Options:
  --concurrency N      calls in flight at once (default 10)
  --total N            stop after N calls (default 200 when --duration is not given)
  --duration S         stop starting calls after S seconds
  --rate R             start at most R calls per second (default: no limit)
  --connections N      distinct connections the calls share (default 1)
  --messages N         client and bidi streams: messages per stream (default 1)
  --interval MS        client and bidi streams: ms between two messages (default 0)
  --format F           summary (default), json (ghz's JSON report) or csv (one line per call)
  --output FILE        write the result to FILE instead of standard output
  --help               show this help

Exit codes: 0 every call OK, 1 some calls failed, 2 bad arguments or the request could not run.`;

type Write = (text: string) => void;

function positiveNumber(name: string, text: string | undefined, integer: boolean): number | null {
  if (text === undefined) return null;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new UsageError(`--${name} must be a ${integer ? 'whole ' : ''}number above 0 (got "${text}").`);
  }
  return value;
}

function unwrap<T>(result: Result<T>, what: string): T {
  if (!result.ok) throw new UsageError(`${what}: ${result.error.message}`);
  return result.value;
}

function ms(value: number): string {
  return value < 10 ? `${value.toFixed(2)} ms` : `${value.toFixed(1)} ms`;
}

export function summaryText(s: LoadTestSnapshot): string {
  const lines = [
    'Summary:',
    `  Requests:     ${s.requests}`,
    `  Requests/s:   ${s.requestsPerSecond.toFixed(1)}`,
    `  Errors:       ${s.errors}`,
    `  Total time:   ${ms(s.elapsedMs)}`,
    `  End:          ${s.endReason ?? 'running'}`,
  ];
  if (s.latencyMs) {
    const l = s.latencyMs;
    lines.push(`  Fastest:      ${ms(l.fastest)}`, `  Slowest:      ${ms(l.slowest)}`, `  Average:      ${ms(l.average)}`, `  p50:          ${ms(l.p50)}`, `  p90:          ${ms(l.p90)}`, `  p99:          ${ms(l.p99)}`);
  }
  lines.push('', 'Status codes:');
  for (const [status, count] of Object.entries(s.statusCounts)) lines.push(`  ${status}: ${count}`);
  const errors = Object.entries(s.errorCounts);
  if (errors.length > 0) {
    lines.push('', 'Errors:');
    for (const [message, count] of errors) lines.push(`  [${count}] ${message}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Runs the subcommand; answers the exit code. out: the result; err: progress and problems. */
export async function runLoadCommand(argv: string[], out: Write = (t) => process.stdout.write(t), errOut: Write = (t) => process.stderr.write(t)): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        concurrency: { type: 'string' }, total: { type: 'string' }, duration: { type: 'string' }, rate: { type: 'string' },
        connections: { type: 'string' }, messages: { type: 'string' }, interval: { type: 'string' },
        format: { type: 'string' }, output: { type: 'string' }, help: { type: 'boolean' },
      },
    }));
  } catch (e) {
    errOut(`${(e as Error).message}\n\n${LOAD_HELP}\n`);
    return 2;
  }
  if (values['help'] === true) {
    out(`${LOAD_HELP}\n`);
    return 0;
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'grpc-workbench-load-'));
  const engine = createWorkbenchEngine({ dataDir, shell: 'browser' });
  try {
    if (positionals.length !== 1) throw new UsageError(`Give exactly one saved request file (got ${positionals.length}).`);
    const format = (values['format'] as string | undefined) ?? 'summary';
    if (!['summary', 'json', 'csv'].includes(format)) throw new UsageError(`--format must be summary, json or csv (got "${format}").`);
    const text = (name: string) => values[name] as string | undefined;
    const total = positiveNumber('total', text('total'), true);
    const duration = positiveNumber('duration', text('duration'), false);
    const interval = text('interval') === undefined ? 0 : Number(text('interval'));
    if (!Number.isInteger(interval) || interval < 0) throw new UsageError(`--interval must be a whole number of ms, 0 or more (got "${text('interval')}").`);
    const settings: LoadTestSettings = {
      ...defaultLoadTestSettings(),
      concurrency: positiveNumber('concurrency', text('concurrency'), true) ?? 10,
      totalRequests: total ?? (duration === null ? 200 : null),
      durationS: duration,
      ratePerSecond: positiveNumber('rate', text('rate'), false),
      connections: positiveNumber('connections', text('connections'), true) ?? 1,
      messagesPerStream: positiveNumber('messages', text('messages'), true) ?? 1,
      messageIntervalMs: interval,
    };

    const requestFile = resolve(positionals[0]!);
    const fileText = await readFile(requestFile, 'utf8').catch((e: Error) => {
      throw new UsageError(`Cannot read ${requestFile}: ${e.message}`);
    });
    const folder = collectionFolderOf(requestFile);
    const document = parseRequestFile(folder, fileText);
    if (!document.ok) throw new UsageError(`${requestFile} is ${document.message}.`);
    const doc = document.value;
    if (/\{\{/.test(JSON.stringify(doc))) throw new UsageError(`${requestFile} uses {{variables}}, which \`load\` does not resolve yet: write the values into a copy of the request.`);
    const collection = parseCollectionFile(await readFile(join(folder, COLLECTION_FILE_NAME), 'utf8'), folder);
    if (!collection.ok) throw new UsageError(`${join(folder, COLLECTION_FILE_NAME)} is ${collection.message}.`);
    const schema = collection.value.schema;
    const inFolder = (p: string) => resolve(folder, p);
    let protoSet: ProtoSetSummary;
    if (schema.protoFiles.length > 0) {
      protoSet = unwrap(await engine.invoke('protos:compile', { protoFiles: schema.protoFiles.map(inFolder), importPaths: schema.importPaths.map(inFolder) }), 'The collection\'s proto files');
    } else if (schema.descriptorSets.length > 0) {
      protoSet = unwrap(await engine.invoke('protos:importDescriptorSets', { paths: schema.descriptorSets.map(inFolder) }), 'The collection\'s descriptor sets');
    } else if (schema.reflection) {
      protoSet = unwrap(await engine.invoke('protos:reflect', { connection: doc.connection, metadata: doc.metadata }), `Server reflection at ${doc.connection.target}`);
    } else {
      throw new UsageError(`${COLLECTION_FILE_NAME} names no schema (protoFiles, descriptorSets or reflection), so the method cannot be encoded.`);
    }

    const { value: deadline, problem: deadlineProblem } = deadlineMs(doc.deadline);
    if (deadlineProblem !== null) throw new UsageError(`${requestFile}: ${deadlineProblem}`);

    const snapshots = new Map<string, LoadTestSnapshot>();
    let finished: ((s: LoadTestSnapshot) => void) | null = null;
    const ended = new Promise<LoadTestSnapshot>((resolveEnd) => (finished = resolveEnd));
    engine.onEvents((batch) => {
      for (const event of batch.events) {
        if (event.kind !== 'load') continue;
        snapshots.set(event.snapshot.loadId, event.snapshot);
        if (event.snapshot.running) errOut(`${(event.snapshot.elapsedMs / 1000).toFixed(0)} s: ${event.snapshot.requests} requests, ${event.snapshot.errors} errors\n`);
        else finished?.(event.snapshot);
      }
    });
    const { loadId } = unwrap(
      await engine.invoke('load:start', {
        method: { protoSetId: protoSet.id, service: doc.method.service, method: doc.method.method },
        connection: doc.connection,
        // The request's auth travels as metadata, as Invoke and `run` send it.
        metadata: [...doc.metadata.filter((m) => m.key.trim() !== ''), ...authMetadata(doc)],
        deadlineMs: deadline,
        requestJson: doc.body,
        streamMessages: doc.messages,
        settings,
      }),
      `${doc.method.service}/${doc.method.method}`,
    );
    // Ctrl+C stops the run and still reports what it measured.
    const onSignal = () => void engine.invoke('load:stop', { loadId });
    process.once('SIGINT', onSignal);
    const last = await ended.finally(() => process.off('SIGINT', onSignal));
    const report = unwrap(await engine.invoke('load:report', { loadId }), 'The report');
    const result = format === 'json' ? `${report.ghzJson}\n` : format === 'csv' ? report.csv : summaryText(last);
    const output = values['output'] as string | undefined;
    if (output !== undefined) await writeFileAtomic(resolve(output), result);
    else out(result);
    return last.errors > 0 ? 1 : 0;
  } catch (e) {
    if (e instanceof UsageError) {
      errOut(`grpc-workbench load: ${e.message}\n`);
      return 2;
    }
    throw e;
  } finally {
    await engine.dispose();
    await rm(dataDir, { recursive: true, force: true });
  }
}
