import { status, type handleUnaryCall } from '@grpc/grpc-js';

export interface FlakyRequest { key?: string; fail_attempts?: number }
export interface FlakyResponse { attempt: number }

/** Keys remembered at most: a demo must not grow without bound; the oldest key is forgotten first. */
const MAX_KEYS = 1000;
/** fail_attempts above this is refused: no retry policy goes past 5 attempts (gRFC A6). */
const MAX_FAIL_ATTEMPTS = 100;

/**
 * Flaky answers UNAVAILABLE to the first `fail_attempts` calls with the same `key`, then OK with
 * the attempt's number (1-based), so a service config retryPolicy has something to retry.
 * A key that has succeeded starts over, so invoking again shows the retries again.
 */
export function createFlakyHandler(): handleUnaryCall<FlakyRequest, FlakyResponse> {
  const failedSoFar = new Map<string, number>();
  return (call, callback) => {
    const key = call.request.key ?? '';
    const failAttempts = call.request.fail_attempts ?? 0;
    if (failAttempts > MAX_FAIL_ATTEMPTS) {
      callback({ code: status.INVALID_ARGUMENT, details: `fail_attempts must be at most ${MAX_FAIL_ATTEMPTS}; got ${failAttempts}.` });
      return;
    }
    const failed = failedSoFar.get(key) ?? 0;
    if (failed < failAttempts) {
      failedSoFar.delete(key);
      failedSoFar.set(key, failed + 1);
      if (failedSoFar.size > MAX_KEYS) failedSoFar.delete(failedSoFar.keys().next().value as string);
      callback({ code: status.UNAVAILABLE, details: `Flaky: attempt ${failed + 1} of key "${key}" fails on purpose (${failAttempts} will fail).` });
      return;
    }
    failedSoFar.delete(key);
    callback(null, { attempt: failed + 1 });
  };
}
