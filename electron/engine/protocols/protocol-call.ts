import type { CatalogMethod } from '../../../shared/catalog';
import type { ConnectionSettings } from '../../../shared/connection';
import { asChannelId, type ChannelId } from '../../../shared/ids';
import type { MetadataEntry } from '../../../shared/metadata';
import { err, ok, type Result } from '../../../shared/result';
import type { CallTrace } from '../../../shared/trace-context';
import { httpVersionOf, protocolKindProblem, protocolOf, WIRE_PROTOCOL_LABELS } from '../../../shared/wire-protocol';
import type { MethodCodec, StatusDetailsDecoder } from '../codec/method-codec';
import type { SessionEvent } from '../calls/received-message';
import { ConnectCallSession } from './connect-call-session';
import { openProtocolTransport } from './protocol-transport';

/**
 * Why this call cannot start over the connection's protocol, or ok: HTTP/JSON transcoding is not
 * in this build, and gRPC-Web and Connect do not carry every call kind (shared/wire-protocol.ts).
 */
export function protocolCallProblem(connection: ConnectionSettings, kind: CatalogMethod['kind']): Result<null> {
  const protocol = protocolOf(connection);
  const problem = protocol === 'grpc' ? null : protocolKindProblem(protocol, httpVersionOf(connection), kind);
  return problem === null ? ok(null) : err('INVALID_REQUEST', problem, { field: 'protocol', protocol, kind });
}

/**
 * For features that run over gRPC only (load tests): refused, saying so, when the connection's
 * Protocol is another, rather than silently sending gRPC.
 */
export function grpcOnly(connection: ConnectionSettings, feature: string): Result<null> {
  const protocol = protocolOf(connection);
  if (protocol === 'grpc') return ok(null);
  return err('INVALID_REQUEST', `${feature} run over gRPC only in this build, and this request's Protocol is ${WIRE_PROTOCOL_LABELS[protocol]}. Choose gRPC in Protocol to use it.`, { field: 'protocol', protocol });
}

export interface ProtocolSessionParams {
  callId: string;
  method: CatalogMethod;
  codec: MethodCodec;
  statusDecoder: StatusDetailsDecoder;
  connection: ConnectionSettings;
  metadata: MetadataEntry[];
  deadlineMs: number | null;
  emitDefaults: boolean;
  trace: CallTrace | null;
  emit: (event: SessionEvent) => void;
}

export interface OpenedProtocolSession {
  session: ConnectCallSession;
  /** Not a grpc-js channel: connections:get does not know it (the Connection tab stays empty). */
  channelId: ChannelId;
  tlsImpliedByScheme: boolean;
}

/** A gRPC-Web or Connect session for the call, not started yet. Errors: BAD_TARGET, TLS, INVALID_REQUEST. */
export function openProtocolSession(params: ProtocolSessionParams): Result<OpenedProtocolSession> {
  const protocol = protocolOf(params.connection);
  if (protocol !== 'grpc-web' && protocol !== 'connect') return err('INTERNAL', `openProtocolSession cannot carry ${protocol} calls.`);
  let session: ConnectCallSession | null = null;
  const transport = openProtocolTransport({
    protocol,
    httpVersion: httpVersionOf(params.connection),
    connection: params.connection,
    onResponse: (response) => session?.observeResponse(response),
  });
  if (!transport.ok) return transport;
  const channelId = asChannelId(`${protocol}-${params.callId}`);
  session = new ConnectCallSession({
    method: params.method,
    codec: params.codec,
    statusDecoder: params.statusDecoder,
    protocolName: WIRE_PROTOCOL_LABELS[protocol],
    transport: transport.value,
    channelId,
    metadata: params.metadata,
    deadlineMs: params.deadlineMs,
    emitDefaults: params.emitDefaults,
    trace: params.trace,
    emit: params.emit,
  });
  return ok({ session, channelId, tlsImpliedByScheme: transport.value.tlsImpliedByScheme });
}
