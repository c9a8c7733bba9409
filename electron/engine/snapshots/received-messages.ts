import type { StreamMessage } from '../../../shared/call-events';
import { MESSAGE_RANGE_LIMITS, type MessageRange } from '../../../shared/message-range';
import { err, ok, type Result } from '../../../shared/result';

export type ReadMessageRange = (from: number, count: number) => Promise<Result<MessageRange>>;

/** A received message's JSON as a value; an undecodable one stays the JSON the engine made of it. */
function jsonValue(message: StreamMessage): unknown {
  try {
    return JSON.parse(message.json) as unknown;
  } catch {
    return message.json;
  }
}

/**
 * Every message a call received, whole, in order: read page by page through the same range
 * reader as calls:messages (ring, then recording), never from the bounded previews that cross
 * to pages. Fails (NOT_FOUND, naming why) when the engine no longer keeps some of them.
 */
export async function readReceivedMessages(read: ReadMessageRange): Promise<Result<unknown[]>> {
  const received: unknown[] = [];
  let from = 0;
  for (;;) {
    const range = await read(from, MESSAGE_RANGE_LIMITS.messages);
    if (!range.ok) return range;
    for (const message of range.value.messages) if (message.direction === 'received') received.push(jsonValue(message));
    from += range.value.messages.length;
    if (from >= range.value.total) return ok(received);
    if (range.value.messages.length === 0) return err('INTERNAL', `The call's messages stopped at ${from} of ${range.value.total}.`);
  }
}
