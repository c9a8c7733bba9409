import { request as httpRequest, type ClientRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { performance } from 'node:perf_hooks';
import { status as GrpcStatus, type Metadata } from '@grpc/grpc-js';
import { statusCodeName, type CallEvent, type CallStatus, type CallTiming, type UndecodableMessage } from '../../../shared/call-events';
import type { CatalogMethod } from '../../../shared/catalog';
import { DEFAULT_MAX_RECEIVE_BYTES, type ConnectionSettings } from '../../../shared/connection';
import type { HttpRule } from '../../../shared/http-rule';
import { pickHttpRule } from '../../../shared/http-rule';
import { buildTranscodedRequest, type TranscodedHttpRequest } from '../../../shared/http-transcoding';
import { asChannelId } from '../../../shared/ids';
import type { ReceivedMetadata } from '../../../shared/metadata';
import { err, ok, type Result } from '../../../shared/result';
import type { CallTrace } from '../../../shared/trace-context';
import type { MethodCodec, StatusDetailsDecoder } from '../codec/method-codec';
import { WORKBENCH_USER_AGENT } from '../transport/channel-options';
import type { EncodedRequest } from '../calls/call-session';
import { gatewayStatusBytes } from './gateway-status-bytes';
import { grpcCodeForHttpStatus, readGatewayStatus, type GatewayStatus } from './http-error-status';
import { httpEndpointFor, type HttpEndpoint } from './http-request-options';

export interface TranscodedCallParams {
  method: CatalogMethod;
  codec: MethodCodec;
  statusDecoder: StatusDetailsDecoder;
  connection: ConnectionSettings;
  /** Checked request metadata (calls/call-metadata.ts); sent as HTTP headers as typed. */
  metadata: Metadata;
  /** null = no deadline. */
  deadlineMs: number | null;
  emitDefaults: boolean;
  /** Which of the method's rules to use: 0 = the primary rule, n = its nth additional binding. */
  ruleIndex?: number;
  trace?: CallTrace | null;
  emit: (event: CallEvent) => void;
}

/** Prefixes grpc-gateway gives gRPC response headers and trailers it forwards as HTTP headers. */
const TRAILER_PREFIX = 'grpc-trailer-';
/** Bytes of an error body quoted in a status message. */
const QUOTED_BODY_CHARS = 300;

const ignore = (): void => undefined;

/**
 * Prepare an HTTP/JSON call of a unary or server-streaming method through its google.api.http
 * rule (grpc-gateway and other transcoders in front of a gRPC server). Everything the user can
 * get wrong is refused here, before any event: a client or bidi stream (HTTP/JSON has no way to
 * carry one), no rule, a rule index out of range, a path field missing or not matching its
 * template, a target with no HTTP URL, TLS files.
 */
export function prepareTranscodedCall(params: TranscodedCallParams, request: EncodedRequest | null): Result<TranscodedCallSession> {
  const { method } = params;
  if (method.kind === 'client_streaming' || method.kind === 'bidi_streaming') {
    const kind = method.kind === 'client_streaming' ? 'client-streaming' : 'bidirectional-streaming';
    return err(
      'UNSUPPORTED',
      `${method.fullName} is a ${kind} method, and HTTP/JSON transcoding carries one request message per HTTP request, so it cannot send a stream of them. Call it with the gRPC protocol.`,
      { field: 'protocol', kind: method.kind },
    );
  }
  const rules = method.httpRules ?? [];
  if (rules.length === 0) {
    return err('UNSUPPORTED', `${method.fullName} has no google.api.http rule (option (google.api.http) in its .proto), so there is no HTTP route to call. Call it with the gRPC protocol, or import the .proto that has its HTTP annotations.`, { field: 'protocol' });
  }
  const picked = pickHttpRule(method.fullName, rules, params.ruleIndex);
  if (!picked.ok) return picked;
  const rule = picked.value;
  if (request === null) return err('INVALID_REQUEST', `${method.fullName} needs the request JSON at start.`, { field: 'requestJson' });
  const endpoint = httpEndpointFor(params.connection);
  if (!endpoint.ok) return endpoint;
  let parsed: unknown;
  try {
    parsed = JSON.parse(request.json);
  } catch {
    return err('BAD_JSON', 'The request is not JSON.', { path: '' });
  }
  const built = buildTranscodedRequest(rule, parsed);
  if (!built.ok) return built;
  return ok(new TranscodedCallSession(params, rule, endpoint.value, built.value));
}

/**
 * One HTTP/JSON call, with the shape and events of calls/call-session.ts's CallSession: started,
 * headers (the HTTP response headers), the sent and received messages (received JSON read back
 * through the method's codec, so it shows like a gRPC response), half_closed, one status (a
 * gateway's error body, else the HTTP status mapped to a gRPC code) and one ended with timing.
 * A server stream is grpc-gateway's newline-delimited JSON: {"result": ...} per message, an
 * {"error": ...} line ends it with that status.
 */
export class TranscodedCallSession {
  private startedAt = 0;
  private finished = false;
  private request: ClientRequest | null = null;
  private cancelReason: string | null = null;
  private deadlineTimer: NodeJS.Timeout | null = null;
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

  constructor(
    private readonly params: TranscodedCallParams,
    readonly rule: HttpRule,
    private readonly endpoint: HttpEndpoint,
    readonly httpRequest: TranscodedHttpRequest,
  ) {}

  get kind(): CatalogMethod['kind'] {
    return this.params.method.kind;
  }

  get isFinished(): boolean {
    return this.finished;
  }

  get isHalfClosed(): boolean {
    return true;
  }

  /** The URL the call goes to. */
  get url(): string {
    return this.endpoint.baseUrl + this.httpRequest.pathAndQuery;
  }

  private now(): number {
    return performance.now() - this.startedAt;
  }

  start(request: EncodedRequest | null): void {
    const { method } = this.params;
    this.startedAt = performance.now();
    this.params.emit({
      type: 'started',
      timeMs: 0,
      at: Date.now(),
      methodPath: method.path,
      kind: method.kind,
      target: `${this.httpRequest.method} ${this.url}`,
      channelId: asChannelId(`http-json:${this.endpoint.baseUrl}`),
      ...(this.params.trace ? { trace: this.params.trace } : {}),
    });
    let outgoing: ClientRequest;
    try {
      outgoing = this.open();
    } catch (e) {
      this.finish(GrpcStatus.INTERNAL, `The HTTP request could not start: ${(e as Error).message}`);
      return;
    }
    this.request = outgoing;
    if (request !== null) {
      this.timing.messagesSent = 1;
      this.timing.bytesSent = request.bytes.byteLength;
      this.params.emit({ type: 'message', direction: 'sent', index: 0, timeMs: this.now(), bytes: request.bytes.byteLength, json: request.json });
    }
    outgoing.end(this.httpRequest.body ?? undefined);
    this.params.emit({ type: 'half_closed', timeMs: this.now() });
    if (this.params.deadlineMs !== null) {
      const deadlineMs = this.params.deadlineMs;
      this.deadlineTimer = setTimeout(() => this.abort(GrpcStatus.DEADLINE_EXCEEDED, `Deadline of ${deadlineMs} ms exceeded ${this.timing.timeToHeadersMs === null ? 'before the HTTP response headers came' : 'while the HTTP response was still coming'}.`), deadlineMs);
    }
  }

  write(): Result<{ index: number }> {
    return err('CALL_STATE', `Cannot send a message: an HTTP/JSON call takes its one request when it starts. Start a new call to send another.`, { kind: this.kind });
  }

  halfClose(): Result<null> {
    return err('CALL_STATE', 'Cannot half-close: an HTTP/JSON call sends its one request, and closes its side, when it starts.', { kind: this.kind });
  }

  cancel(reason?: string): void {
    if (this.finished) return;
    if (reason !== undefined) this.cancelReason = reason;
    this.abort(GrpcStatus.CANCELLED, this.cancelReason ?? 'Cancelled by the client.');
  }

  private open(): ClientRequest {
    const { body, method } = this.httpRequest;
    const headers: OutgoingHttpHeaders = {};
    for (const [key, values] of Object.entries(this.params.metadata.toJSON())) {
      headers[key] = values.map((value) => (typeof value === 'string' ? value : Buffer.from(value).toString('base64')));
    }
    const userAgent = this.params.connection.userAgent.trim();
    headers['user-agent'] = userAgent === '' ? WORKBENCH_USER_AGENT : `${userAgent} ${WORKBENCH_USER_AGENT}`;
    headers['accept'] = 'application/json';
    if (body !== null) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(body);
    }
    // grpc-gateway turns Grpc-Timeout into the deadline of the gRPC call it makes.
    if (this.params.deadlineMs !== null) headers['grpc-timeout'] = `${Math.ceil(this.params.deadlineMs)}m`;
    if (this.endpoint.hostOverride !== null) headers['host'] = this.endpoint.hostOverride;
    const url = new URL(this.url);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const outgoing = send(url, { method, headers, ...this.endpoint.options });
    outgoing.on('response', (response) => this.onResponse(response));
    outgoing.on('error', (error) => this.finish(...this.requestFailure(error)));
    return outgoing;
  }

  private requestFailure(error: NodeJS.ErrnoException): [number, string] {
    const where = `${this.httpRequest.method} ${this.url}`;
    switch (error.code) {
      case 'ECONNREFUSED':
        return [GrpcStatus.UNAVAILABLE, `Connection refused by ${this.endpoint.baseUrl}: nothing listens there. Is the server (or its HTTP/JSON gateway) running on that port?`];
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        return [GrpcStatus.UNAVAILABLE, `The host of ${this.endpoint.baseUrl} could not be resolved (${error.code}). Check the server address.`];
      case 'ECONNRESET':
        return [GrpcStatus.UNAVAILABLE, `The server closed the connection during ${where} (ECONNRESET). If it serves TLS, switch TLS on; if it speaks only HTTP/2 gRPC, use the gRPC protocol.`];
      case 'EPROTO':
      case 'ERR_SSL_WRONG_VERSION_NUMBER':
        return [GrpcStatus.UNAVAILABLE, `TLS failed with ${this.endpoint.baseUrl} (${error.message}). If the server is plaintext, switch TLS off.`];
      default:
        return [GrpcStatus.UNAVAILABLE, `${where} failed: ${error.message}${error.code ? ` (${error.code})` : ''}.`];
    }
  }

  private abort(code: number, details: string): void {
    if (this.finished) return;
    this.finish(code, details);
    this.request?.destroy();
  }

  private onResponse(response: IncomingMessage): void {
    if (this.finished) {
      response.destroy();
      return;
    }
    const timeMs = this.now();
    this.timing.timeToHeadersMs = timeMs;
    const socket = response.socket;
    const peer = socket?.remoteAddress ? `${socket.remoteAddress.includes(':') ? `[${socket.remoteAddress}]` : socket.remoteAddress}:${socket.remotePort ?? ''}` : null;
    if (peer !== null) this.timing.peer = peer;
    const metadata = rawHeaderEntries(response.rawHeaders);
    this.params.emit({ type: 'headers', timeMs, metadata, ...(peer !== null ? { peer } : {}) });
    // A connection lost mid-answer ends without 'end'.
    response.on('close', () => {
      if (!this.finished) this.finish(GrpcStatus.UNAVAILABLE, `The connection to ${this.endpoint.baseUrl} closed before the HTTP response was complete.`, response);
    });
    const status = response.statusCode ?? 0;
    const ok2xx = status >= 200 && status < 300;
    if (ok2xx && this.kind === 'server_streaming') this.readStream(response);
    else this.readWhole(response, ok2xx);
  }

  private receiveLimit(): number {
    const limit = this.params.connection.maxReceiveBytes;
    return limit === null ? DEFAULT_MAX_RECEIVE_BYTES : limit < 0 ? Number.POSITIVE_INFINITY : limit;
  }

  /** A unary answer, or an error answer of any call: the whole body, then one message or the status it carries. */
  private readWhole(response: IncomingMessage, success: boolean): void {
    const chunks: Buffer[] = [];
    let size = 0;
    const limit = this.receiveLimit();
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        this.abort(GrpcStatus.RESOURCE_EXHAUSTED, `The HTTP response is over ${limit} bytes, this connection's receive limit (Max receive size). Raise it in Connection settings.`);
        return;
      }
      chunks.push(chunk);
    });
    response.on('error', ignore);
    response.on('end', () => {
      if (this.finished) return;
      const text = Buffer.concat(chunks).toString('utf8');
      if (!success) {
        this.finishWithError(response, text);
        return;
      }
      const json = parseJson(text);
      if (json === undefined) {
        this.finish(GrpcStatus.INTERNAL, `The server answered HTTP ${response.statusCode ?? 0} with a body that is not JSON (content-type ${response.headers['content-type'] ?? 'none'}): ${quote(text)}`, response);
        return;
      }
      if (this.receive(json)) this.finish(GrpcStatus.OK, '', response);
    });
  }

  /** grpc-gateway's server stream: one JSON object per line. */
  private readStream(response: IncomingMessage): void {
    let pending = '';
    let size = 0;
    const limit = this.receiveLimit();
    const line = (text: string): void => {
      if (this.finished || text.trim() === '') return;
      const json = parseJson(text);
      const result = isObject(json) ? json : null;
      if (result !== null && 'error' in result) {
        const status = readGatewayStatus(result['error']);
        if (status !== null) this.finishWithStatus(status, response);
        else this.finish(GrpcStatus.UNKNOWN, `The stream ended with an error the client cannot read: ${quote(text)}`, response);
        this.request?.destroy();
        return;
      }
      if (result === null || !('result' in result)) {
        this.abort(GrpcStatus.INTERNAL, `A line of the server stream is not grpc-gateway's {"result": ...} or {"error": ...}: ${quote(text)}`);
        return;
      }
      if (!this.receive(result['result'])) this.request?.destroy();
    };
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      pending += chunk;
      let newline = pending.indexOf('\n');
      while (newline >= 0) {
        const text = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        size = 0;
        line(text);
        newline = pending.indexOf('\n');
      }
      size = pending.length;
      if (size > limit) this.abort(GrpcStatus.RESOURCE_EXHAUSTED, `A message of the server stream is over ${limit} bytes, this connection's receive limit (Max receive size). Raise it in Connection settings.`);
    });
    response.on('error', ignore);
    response.on('end', () => {
      line(pending);
      pending = '';
      if (!this.finished) this.finish(GrpcStatus.OK, '', response);
    });
  }

  /** One received message from its JSON; false (and the call ends) when it cannot be read as the output type. */
  private receive(value: unknown): boolean {
    const { codec, emitDefaults } = this.params;
    const timeMs = this.now();
    const field = this.rule.responseBody;
    const message = field === '' ? value : { [this.rule.jsonNames[field]?.[0] ?? field]: value };
    const bytes = codec.responseFromJson?.(message) ?? err('INTERNAL', 'This codec cannot read JSON responses.');
    const index = this.timing.messagesReceived;
    this.timing.messagesReceived += 1;
    this.timing.timeToFirstMessageMs ??= timeMs;
    if (!bytes.ok) {
      const undecodable = bytes.error.details?.['undecodable'] as UndecodableMessage | undefined;
      const json = JSON.stringify({ '@error': bytes.error.message, '@json': message });
      this.params.emit({ type: 'message', direction: 'received', index, timeMs, bytes: 0, json, ...(undecodable ? { undecodable } : {}) });
      this.finish(GrpcStatus.INTERNAL, `${bytes.error.message} The server's proto may differ from the one imported.`);
      return false;
    }
    this.timing.bytesReceived += bytes.value.byteLength;
    const read = codec.readResponse(bytes.value, { emitDefaults });
    const shown = read.ok
      ? { json: read.value.json, ...(read.value.unknownFields.length > 0 ? { unknownFields: read.value.unknownFields } : {}), ...(read.value.notes.length > 0 ? { notes: read.value.notes } : {}) }
      : { json: JSON.stringify({ '@error': read.error.message }) };
    this.params.emit({ type: 'message', direction: 'received', index, timeMs, bytes: bytes.value.byteLength, ...shown });
    return true;
  }

  private finishWithError(response: IncomingMessage, text: string): void {
    const httpStatus = response.statusCode ?? 0;
    const gateway = readGatewayStatus(parseJson(text));
    if (gateway !== null && gateway.code !== GrpcStatus.OK) {
      this.finishWithStatus(gateway, response);
      return;
    }
    const code = grpcCodeForHttpStatus(httpStatus);
    const route = `${this.httpRequest.method} ${this.url}`;
    const hint = httpStatus === 404 || httpStatus === 405 ? ' The server has no such HTTP route: check the server address (a path prefix?) and that it serves this rule.' : '';
    this.finish(code, `HTTP ${httpStatus}${response.statusMessage ? ` ${response.statusMessage}` : ''} from ${route}.${hint}${text.trim() === '' ? '' : ` Body: ${quote(text)}`}`, response);
  }

  private finishWithStatus(status: GatewayStatus, response: IncomingMessage): void {
    this.finish(status.code, status.message, response, gatewayStatusBytes(status, null));
  }

  private finish(code: number, details: string, response?: IncomingMessage, statusBytes: Uint8Array | null = null): void {
    if (this.finished) return;
    this.finished = true;
    if (this.deadlineTimer !== null) clearTimeout(this.deadlineTimer);
    const timeMs = this.now();
    this.timing.totalMs = timeMs;
    const rich = statusBytes === null ? null : this.params.statusDecoder(statusBytes);
    const status: CallStatus = {
      code,
      codeName: statusCodeName(code),
      details,
      trailers: response ? trailerEntries(response) : [],
      richDetails: rich?.details ?? null,
    };
    this.params.emit({ type: 'status', timeMs, status });
    this.params.emit({ type: 'ended', timeMs, timing: { ...this.timing } });
  }
}

/** Response headers in the order received, names lower-cased. */
function rawHeaderEntries(raw: readonly string[]): ReceivedMetadata {
  const entries: ReceivedMetadata = [];
  for (let i = 0; i + 1 < raw.length; i += 2) entries.push({ key: (raw[i] ?? '').toLowerCase(), value: raw[i + 1] ?? '' });
  return entries;
}

/** The gRPC trailers a gateway forwarded as Grpc-Trailer-* headers or HTTP trailers, prefix removed. */
function trailerEntries(response: IncomingMessage): ReceivedMetadata {
  return [...rawHeaderEntries(response.rawHeaders), ...rawHeaderEntries(response.rawTrailers)]
    .filter((entry) => entry.key.startsWith(TRAILER_PREFIX))
    .map((entry) => ({ key: entry.key.slice(TRAILER_PREFIX.length), value: entry.value }));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function quote(text: string): string {
  const trimmed = text.trim();
  return trimmed.length > QUOTED_BODY_CHARS ? `${trimmed.slice(0, QUOTED_BODY_CHARS)}… (${trimmed.length} characters)` : trimmed;
}
