// Errors cross every boundary as values, never as thrown exceptions whose details get lost.

/** Stable error codes. The renderer may branch on these; the message is for people. */
export type ErrorCode =
  | 'INVALID_REQUEST' // a payload that failed validation at the boundary
  | 'PROTO_COMPILE' // protoc rejected the input; details.diagnostics lists every problem
  | 'PROTO_IMPORT' // a descriptor set could not be read
  | 'REFLECTION' // server reflection failed or is not offered
  | 'HEALTH' // a grpc.health.v1 check could not be made (no health service, server down)
  | 'NOT_FOUND' // an unknown proto set, service, method, call or file
  | 'BAD_JSON' // request JSON did not match the message; details.path names the field
  | 'BAD_TARGET' // a malformed server address
  | 'TLS' // a certificate or key could not be read or does not match
  | 'CALL_STATE' // e.g. writing to a call that has half-closed
  | 'IO' // a file could not be read or written
  | 'UNSUPPORTED' // this shell cannot do that (e.g. native dialogs in the browser)
  | 'INTERNAL';

export interface WorkbenchError {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: WorkbenchError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function err<T = never>(code: ErrorCode, message: string, details?: Record<string, unknown>): Result<T> {
  return details === undefined ? { ok: false, error: { code, message } } : { ok: false, error: { code, message, details } };
}
