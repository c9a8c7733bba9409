import {
  status,
  type handleBidiStreamingCall,
  type handleClientStreamingCall,
  type handleServerStreamingCall,
} from '@grpc/grpc-js';
import { callSignal, sleep, waitForDrain } from './call-cancellation';
import { filler } from './unary-handlers';
import {
  timestampNow,
  type ChatMessage, type CountUpRequest, type CountUpResponse, type SumRequest, type SumResponse,
} from './demo-messages';

/** Each CountUp message carries at most this much filler. */
export const MAX_COUNT_UP_PAYLOAD_BYTES = 4 * 1024 * 1024;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

export function createCountUpHandler(serverSignal: AbortSignal): handleServerStreamingCall<CountUpRequest, CountUpResponse> {
  return async (call) => {
    const { count = 0, interval_ms: intervalMs = 0, payload_bytes: payloadBytes = 0 } = call.request;
    const problem =
      count < 0 ? `count must not be negative; got ${count}.`
      : intervalMs < 0 ? `interval_ms must not be negative; got ${intervalMs}.`
      : payloadBytes < 0 || payloadBytes > MAX_COUNT_UP_PAYLOAD_BYTES ? `payload_bytes must be from 0 to ${MAX_COUNT_UP_PAYLOAD_BYTES} (4 MiB); got ${payloadBytes}.`
      : null;
    if (problem) {
      call.emit('error', { code: status.INVALID_ARGUMENT, details: problem });
      return;
    }
    const signal = callSignal(call, serverSignal);
    const payload = filler(payloadBytes);
    for (let index = 0; index < count; index++) {
      if (signal.aborted) return;
      if (index > 0 && intervalMs > 0 && !(await sleep(intervalMs, signal))) return;
      // A full buffer means the client reads slower than we write: wait instead of queueing.
      if (!call.write({ index, sent_at: timestampNow(), payload }) && !(await waitForDrain(call, signal))) return;
    }
    call.end();
  };
}

export const sum: handleClientStreamingCall<SumRequest, SumResponse> = (call, callback) => {
  // BigInt: int64 values beyond 2^53 must add up exactly.
  let total = 0n;
  let count = 0;
  call.on('data', (request: SumRequest) => {
    total += BigInt(request.value ?? '0');
    count += 1;
  });
  call.on('end', () => {
    if (total < INT64_MIN || total > INT64_MAX) {
      callback({ code: status.OUT_OF_RANGE, details: `The sum ${total} does not fit in an int64 (from ${INT64_MIN} to ${INT64_MAX}).` });
      return;
    }
    callback(null, { total: total.toString(), count });
  });
};

export const chat: handleBidiStreamingCall<ChatMessage, ChatMessage> = (call) => {
  call.on('data', (message: ChatMessage) => {
    if (!call.write({ ...message, at: timestampNow() })) {
      // Stop reading until the client catches up with our answers.
      call.pause();
      call.once('drain', () => call.resume());
    }
  });
  call.on('end', () => call.end());
};
