import { Metadata, status, type handleUnaryCall } from '@grpc/grpc-js';
import { statusCodeName } from '../../../shared/call-events';
import { callSignal, sleep } from './call-cancellation';
import { echoMetadata } from './echo-metadata';
import { STATUS_DETAILS_TRAILER, demoErrorStatus } from './rich-error-status';
import {
  timestampNow,
  type EchoRequest, type EchoResponse, type Empty, type FailRequest,
  type LargeRequest, type LargeResponse, type SlowRequest, type SlowResponse,
} from './demo-messages';

/** Large answers at most this much: enough to try message-size limits, not enough to hurt. */
export const MAX_LARGE_BYTES = 64 * 1024 * 1024;
/** Slow waits at most this long. */
export const MAX_SLOW_DELAY_MS = 10 * 60 * 1000;

export const echo: handleUnaryCall<EchoRequest, EchoResponse> = (call, callback) => {
  const receivedAt = timestampNow();
  const { headers, trailers } = echoMetadata(call.metadata);
  call.sendMetadata(headers);
  callback(null, { message: call.request.message ?? '', received_at: receivedAt }, trailers);
};

export const fail: handleUnaryCall<FailRequest, Empty> = (call, callback) => {
  const code = call.request.code ?? 0;
  if (!Number.isInteger(code) || code < 1 || code > 16) {
    callback({
      code: status.INVALID_ARGUMENT,
      details: `Fail needs a status code from 1 (CANCELLED) to 16 (UNAUTHENTICATED); got ${code}. 0 is OK, which is not a failure.`,
    });
    return;
  }
  const codeName = statusCodeName(code);
  const message = call.request.message || `Failed on purpose with ${codeName}.`;
  const trailers = new Metadata();
  if (call.request.with_details) {
    trailers.set(STATUS_DETAILS_TRAILER, Buffer.from(demoErrorStatus(code, codeName, message)));
  }
  callback({ code, details: message, metadata: trailers });
};

export function createSlowHandler(serverSignal: AbortSignal): handleUnaryCall<SlowRequest, SlowResponse> {
  return async (call, callback) => {
    const delayMs = call.request.delay_ms ?? 0;
    if (delayMs < 0 || delayMs > MAX_SLOW_DELAY_MS) {
      callback({ code: status.INVALID_ARGUMENT, details: `delay_ms must be from 0 to ${MAX_SLOW_DELAY_MS} (10 minutes); got ${delayMs}.` });
      return;
    }
    const started = performance.now();
    // Cancelled or past its deadline: grpc-js has already ended the call, nothing to answer.
    if (!(await sleep(delayMs, callSignal(call, serverSignal)))) return;
    callback(null, { waited_ms: Math.round(performance.now() - started) });
  };
}

export const large: handleUnaryCall<LargeRequest, LargeResponse> = (call, callback) => {
  const size = call.request.size_bytes ?? 0;
  if (size < 0 || size > MAX_LARGE_BYTES) {
    callback({ code: status.INVALID_ARGUMENT, details: `size_bytes must be from 0 to ${MAX_LARGE_BYTES} (64 MiB); got ${size}.` });
    return;
  }
  callback(null, { payload: filler(size) });
};

/** Readable filler, so a payload shown as text is recognisably the demo's. */
export function filler(size: number): Buffer {
  return Buffer.alloc(size, 'grpc-workbench ');
}
