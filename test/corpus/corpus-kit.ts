// The bad-input corpus's harness: one real engine (temp data dir, its demo server) driven
// through the same validated dispatch both shells use. A case does one bad thing and reports
// what the user would see, as an Outcome: a refused request's error, or a call's final status.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallEvent } from '../../shared/call-events';
import { defaultConnectionSettings, type ConnectionSettings } from '../../shared/connection';
import type { ChannelName, ChannelRequest, ChannelResponse, DemoServerInfo, MethodRef, StartCallRequest } from '../../shared/contract';
import type { CallId } from '../../shared/ids';
import type { MetadataEntry } from '../../shared/metadata';
import type { Result } from '../../shared/result';
import { createValidatedDispatch, type ValidatedDispatch } from '../../electron/engine/dispatch/validated-dispatch';
import type { WorkbenchEngine } from '../../electron/engine/engine-api';
import { createWorkbenchEngine } from '../../electron/engine/workbench-engine';

/** What the user is told: a refused request (via 'result') or the status a call ended with. */
export interface Outcome {
  via: 'result' | 'status' | 'thrown';
  /** ErrorCode for results, status code name for calls, 'WARNING' for an import that worked with warnings, 'THROWN' for an exception. */
  code: string;
  message: string;
}

export interface CorpusCase {
  name: string;
  run(kit: CorpusKit): Promise<Outcome>;
  /** The specific code expected. */
  code: string;
  /** Must name the problem; strict enough to fail if the message became generic. */
  message: RegExp;
  /** What must work right after it on the same engine. Default 'call'. */
  recover?: 'call' | 'import' | 'stream';
  /** A defect this case shows: the case is skipped (it.skip) so the branch stays green, and the text says what is wrong. */
  defect?: string;
}

export interface CorpusCategory {
  category: string;
  cases: CorpusCase[];
}

/** Messages that do not name a problem: stack traces, "bug", "unexpected". */
export const GENERIC_MESSAGE = /This is a bug|Unexpected failure|failed unexpectedly|\n\s+at |^Error$|^undefined$|\[object Object\]/;

export function isCrash(outcome: Outcome): boolean {
  return outcome.via === 'thrown' || outcome.code === 'INTERNAL';
}

