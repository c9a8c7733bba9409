import { BinaryWriter } from '@bufbuild/protobuf/wire';
import { Code, ConnectError } from '@connectrpc/connect';
import type { ReceivedMetadata } from '../../../shared/metadata';
import { TLS_FIELD_LABELS, type SecurityDescription } from '../transport/credentials';
import { explainConnectionFailure } from '../transport/connection-failure';

/** How a gRPC-Web or Connect call ended, in gRPC's terms (the codes are the same). */
export interface ProtocolEnd {
  code: number;
  details: string;
  /** Trailers as received (grpc-status and grpc-message are the status itself, so left out). */
  trailers: ReceivedMetadata;
  /** A google.rpc.Status holding the error's details, for the StatusDetailsDecoder; null when it had none. */
  statusBytes: Uint8Array | null;
}

export interface EndContext {
  /** What the user calls the protocol ("gRPC-Web", "Connect"). */
  protocolName: string;
  target: string;
  security: SecurityDescription;
  deadlineMs: number | null;
  headersReceived: boolean;
  /** Why this side cancelled, when it did. */
  cancelReason: string | null;
  cancelledHere: boolean;
  /** The response headers, to tell trailers from headers in an error's metadata (it holds both). */
  responseHeaders: Headers | null;
  /** The HTTP status of the response; null when none came. */
  responseStatus: number | null;
  httpVersion: '1.1' | '2';
}

/** Content types a server speaking the protocol answers with (errors included). */
const PROTOCOL_CONTENT_TYPE: Record<string, RegExp> = {
  'gRPC-Web': /^application\/grpc-web/i,
  Connect: /^application\/(?:connect\+)?(?:proto|json)/i,
};

const STATUS_KEYS = new Set(['grpc-status', 'grpc-message']);
const STATUS_DETAILS_KEY = 'grpc-status-details-bin';

export function toReceivedHeaders(headers: Headers, leaveOut: (key: string, value: string) => boolean = () => false): ReceivedMetadata {
  const received: ReceivedMetadata = [];
  headers.forEach((value, key) => {
    if (!STATUS_KEYS.has(key) && !leaveOut(key, value)) received.push({ key, value });
  });
  return received;
}

/** A clean end: OK with the trailers the protocol delivered. */
export function okEnd(trailers: Headers): ProtocolEnd {
  return { code: 0, details: '', trailers: toReceivedHeaders(trailers), statusBytes: statusDetailsOf(trailers, []) };
}

/** A ConnectError (or anything thrown) as the call's end, with words that say what to do. */
export function errorEnd(error: unknown, ctx: EndContext): ProtocolEnd {
  const connectError = ConnectError.from(error);
  const fromHeaders = (key: string, value: string): boolean => ctx.responseHeaders?.get(key) === value;
  const trailers = toReceivedHeaders(connectError.metadata, fromHeaders);
  const details = explain(connectError, ctx);
  return { code: connectError.code, details, trailers, statusBytes: statusDetailsOf(connectError.metadata, connectError.details, connectError) };
}

