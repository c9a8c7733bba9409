import { randomUUID } from 'node:crypto';
import type { CatalogMethod } from '../../../shared/catalog';
import type { LoadTestReport, LoadTestSnapshot, StartLoadTestRequest, StartLoadTestResponse } from '../../../shared/load-test';
import { err, ok, type Result } from '../../../shared/result';
import { buildRequestMetadata } from '../calls/call-metadata';
import type { MethodCodec } from '../codec/method-codec';
import { ghzReport, loadCsv } from './ghz-report';
import { openLoadClients } from './load-clients';
import { LoadRun } from './load-run';

/** Finished runs kept for load:report; older ones are forgotten. */
const KEPT_FINISHED_RUNS = 8;

export interface LoadTestServiceOptions {
  /** The method's codec and catalog entry, as for a call. */
  codecFor(request: StartLoadTestRequest): Result<{ codec: MethodCodec; method: CatalogMethod }>;
  emit(snapshot: LoadTestSnapshot): void;
}

interface LoadEntry {
  run: LoadRun;
  request: StartLoadTestRequest;
  owner: string | null;
  host: string;
  insecure: boolean;
}

/**
 * load:start / load:stop / load:report. Each run encodes the request once and drives its own
 * clients (load-clients.ts); its snapshots leave as 'load' events once a second.
 */
export class LoadTestService {
  private readonly runs = new Map<string, LoadEntry>();

  constructor(private readonly options: LoadTestServiceOptions) {}

  start(request: StartLoadTestRequest, owner: string | null): Result<StartLoadTestResponse> {
    const { settings } = request;
    if (settings.totalRequests === null && settings.durationS === null && owner === null) {
      return err('INVALID_REQUEST', 'A load test needs Total requests or Duration (s) when nothing can stop it; set one of them.', { field: 'settings.totalRequests' });
    }
    const found = this.options.codecFor(request);
    if (!found.ok) return found;
    const { codec, method } = found.value;
    const metadata = buildRequestMetadata(request.metadata);
    if (!metadata.ok) return metadata;
    if (request.connection.waitForReady === true) metadata.value.setOptions({ waitForReady: true });
    const streaming = method.kind === 'client_streaming' || method.kind === 'bidi_streaming';
    const encodedRequest = codec.encodeRequest(streaming ? '' : (request.requestJson ?? ''));
    if (!encodedRequest.ok) return encodedRequest;
    const streamMessages: Buffer[] = [];
    for (const [index, json] of request.streamMessages.entries()) {
      const encoded = codec.encodeRequest(json);
      if (!encoded.ok) return err(encoded.error.code, `Stream message ${index + 1}: ${encoded.error.message}`, encoded.error.details);
      streamMessages.push(Buffer.from(encoded.value.bytes));
    }
    if (streaming && streamMessages.length === 0) streamMessages.push(Buffer.from(encodedRequest.value.bytes));
    const opened = openLoadClients(request.connection, settings.connections);
    if (!opened.ok) return opened;
    const loadId = randomUUID();
    const run = new LoadRun({
      loadId,
      clients: opened.value.clients,
      path: `${opened.value.pathPrefix}${method.path}`,
      kind: method.kind,
      request: Buffer.from(encodedRequest.value.bytes),
      streamMessages,
      metadata: metadata.value,
      deadlineMs: request.deadlineMs,
      settings,
      onProgress: (snapshot) => this.options.emit(snapshot),
    });
    void run.done.then(() => {
      opened.value.close();
      this.forgetOldRuns();
    });
    this.runs.set(loadId, { run, request, owner, host: opened.value.displayTarget, insecure: !(request.connection.tls.enabled || /^https:/i.test(request.connection.target)) });
    return ok({ loadId });
  }

  stop(loadId: string): Result<null> {
    const entry = this.runs.get(loadId);
    if (!entry) return err('NOT_FOUND', `No load test ${loadId}: it was never started here or has been forgotten.`);
    entry.run.stop('stopped');
    return ok(null);
  }

  /** The run's current state (also while it runs). */
  snapshot(loadId: string): Result<LoadTestSnapshot> {
    const entry = this.runs.get(loadId);
    return entry ? ok(entry.run.snapshot()) : err('NOT_FOUND', `No load test ${loadId}: it was never started here or has been forgotten.`);
  }

  /** A finished run as ghz JSON and CSV. */
  report(loadId: string): Result<LoadTestReport> {
    const entry = this.runs.get(loadId);
    if (!entry) return err('NOT_FOUND', `No load test ${loadId}: it was never started here or has been forgotten.`);
    const { run, request } = entry;
    if (run.running) return err('INVALID_REQUEST', 'The load test is still running: stop it or wait for its end, then export.');
    const report = ghzReport({
      recorder: run.recorder,
      settings: request.settings,
      call: `${request.method.service}.${request.method.method}`,
      host: entry.host,
      insecure: entry.insecure,
      deadlineMs: request.deadlineMs,
      requestJson: request.requestJson,
      startedAtEpochMs: run.startedAtEpochMs,
      elapsedMs: run.elapsedMs,
      endReason: run.endReason(),
    });
    return ok({ ghzJson: JSON.stringify(report, null, 2), csv: loadCsv(run.recorder) });
  }

  /** Settles when the run has ended (for the CLI and tests). */
  finished(loadId: string): Promise<void> {
    return this.runs.get(loadId)?.run.done ?? Promise.resolve();
  }

  /** The page that started these runs is gone (see calls/call-owners.ts). */
  stopOwnedBy(pageId: string): void {
    for (const entry of this.runs.values()) if (entry.owner === pageId) entry.run.stop('page_gone');
  }

  async dispose(): Promise<void> {
    for (const entry of this.runs.values()) entry.run.stop('stopped');
    await Promise.all([...this.runs.values()].map((entry) => entry.run.done));
    for (const entry of this.runs.values()) entry.run.recorder.destroy();
    this.runs.clear();
  }

  private forgetOldRuns(): void {
    const finished = [...this.runs.entries()].filter(([, entry]) => !entry.run.running);
    for (const [loadId, entry] of finished.slice(0, Math.max(0, finished.length - KEPT_FINISHED_RUNS))) {
      entry.run.recorder.destroy();
      this.runs.delete(loadId);
    }
  }
}