export interface CorpusKit {
  dir: string;
  engine: WorkbenchEngine;
  dispatch: ValidatedDispatch;
  demo: DemoServerInfo;
  invoke<C extends ChannelName>(channel: C, request: ChannelRequest<C>): Promise<Result<ChannelResponse<C>>>;
  /** A file in the kit's folder with this content; returns its path. */
  file(name: string, content: string | Buffer): string;
  ref(method: string): MethodRef;
  connection(overrides?: Partial<ConnectionSettings>): ConnectionSettings;
  /** A calls:start request for a demo method; unary/server-streaming get requestJson. */
  callRequest(method: string, requestJson: string | null, overrides?: Partial<StartCallRequest>): StartCallRequest;
  /** Starts the call; the refusal, or the status it ended with. */
  callOutcome(request: StartCallRequest): Promise<Outcome>;
  /** The error of a Result (or OK with the value, which fails the case). */
  resultOutcome(result: Promise<Result<unknown>>): Promise<Outcome>;
  startStream(method: 'Chat' | 'Sum' | 'CountUp' | 'Slow', requestJson?: string | null): Promise<CallId>;
  ended(callId: CallId, timeoutMs?: number): Promise<CallEvent[]>;
  events(callId: CallId): CallEvent[];
  goodCall(): Promise<void>;
  goodImport(): Promise<void>;
  goodStream(): Promise<void>;
  dispose(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function createCorpusKit(): Promise<CorpusKit> {
  const dir = mkdtempSync(join(tmpdir(), 'gw-corpus-'));
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir);
  const engine = createWorkbenchEngine({ dataDir, shell: 'browser' });
  const dispatch = createValidatedDispatch(engine);
  const byCall = new Map<string, CallEvent[]>();
  engine.onEvents((batch) => {
    for (const e of batch.events) {
      if (e.kind === 'call') byCall.set(e.callId, [...(byCall.get(e.callId) ?? []), e.event]);
    }
  });
  const invoke = (<C extends ChannelName>(channel: C, request: ChannelRequest<C>) =>
    dispatch(channel, request) as Promise<Result<ChannelResponse<C>>>) as CorpusKit['invoke'];
  const started = await invoke('demo:start', { port: null });
  if (!started.ok) throw new Error(`demo:start: ${started.error.message}`);
  const demo = started.value;

  const ref = (method: string): MethodRef => ({ protoSetId: demo.protoSet.id, service: 'demo.v1.DemoService', method });
  const connection = (overrides: Partial<ConnectionSettings> = {}) => ({ ...defaultConnectionSettings(demo.address), ...overrides });
  const callRequest = (method: string, requestJson: string | null, overrides: Partial<StartCallRequest> = {}): StartCallRequest => ({
    method: ref(method),
    connection: connection(),
    metadata: [],
    deadlineMs: 10_000,
    requestJson,
    options: { emitDefaults: false },
    ...overrides,
  });

  async function ended(callId: CallId, timeoutMs = 15_000): Promise<CallEvent[]> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const events = byCall.get(callId) ?? [];
      if (events.some((e) => e.type === 'ended')) return events;
      await sleep(5);
    }
    throw new Error(`call ${callId} did not end within ${timeoutMs} ms`);
  }

  async function resultOutcome(result: Promise<Result<unknown>>): Promise<Outcome> {
    try {
      const answer = await result;
      if (answer.ok) {
        // An import that worked but told the user something (an empty file, a missing folder).
        const warnings = (answer.value as { warnings?: unknown } | null)?.warnings;
        if (Array.isArray(warnings) && warnings.length > 0) return { via: 'result', code: 'WARNING', message: warnings.join('; ') };
        return { via: 'result', code: 'OK', message: JSON.stringify(answer.value)?.slice(0, 300) ?? 'null' };
      }
      return { via: 'result', code: answer.error.code, message: answer.error.message };
    } catch (e) {
      return { via: 'thrown', code: 'THROWN', message: String((e as Error).stack ?? e) };
    }
  }

  async function callOutcome(request: StartCallRequest): Promise<Outcome> {
    try {
      const answer = await invoke('calls:start', request);
      if (!answer.ok) return { via: 'result', code: answer.error.code, message: answer.error.message };
      const events = await ended(answer.value.callId);
      const status = events.find((e) => e.type === 'status');
      if (status?.type !== 'status') return { via: 'status', code: 'NO_STATUS', message: 'the call ended without a status' };
      return { via: 'status', code: status.status.codeName, message: status.status.details };
    } catch (e) {
      return { via: 'thrown', code: 'THROWN', message: String((e as Error).stack ?? e) };
    }
  }

  async function startStream(method: 'Chat' | 'Sum' | 'CountUp' | 'Slow', requestJson: string | null = null): Promise<CallId> {
    const answer = await invoke('calls:start', callRequest(method, requestJson, { deadlineMs: 30_000 }));
    if (!answer.ok) throw new Error(`${method}: ${answer.error.message}`);
    return answer.value.callId;
  }

  const goodProto = join(dir, 'good', 'good.proto');
  mkdirSync(join(dir, 'good'));
  let goodImports = 0;

  const kit: CorpusKit = {
    dir,
    engine,
    dispatch,
    demo,
    invoke,
    file(name, content) {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
    ref,
    connection,
    callRequest,
    callOutcome,
    resultOutcome,
    startStream,
    ended,
    events: (callId) => byCall.get(callId) ?? [],
    async goodCall() {
      const outcome = await callOutcome(callRequest('Echo', '{"message":"still fine"}'));
      if (outcome.code !== 'OK') throw new Error(`the good call after it failed: ${outcome.code}: ${outcome.message}`);
    },
    async goodImport() {
      // A new message name each time, so the descriptor cache cannot answer without protoc.
      goodImports += 1;
      writeFileSync(goodProto, `syntax = "proto3";\npackage good.v1;\nmessage Fine${goodImports} { string name = 1; }\nservice Good { rpc Ping(Fine${goodImports}) returns (Fine${goodImports}); }\n`);
      const answer = await invoke('protos:compile', { protoFiles: [goodProto], importPaths: [join(dir, 'good')] });
      if (!answer.ok) throw new Error(`the good import after it failed: ${answer.error.code}: ${answer.error.message}`);
      await invoke('protos:remove', { protoSetId: answer.value.id });
    },
    async goodStream() {
      const callId = await startStream('Chat');
      const written = await invoke('calls:write', { callId, json: '{"user":"ada","text":"hi"}' });
      if (!written.ok) throw new Error(`the good stream write failed: ${written.error.message}`);
      const closed = await invoke('calls:halfClose', { callId });
      if (!closed.ok) throw new Error(`the good stream half-close failed: ${closed.error.message}`);
      const events = await ended(callId);
      const status = events.find((e) => e.type === 'status');
      if (status?.type !== 'status' || status.status.codeName !== 'OK') throw new Error(`the good stream ended ${JSON.stringify(status)}`);
      if (!events.some((e) => e.type === 'message' && e.direction === 'received')) throw new Error('the good stream got no reply');
    },
    async dispose() {
      await engine.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return kit;
}

/** A request carrying this metadata. */
export function withMetadata(kit: CorpusKit, metadata: MetadataEntry[]): StartCallRequest {
  return kit.callRequest('Echo', '{"message":"hi"}', { metadata });
}

/** A FIFO at `path` (mkfifo), for "a path that never ends". */
export function makeFifo(path: string): string {
  execFileSync('mkfifo', [path]);
  return path;
}

/** A sparse file of `bytes` bytes: huge on paper, nothing on disk. */
export function makeSparseFile(path: string, bytes: number): string {
  execFileSync('truncate', ['-s', String(bytes), path]);
  return path;
}
