import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { isIP } from 'node:net';
import type { Transport } from '@connectrpc/connect';
import type { UniversalClientFn } from '@connectrpc/connect/protocol';
import { createTransport as createConnectProtocolTransport } from '@connectrpc/connect/protocol-connect';
import { createTransport as createGrpcWebProtocolTransport } from '@connectrpc/connect/protocol-grpc-web';
import { compressionBrotli, compressionGzip, createNodeHttpClient, Http2SessionManager } from '@connectrpc/connect-node';
import { DEFAULT_MAX_RECEIVE_BYTES, type ConnectionSettings } from '../../../shared/connection';
import { err, ok, type Result } from '../../../shared/result';
import type { ProtocolHttpVersion } from '../../../shared/wire-protocol';
import { loadSecurityMaterial, type SecurityDescription } from '../transport/credentials';
import { parseTarget } from '../transport/target';

/** The protocols this module speaks through connect-node's client transports. */
export type ConnectFamilyProtocol = 'grpc-web' | 'connect';

/** The response of an HTTP request as it arrived (before the protocol read its body). */
export interface ObservedResponse {
  status: number;
  header: Headers;
}

export interface ProtocolTransport {
  transport: Transport;
  /** "http://host:port/prefix", what the call is sent to. */
  baseUrl: string;
  /** host:port (for the started event and messages). */
  displayTarget: string;
  /** TLS is on only because the target was https://. */
  tlsImpliedByScheme: boolean;
  httpVersion: ProtocolHttpVersion;
  /** The TLS settings in effect, for explaining failures (connection-failure.ts). */
  security: SecurityDescription;
  /** Closes this call's connection (HTTP/2 session or HTTP/1.1 agent). */
  close(): void;
}

export interface ProtocolTransportParams {
  protocol: ConnectFamilyProtocol;
  httpVersion: ProtocolHttpVersion;
  connection: ConnectionSettings;
  /** Called once per HTTP response, when its status and headers arrive (before any message). */
  onResponse: (response: ObservedResponse) => void;
}

/** connect-es' limit when none is set: the largest message its envelope can describe. */
const UNLIMITED_BYTES = 0xffffffff;

function byteLimit(value: number | null, fallback: number): number {
  if (value === null) return fallback;
  return value < 0 ? UNLIMITED_BYTES : value;
}

/**
 * A connect-node client transport for one call: gRPC-Web or Connect, over HTTP/1.1 or HTTP/2,
 * with the connection's TLS settings, limits and compression. Each call gets its own connection
 * (closed when the call ends) rather than a pooled one: these calls are for trying a server
 * through a protocol, and a connection per call keeps them apart from the gRPC channel pool.
 * Errors: BAD_TARGET (unix sockets and address lists), TLS, INVALID_REQUEST (deflate).
 */
export function openProtocolTransport(params: ProtocolTransportParams): Result<ProtocolTransport> {
  const { connection, protocol, httpVersion } = params;
  const parsed = parseTarget(connection.target);
  if (!parsed.ok) return parsed;
  const target = parsed.value;
  const name = protocol === 'grpc-web' ? 'gRPC-Web' : 'Connect';
  if (target.scheme === 'unix' || target.host === null || target.uri.includes(',')) {
    return err('BAD_TARGET', `${name} calls go to one HTTP server: use host:port or an http(s):// URL (got "${connection.target}"; unix sockets and address lists are for gRPC only).`, { target: connection.target, field: 'protocol' });
  }
  if (connection.compression === 'deflate') {
    return err('INVALID_REQUEST', `${name} clients compress requests with gzip only; choose gzip or identity in Compression.`, { field: 'compression' });
  }
  const useTls = connection.tls.enabled || target.tlsFromScheme === true;
  const material = loadSecurityMaterial(connection.tls, useTls, target.host);
  if (!material.ok) return material;
  const { ca, cert, key, description } = material.value;
  const baseUrl = `${useTls ? 'https' : 'http'}://${target.display}${target.pathPrefix}`;
  const serverName = description.serverName;
  const tlsOptions = useTls
    ? {
        ...(ca !== null ? { ca } : {}),
        ...(cert !== null && key !== null ? { cert, key } : {}),
        // SNI takes host names only (Node warns about IP addresses).
        ...(serverName !== null && isIP(serverName) === 0 ? { servername: serverName } : {}),
        rejectUnauthorized: !description.skipVerify,
        ...(description.skipVerify ? { checkServerIdentity: () => undefined } : {}),
      }
    : {};

  let httpClient: UniversalClientFn;
  let close: () => void;
  if (httpVersion === '2') {
    const sessions = new Http2SessionManager(baseUrl, {}, tlsOptions);
    httpClient = createNodeHttpClient({ httpVersion: '2', sessionProvider: () => sessions });
    close = () => sessions.abort();
  } else {
    const agent = useTls ? new HttpsAgent({ keepAlive: false, ...tlsOptions }) : new HttpAgent({ keepAlive: false });
    httpClient = createNodeHttpClient({ httpVersion: '1.1', nodeOptions: { agent, ...tlsOptions } });
    close = () => agent.destroy();
  }
  const observed: UniversalClientFn = async (request) => {
    const response = await httpClient(request);
    params.onResponse({ status: response.status, header: response.header });
    return response;
  };
  const options = {
    httpClient: observed,
    baseUrl,
    useBinaryFormat: true,
    interceptors: [],
    acceptCompression: [compressionGzip, compressionBrotli],
    sendCompression: connection.compression === 'gzip' ? compressionGzip : null,
    // Every message is compressed when Compression is gzip, as grpc-js does.
    compressMinBytes: 0,
    readMaxBytes: byteLimit(connection.maxReceiveBytes, DEFAULT_MAX_RECEIVE_BYTES),
    writeMaxBytes: byteLimit(connection.maxSendBytes, UNLIMITED_BYTES),
  };
  const transport = protocol === 'grpc-web' ? createGrpcWebProtocolTransport(options) : createConnectProtocolTransport(options);
  return ok({ transport, baseUrl, displayTarget: target.display, tlsImpliedByScheme: useTls && !connection.tls.enabled, security: description, httpVersion, close });
}
