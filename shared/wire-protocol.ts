import type { MethodKind } from './catalog';

/**
 * The wire protocols a request can be sent with. One proto, one request document: only the
 * framing on the wire differs. Absent in ConnectionSettings = 'grpc', so older files stay valid.
 */
export const WIRE_PROTOCOLS = ['grpc', 'grpc-web', 'connect', 'http-json'] as const;
export type WireProtocol = (typeof WIRE_PROTOCOLS)[number];

/** The HTTP version gRPC-Web and Connect calls use ('2' when absent). gRPC is always HTTP/2. */
export const PROTOCOL_HTTP_VERSIONS = ['2', '1.1'] as const;
export type ProtocolHttpVersion = (typeof PROTOCOL_HTTP_VERSIONS)[number];

/** What the Protocol combobox shows (ui-contract.md). */
export const WIRE_PROTOCOL_LABELS: Record<WireProtocol, string> = {
  grpc: 'gRPC',
  'grpc-web': 'gRPC-Web',
  connect: 'Connect',
  'http-json': 'HTTP/JSON (transcoded)',
};

export const HTTP_VERSION_LABELS: Record<ProtocolHttpVersion, string> = { '2': 'HTTP/2', '1.1': 'HTTP/1.1' };

/** Whether the protocol lets the user pick the HTTP version (gRPC is HTTP/2 by definition). */
export function protocolHasHttpVersion(protocol: WireProtocol): boolean {
  return protocol === 'grpc-web' || protocol === 'connect';
}

/**
 * Why a call of this kind cannot go over this protocol and HTTP version, or null when it can.
 * The one source for the renderer (a note next to Invoke, which is then disabled) and the engine
 * (INVALID_REQUEST with the same sentence).
 *
 * - gRPC-Web: unary and server streaming only, over either HTTP version. The protocol exists for
 *   browsers, whose fetch() cannot stream a request body, so the gRPC-Web spec (PROTOCOL-WEB.md)
 *   and its proxies (Envoy, grpcwebproxy) carry one request message per call.
 * - HTTP/JSON (transcoded): unary and server streaming only; a google.api.http rule maps one
 *   request message to one HTTP request (server streams come back as newline-delimited JSON).
 * - Connect: unary, server and client streaming over HTTP/1.1 and HTTP/2; bidirectional streaming
 *   needs HTTP/2, because an HTTP/1.1 exchange cannot send the response while the request is still
 *   being sent (the Connect protocol reference: "Bidirectional streaming requires HTTP/2").
 */
export function protocolKindProblem(protocol: WireProtocol, httpVersion: ProtocolHttpVersion, kind: MethodKind): string | null {
  if (protocol === 'grpc-web' && (kind === 'client_streaming' || kind === 'bidi_streaming')) {
    const what = kind === 'client_streaming' ? 'Client-streaming' : 'Bidirectional streaming';
    return `${what} calls cannot be made with gRPC-Web: the protocol carries one request message per call, because browsers' fetch() cannot stream a request body (gRPC-Web spec). Choose gRPC or Connect over HTTP/2 in Protocol.`;
  }
  if (protocol === 'http-json' && (kind === 'client_streaming' || kind === 'bidi_streaming')) {
    const what = kind === 'client_streaming' ? 'Client-streaming' : 'Bidirectional streaming';
    return `${what} calls cannot be made with HTTP/JSON (transcoded): google.api.http maps one request message to one HTTP request, so there is no way to send a stream of them. Choose gRPC or Connect in Protocol.`;
  }
  if (protocol === 'connect' && httpVersion === '1.1' && kind === 'bidi_streaming') {
    return 'Bidirectional streaming calls cannot be made with Connect over HTTP/1.1: HTTP/1.1 cannot send the response while the request is still being sent (Connect protocol: bidirectional streaming requires HTTP/2). Choose HTTP/2 in HTTP version.';
  }
  return null;
}

/** The protocol a connection uses (absent = gRPC). */
export function protocolOf(connection: { protocol?: WireProtocol }): WireProtocol {
  return connection.protocol ?? 'grpc';
}

/** The HTTP version a connection's gRPC-Web or Connect calls use (absent = HTTP/2). */
export function httpVersionOf(connection: { httpVersion?: ProtocolHttpVersion }): ProtocolHttpVersion {
  return connection.httpVersion ?? '2';
}
