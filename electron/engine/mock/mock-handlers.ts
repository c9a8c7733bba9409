import {
  Metadata,
  status as grpcStatus,
  type ServerDuplexStream,
  type ServerErrorResponse,
  type ServerReadableStream,
  type ServerUnaryCall,
  type ServerWritableStream,
  type UntypedHandleCall,
  type sendUnaryData,
} from '@grpc/grpc-js';
import type { DescMethod } from '@bufbuild/protobuf';
import type { MockRequestRecord } from '../../../shared/mock';
import { callSignal, sleep, waitForDrain } from '../demo/call-cancellation';
import type { CompiledRule } from './compiled-rules';
import type { MockMethodCodec } from './mock-method-codec';
import type { MockRequestLog } from './mock-request-log';

const STATUS_DETAILS_TRAILER = 'grpc-status-details-bin';

export interface MockHandlerContext {
  method: DescMethod;
  codec: MockMethodCodec;
  /** Read per call, so mock:setRules applies to the next call at once. */
  rule(): CompiledRule;
  log: MockRequestLog;
  /** Fires when the server stops: every wait ends. */
  serverSignal: AbortSignal;
}

/** A grpc-js handler for one method carrying raw bytes (the service definition's serializers are identities). */
export function mockHandler(context: MockHandlerContext): UntypedHandleCall {
  switch (context.method.methodKind) {
    case 'unary':
      return (call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>) => void unary(context, call, callback);
    case 'server_streaming':
      return (call: ServerWritableStream<Buffer, Buffer>) => void serverStreaming(context, call);
    case 'client_streaming':
      return (call: ServerReadableStream<Buffer, Buffer>, callback: sendUnaryData<Buffer>) => clientStreaming(context, call, callback);
    case 'bidi_streaming':
      return (call: ServerDuplexStream<Buffer, Buffer>) => bidiStreaming(context, call);
  }
}

function pathOf(method: DescMethod): string {
  return `/${method.parent.typeName}/${method.name}`;
}

function recordMessage(context: MockHandlerContext, record: MockRequestRecord, bytes: Buffer): void {
  const read = context.codec.readRequest(bytes, { emitDefaults: false });
  context.log.message(record, read.ok ? read.value.json : `(${bytes.length} bytes that are not a ${context.method.input.typeName}: ${read.error.message})`);
}

function failure(rule: CompiledRule): ServerErrorResponse {
  const status = rule.status as NonNullable<CompiledRule['status']>;
  const metadata = new Metadata();
  if (status.detailsBin !== null) metadata.set(STATUS_DETAILS_TRAILER, status.detailsBin);
  return Object.assign(new Error(status.message), { code: status.code, details: status.message, metadata });
}

async function unary(context: MockHandlerContext, call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>): Promise<void> {
  const record = context.log.received(pathOf(context.method), call.metadata);
  recordMessage(context, record, call.request);
  await answerOnce(context, call, record, callback);
}

function clientStreaming(context: MockHandlerContext, call: ServerReadableStream<Buffer, Buffer>, callback: sendUnaryData<Buffer>): void {
  const record = context.log.received(pathOf(context.method), call.metadata);
  call.on('data', (bytes: Buffer) => recordMessage(context, record, bytes));
  // The answer comes after the client half-closes, as a real client-streaming server's would.
  call.on('end', () => void answerOnce(context, call, record, callback));
  call.on('cancelled', () => context.log.ended(record, grpcStatus.CANCELLED, 'Cancelled by the client.'));
}

/** Unary and client streaming: the latency, then the rule's status or its one response. */
async function answerOnce(
  context: MockHandlerContext,
  call: ServerUnaryCall<Buffer, Buffer> | ServerReadableStream<Buffer, Buffer>,
  record: MockRequestRecord,
  callback: sendUnaryData<Buffer>,
): Promise<void> {
  const rule = context.rule();
  const signal = callSignal(call, context.serverSignal);
  if (rule.latencyMs > 0 && !(await sleep(rule.latencyMs, signal))) {
    context.log.ended(record, grpcStatus.CANCELLED, 'Cancelled before the mock answered.');
    return;
  }
  if (rule.status !== null) {
    context.log.ended(record, rule.status.code, rule.status.message);
    callback(failure(rule));
    return;
  }
  context.log.ended(record, grpcStatus.OK, '');
  callback(null, rule.response);
}

async function serverStreaming(context: MockHandlerContext, call: ServerWritableStream<Buffer, Buffer>): Promise<void> {
  const record = context.log.received(pathOf(context.method), call.metadata);
  recordMessage(context, record, call.request);
  const rule = context.rule();
  const signal = callSignal(call, context.serverSignal);
  const cancelled = () => context.log.ended(record, grpcStatus.CANCELLED, 'Cancelled while the mock streamed.');
  if (rule.latencyMs > 0 && !(await sleep(rule.latencyMs, signal))) return cancelled();
  if (rule.status !== null) {
    context.log.ended(record, rule.status.code, rule.status.message);
    call.emit('error', failure(rule));
    return;
  }
  for (let index = 0; index < rule.messageCount; index++) {
    if (signal.aborted) return cancelled();
    if (index > 0 && rule.intervalMs > 0 && !(await sleep(rule.intervalMs, signal))) return cancelled();
    // A full buffer means the client reads slower than we write: wait instead of queueing.
    if (!call.write(rule.response) && !(await waitForDrain(call, signal))) return cancelled();
  }
  context.log.ended(record, grpcStatus.OK, '');
  call.end();
}

/**
 * Bidi: one reply per received message, each after the rule's latency, in order; a status rule
 * ends the call with it after the latency. The call ends OK once the client half-closed and
 * every reply went out.
 */
function bidiStreaming(context: MockHandlerContext, call: ServerDuplexStream<Buffer, Buffer>): void {
  const record = context.log.received(pathOf(context.method), call.metadata);
  const signal = callSignal(call, context.serverSignal);
  let replies: Promise<boolean> = Promise.resolve(true);
  let finished = false;
  const finish = (code: number, message: string, send: () => void) => {
    if (finished) return;
    finished = true;
    context.log.ended(record, code, message);
    send();
  };
  call.on('cancelled', () => finish(grpcStatus.CANCELLED, 'Cancelled by the client.', () => undefined));

  const first = context.rule();
  if (first.status !== null) {
    void sleep(first.latencyMs, signal).then((waited) => {
      if (waited) finish(first.status?.code ?? grpcStatus.UNKNOWN, first.status?.message ?? '', () => call.emit('error', failure(first)));
    });
  }
  call.on('data', (bytes: Buffer) => {
    recordMessage(context, record, bytes);
    if (first.status !== null) return;
    replies = replies.then(async (going) => {
      if (!going || finished) return false;
      const rule = context.rule();
      if (rule.latencyMs > 0 && !(await sleep(rule.latencyMs, signal))) return false;
      return call.write(rule.response) || (await waitForDrain(call, signal));
    });
  });
  call.on('end', () => {
    if (first.status !== null) return;
    void replies.then((going) => {
      if (going) finish(grpcStatus.OK, '', () => call.end());
    });
  });
}