function explain(error: ConnectError, ctx: EndContext): string {
  if (error.code === Code.Canceled && ctx.cancelledHere) return ctx.cancelReason ?? 'Cancelled on client';
  if (error.code === Code.DeadlineExceeded && !error.isWireError && ctx.deadlineMs !== null) {
    const deadline = `The deadline of ${ctx.deadlineMs.toLocaleString('en-US')} ms`;
    const raise = 'Raise the deadline (or leave it empty for none) if the call needs longer.';
    return ctx.headersReceived
      ? `${deadline} passed while the server was still answering: it had sent its response headers, but not the end of the call. Messages received before it are kept. ${raise}`
      : `${deadline} passed before the server answered: no response headers came from ${ctx.target}. ${raise}`;
  }
  if (error.isWireError) return error.rawMessage;
  const raw = [error.rawMessage, causeText(error.cause)].filter((t) => t !== '').join(': ');
  const notProtocol = notTheProtocol(ctx, raw);
  if (notProtocol !== null) return notProtocol;
  if (ctx.responseHeaders === null && ctx.httpVersion === '2' && /Protocol error|ERR_HTTP2/i.test(raw) && !/ECONNREFUSED/.test(raw)) {
    return `The server at ${ctx.target} did not answer in HTTP/2: it may speak HTTP/1.1 only (a web server, or a gRPC-Web or Connect endpoint behind an HTTP/1.1 proxy). Choose HTTP/1.1 in HTTP version, or check the address and port. (${ctx.protocolName}, connect-node: ${raw})`;
  }
  if (ctx.responseHeaders === null && ctx.httpVersion === '1.1' && /HPE_|Parse Error/i.test(raw)) {
    return `The server at ${ctx.target} did not answer in HTTP/1.1: it may speak HTTP/2 only, as gRPC servers do. Choose HTTP/2 in HTTP version, or check the address and port. (${ctx.protocolName}, connect-node: ${raw})`;
  }
  const connection = explainConnectionFailure(raw, { target: ctx.target, security: ctx.security });
  if (connection !== null) return connection.replace(/ \(grpc-js: (.*)\)$/, ` (${ctx.protocolName}, connect-node: $1)`);
  if (error.code === Code.Internal && /^parse binary/.test(error.rawMessage)) {
    return `A response message is not protobuf wire format, so it cannot be shown (${error.rawMessage}). Check that the server at ${ctx.target} serves this method.`;
  }
  return ctx.security.tls && /certificate|TLS|SSL/i.test(raw) ? `${raw}. Check ${TLS_FIELD_LABELS.caPath} and the TLS settings.` : raw;
}

/** The server answered HTTP, but not in the protocol (a gRPC-only server, a web server): say so. */
function notTheProtocol(ctx: EndContext, raw: string): string | null {
  if (ctx.responseHeaders === null) return null;
  const contentType = ctx.responseHeaders.get('content-type') ?? '';
  const expected = PROTOCOL_CONTENT_TYPE[ctx.protocolName];
  if (expected === undefined || expected.test(contentType)) return null;
  const answered = `HTTP ${ctx.responseStatus ?? '?'}${contentType === '' ? ' without a content type' : ` with content type "${contentType}"`}`;
  return `The server at ${ctx.target} does not serve ${ctx.protocolName} on this port: it answered ${answered}. If it is a gRPC server, choose gRPC in Protocol, or call it through a proxy that translates ${ctx.protocolName} (e.g. Envoy). (connect-node: ${raw})`;
}

function causeText(cause: unknown): string {
  if (cause instanceof Error) return [cause.message, (cause as NodeJS.ErrnoException).code ?? ''].filter((t) => t !== '').join(' ');
  return '';
}

/**
 * The error details as the google.rpc.Status the StatusDetailsDecoder reads (the same decoder as
 * gRPC calls): the server's grpc-status-details-bin when the metadata has it (gRPC-Web trailers),
 * else one built from the details connect-es parsed (Connect's JSON error "details").
 */
function statusDetailsOf(metadata: Headers, details: ConnectError['details'], error?: ConnectError): Uint8Array | null {
  const raw = metadata.get(STATUS_DETAILS_KEY);
  if (raw !== null) {
    try {
      return Uint8Array.from(Buffer.from(raw, 'base64'));
    } catch {
      // fall through to the parsed details
    }
  }
  const incoming = details.filter((d): d is { type: string; value: Uint8Array } => 'type' in d && d.value instanceof Uint8Array);
  if (incoming.length === 0 || error === undefined) return null;
  const writer = new BinaryWriter();
  writer.uint32((1 << 3) | 0).int32(error.code);
  writer.uint32((2 << 3) | 2).string(error.rawMessage);
  for (const detail of incoming) {
    const any = new BinaryWriter();
    any.uint32((1 << 3) | 2).string(`type.googleapis.com/${detail.type}`);
    any.uint32((2 << 3) | 2).bytes(detail.value);
    writer.uint32((3 << 3) | 2).bytes(any.finish());
  }
  return writer.finish();
}
