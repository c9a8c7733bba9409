import { performance } from 'node:perf_hooks';
import type { DescMethod, DescMethodStreaming, DescMethodUnary } from '@bufbuild/protobuf';
import type { Empty, EmptySchema } from '@bufbuild/protobuf/wkt';
import { statusCodeName, type CallStatus, type CallTiming } from '../../../shared/call-events';
import type { CatalogMethod } from '../../../shared/catalog';
import type { ChannelId } from '../../../shared/ids';
import type { MetadataEntry } from '../../../shared/metadata';
import { err, ok, type Result } from '../../../shared/result';
import type { CallTrace } from '../../../shared/trace-context';
import type { MethodCodec, StatusDetailsDecoder, StatusDetailsReading } from '../codec/method-codec';
import type { CallSessionShape } from '../calls/call-session-shape';
import type { EncodedRequest } from '../calls/call-session';
import { MESSAGE_PREVIEW_CHARS } from '../calls/message-preview';
import { readReceivedMessage, type SessionEvent } from '../calls/received-message';
import { errorEnd, okEnd, toReceivedHeaders, type ProtocolEnd } from './protocol-status';
import { bytesAsMessage, messageBytes, rawBytesMethod } from './raw-bytes-method';
import type { ObservedResponse, ProtocolTransport } from './protocol-transport';
import { RequestStream } from './request-stream';

export interface ConnectCallSessionParams {
  method: CatalogMethod;
  codec: MethodCodec;
  statusDecoder: StatusDetailsDecoder;
  /** "gRPC-Web" or "Connect", for messages. */
  protocolName: string;
  transport: ProtocolTransport;
  /** Told in the started event (these calls have no grpc-js channel; see call-registry.ts). */
  channelId: ChannelId;
  /** Request metadata, already checked (call-metadata.ts); "-bin" values are base64. */
  metadata: MetadataEntry[];
  /** null = no deadline. */
  deadlineMs: number | null;
  emitDefaults: boolean;
  trace?: CallTrace | null;
  /** Every event of the call; a big received message as a preview with its whole JSON on demand. */
  emit: (event: SessionEvent) => void;
}

/**
 * One gRPC-Web or Connect call of any kind the protocol allows, through a connect-node client
 * transport with raw bytes (raw-bytes-method.ts): the same CallEvents as CallSession, rendered by
 * the same codec. Status and ended come exactly once, also on cancel, deadline and connection
 * failure. The transport's connection is closed when the call ends.
 */
export class ConnectCallSession implements CallSessionShape {
  private startedAt = 0;
  private readonly abort = new AbortController();
  private readonly requests = new RequestStream<Empty>();
  private readonly descMethod: DescMethod;
  private responseHeaders: Headers | null = null;
  private responseStatus: number | null = null;
  private finished = false;
  private halfClosed = false;
  private started = false;
  private cancelReason: string | null = null;
  private cancelledHere = false;
  private readonly timing: CallTiming = {
    waitForConnectionMs: null,
    timeToHeadersMs: null,
    timeToFirstMessageMs: null,
    totalMs: 0,
    messagesSent: 0,
    messagesReceived: 0,
    bytesSent: 0,
    bytesReceived: 0,
  };

  constructor(private readonly params: ConnectCallSessionParams) {
    this.descMethod = rawBytesMethod(params.method);
  }

  get kind(): CatalogMethod['kind'] {
    return this.params.method.kind;
  }

  private now(): number {
    return performance.now() - this.startedAt;
  }

  /** The transport calls this when the HTTP response's status and headers arrive. */
  readonly observeResponse = (response: ObservedResponse): void => {
    if (this.finished || this.responseHeaders !== null) return;
    this.responseHeaders = response.header;
    this.responseStatus = response.status;
    const timeMs = this.now();
    this.timing.timeToHeadersMs = timeMs;
    this.params.emit({ type: 'headers', timeMs, metadata: toReceivedHeaders(response.header) });
  };

  start(request: EncodedRequest | null): void {
    const { method, transport } = this.params;
    this.startedAt = performance.now();
    this.started = true;
    this.params.emit({
      type: 'started',
      timeMs: 0,
      at: Date.now(),
      methodPath: method.path,
      kind: method.kind,
      target: transport.displayTarget,
      channelId: this.params.channelId,
      ...(this.params.trace ? { trace: this.params.trace } : {}),
    });
    const header = requestHeaders(this.params.metadata);
    const timeoutMs = this.params.deadlineMs ?? undefined;
    const { signal } = this.abort;
    const sendsOne = method.kind === 'unary' || method.kind === 'server_streaming';
    if (sendsOne) {
      if (request === null) {
        this.finish({ code: 13, details: `The call could not start: a ${method.kind} call needs its request message at start.`, trailers: [], statusBytes: null });
        return;
      }
      this.recordSent(request);
      this.halfClosed = true;
      this.params.emit({ type: 'half_closed', timeMs: this.now() });
    }
    if (method.kind === 'unary' && request !== null) {
      transport.transport
        .unary(this.descMethod as DescMethodUnary<typeof EmptySchema, typeof EmptySchema>, signal, timeoutMs, header, bytesAsMessage(request.bytes))
        .then(
          (response) => {
            this.recordReceived(messageBytes(response.message));
            this.finish(okEnd(response.trailer));
          },
          (e: unknown) => this.finish(this.errorEnd(e)),
        );
      return;
    }
    if (request !== null) {
      this.requests.write(bytesAsMessage(request.bytes));
      this.requests.end();
    }
    void this.runStream(header, timeoutMs, signal);
  }

