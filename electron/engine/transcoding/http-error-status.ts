import { status as GrpcStatus } from '@grpc/grpc-js';

/**
 * HTTP status -> gRPC code for an answer that carries no gRPC status of its own, per the gRPC
 * spec's doc/http-grpc-status-mapping.md (what a gRPC client does with a non-gRPC response).
 */
export function grpcCodeForHttpStatus(httpStatus: number): number {
  switch (httpStatus) {
    case 400:
      return GrpcStatus.INTERNAL;
    case 401:
      return GrpcStatus.UNAUTHENTICATED;
    case 403:
      return GrpcStatus.PERMISSION_DENIED;
    case 404:
      return GrpcStatus.UNIMPLEMENTED;
    case 429:
    case 502:
    case 503:
    case 504:
      return GrpcStatus.UNAVAILABLE;
    default:
      return GrpcStatus.UNKNOWN;
  }
}

/** A gRPC status a gateway put in an HTTP body. */
export interface GatewayStatus {
  code: number;
  message: string;
  /** google.protobuf.Any JSON objects ({"@type": ...}), as the gateway sent them. */
  details: unknown[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The gRPC status in a grpc-gateway error body: v2 writes google.rpc.Status
 * ({"code": 5, "message": "...", "details": [...]}), v1 adds "error" (the same text); a
 * server-streaming error line carries it as {"error": {...}} (v1 there names the code
 * "grpc_code"). Null when the body is not one.
 */
export function readGatewayStatus(body: unknown): GatewayStatus | null {
  if (!isObject(body)) return null;
  const code = typeof body['code'] === 'number' ? body['code'] : typeof body['grpc_code'] === 'number' ? body['grpc_code'] : null;
  if (code === null || !Number.isInteger(code) || code < 0 || code > 16) return null;
  const message = typeof body['message'] === 'string' ? body['message'] : typeof body['error'] === 'string' ? body['error'] : '';
  const details = Array.isArray(body['details']) ? body['details'] : [];
  return { code, message, details };
}