  private async runStream(header: Headers, timeoutMs: number | undefined, signal: AbortSignal): Promise<void> {
    try {
      const response = await this.params.transport.transport.stream(this.descMethod as DescMethodStreaming<typeof EmptySchema, typeof EmptySchema>, signal, timeoutMs, header, this.requests);
      for await (const message of response.message) this.recordReceived(messageBytes(message));
      this.finish(okEnd(response.trailer));
    } catch (e) {
      this.finish(this.errorEnd(e));
    }
  }

  write(json: string): Result<{ index: number }> {
    const writable = this.writable('send a message');
    if (!writable.ok) return writable;
    const encoded = this.params.codec.encodeRequest(json);
    if (!encoded.ok) return encoded;
    const index = this.timing.messagesSent;
    this.requests.write(bytesAsMessage(encoded.value.bytes));
    this.recordSent(encoded.value);
    return ok({ index });
  }

  halfClose(): Result<null> {
    const kind = this.params.method.kind;
    if (kind === 'unary' || kind === 'server_streaming') {
      const name = kind === 'unary' ? 'a unary call' : 'a server-streaming call';
      return err('CALL_STATE', `Cannot half-close: ${name} has no client stream to close (its one request was sent, and the stream closed, when it started).`, { kind });
    }
    if (this.finished) return endedError('half-close');
    if (this.halfClosed) return err('CALL_STATE', 'Cannot half-close: the call is already half-closed (the client said it has no more messages); wait for the server to end it, or cancel it.', { state: 'half_closed' });
    this.requests.end();
    this.halfClosed = true;
    this.params.emit({ type: 'half_closed', timeMs: this.now() });
    return ok(null);
  }

  cancel(reason?: string): void {
    if (this.finished) return;
    this.cancelledHere = true;
    if (reason !== undefined) this.cancelReason = reason;
    this.requests.end();
    this.abort.abort();
  }

  private writable(action: string): Result<null> {
    const kind = this.params.method.kind;
    if (kind === 'unary' || kind === 'server_streaming') {
      return err('CALL_STATE', `Cannot ${action}: a ${kind === 'unary' ? 'unary' : 'server-streaming'} call takes its one request when it starts. Start a new call to send another.`, { kind });
    }
    if (this.finished) return endedError(action);
    if (this.halfClosed) return err('CALL_STATE', `Cannot ${action}: the call is half-closed (the client said it has no more messages). Start a new call to send more.`, { state: 'half_closed' });
    if (!this.started) return err('CALL_STATE', `Cannot ${action}: the call did not start.`);
    return ok(null);
  }

  private recordSent(request: EncodedRequest): void {
    const index = this.timing.messagesSent;
    this.timing.messagesSent += 1;
    this.timing.bytesSent += request.bytes.byteLength;
    this.params.emit({ type: 'message', direction: 'sent', index, timeMs: this.now(), bytes: request.bytes.byteLength, json: request.json });
  }

  private recordReceived(bytes: Uint8Array): void {
    if (this.finished) return;
    const timeMs = this.now();
    const index = this.timing.messagesReceived;
    this.timing.messagesReceived += 1;
    this.timing.bytesReceived += bytes.byteLength;
    this.timing.timeToFirstMessageMs ??= timeMs;
    const read = readReceivedMessage(this.params.codec, bytes, this.params.emitDefaults, MESSAGE_PREVIEW_CHARS);
    this.params.emit({ type: 'message', direction: 'received', index, timeMs, bytes: bytes.byteLength, ...read.shown, ...(read.whole ? { whole: read.whole } : {}) });
  }

  private errorEnd(e: unknown): ProtocolEnd {
    return errorEnd(e, {
      protocolName: this.params.protocolName,
      target: this.params.transport.displayTarget,
      security: this.params.transport.security,
      deadlineMs: this.params.deadlineMs,
      headersReceived: this.responseHeaders !== null,
      cancelReason: this.cancelReason,
      cancelledHere: this.cancelledHere,
      responseHeaders: this.responseHeaders,
      responseStatus: this.responseStatus,
      httpVersion: this.params.transport.httpVersion,
    });
  }

  private decodeDetails(statusBytes: Uint8Array | null): StatusDetailsReading | null {
    if (statusBytes === null) return null;
    try {
      return this.params.statusDecoder(statusBytes);
    } catch {
      return null;
    }
  }

  private finish(end: ProtocolEnd): void {
    if (this.finished) return;
    this.finished = true;
    this.halfClosed = true;
    this.requests.end();
    const timeMs = this.now();
    this.timing.totalMs = timeMs;
    const rich = this.decodeDetails(end.statusBytes);
    const status: CallStatus = { code: end.code, codeName: statusCodeName(end.code), details: end.details, trailers: end.trailers, richDetails: rich?.details ?? null };
    this.params.transport.close();
    this.params.emit({ type: 'status', timeMs, status });
    this.params.emit({ type: 'ended', timeMs, timing: { ...this.timing } });
  }
}

function endedError(action: string): Result<never> {
  return err('CALL_STATE', `Cannot ${action}: the call has already ended. Start a new call.`, { state: 'ended' });
}

/** The checked metadata as HTTP headers; "-bin" values travel base64 in both protocols. */
function requestHeaders(entries: readonly MetadataEntry[]): Headers {
  const headers = new Headers();
  for (const { key, value } of entries) {
    const name = key.trim().toLowerCase();
    if (name === '' && value.trim() === '') continue;
    headers.append(name, name.endsWith('-bin') ? Buffer.from(value.trim(), 'base64').toString('base64') : value);
  }
  return headers;
}
