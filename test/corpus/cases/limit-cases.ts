// Deadlines and message sizes at and over their limits.
import type { CorpusCase, CorpusCategory, CorpusKit, Outcome } from '../corpus-kit';

function limit(name: string, run: (kit: CorpusKit) => Promise<Outcome>, code: string, messageRe: RegExp, defect?: string): CorpusCase {
  return { name, code, message: messageRe, defect, run };
}

/** The exact wire size of Large's answer for `sizeBytes`, from a call with no limit. */
async function largeWireBytes(kit: CorpusKit, sizeBytes: number): Promise<number> {
  const { callId } = await unwrap(kit.invoke('calls:start', kit.callRequest('Large', JSON.stringify({ sizeBytes }))));
  const events = await kit.ended(callId);
  const received = events.find((e) => e.type === 'message' && e.direction === 'received');
  if (received?.type !== 'message') throw new Error('Large sent no message');
  return received.bytes;
}
async function unwrap<T>(answer: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>): Promise<T> {
  const result = await answer;
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

export const limitCases: CorpusCategory = {
  category: 'deadlines and sizes',
  cases: [
    limit('a 1 ms deadline on a 300 ms call', (kit) => kit.callOutcome(kit.callRequest('Slow', '{"delayMs":300}', { deadlineMs: 1 })), 'DEADLINE_EXCEEDED', /^The deadline of 1 ms passed before (the server answered: no response headers came from 127\.0\.0\.1:\d+|the call was sent: it was still waiting for a connection to 127\.0\.0\.1:\d+)\. Raise the deadline .*\(grpc-js: Deadline exceeded after \d+\.\d+s/),
    limit('a 200 ms deadline on a bidi stream left open', async (kit) => {
      const { callId } = await unwrap(kit.invoke('calls:start', kit.callRequest('Chat', null, { deadlineMs: 200 })));
      const events = await kit.ended(callId);
      const status = events.find((e) => e.type === 'status');
      return status?.type === 'status' ? { via: 'status', code: status.status.codeName, message: status.status.details } : { via: 'status', code: 'NO_STATUS', message: '' };
    }, 'DEADLINE_EXCEEDED', /^The deadline of 200 ms passed (while the server was still answering: it had sent its response headers|before the server answered: no response headers came from 127\.0\.0\.1:\d+)/),
    limit('a deadline that ends a server stream midway', (kit) => kit.callOutcome(kit.callRequest('CountUp', '{"count":50,"intervalMs":20}', { deadlineMs: 500 })), 'DEADLINE_EXCEEDED', /^The deadline of 500 ms passed while the server was still answering: it had sent its response headers, but not the end of the call\. Messages received before it are kept\./),
    limit('a response one byte over maxReceiveBytes', async (kit) => {
      const wire = await largeWireBytes(kit, 10_000);
      return kit.callOutcome(kit.callRequest('Large', '{"sizeBytes":10000}', { connection: kit.connection({ maxReceiveBytes: wire - 1 }) }));
    }, 'RESOURCE_EXHAUSTED', /^The server's response message is 10,003 bytes, more than this connection's 'Max receive message size \(bytes\)', 10,002 bytes, so it was refused\. Raise 'Max receive message size \(bytes\)' in the Connection settings \(-1 = unlimited\) to receive it\. \(grpc-js: Received message larger than max \(10003 vs 10002\)\)$/),
    limit('a request one byte over maxSendBytes', (kit) => kit.callOutcome(kit.callRequest('Echo', JSON.stringify({ message: 'x'.repeat(100) }), { connection: kit.connection({ maxSendBytes: 101 }) })), 'RESOURCE_EXHAUSTED', /^A request message is larger than this connection's max send message size \(maxSendBytes\), 101 bytes, so it was not sent\..*\(grpc-js: Attempted to send message with a size larger than 101\)$/),
    limit('a stream message over maxSendBytes', async (kit) => {
      const { callId } = await unwrap(kit.invoke('calls:start', kit.callRequest('Chat', null, { connection: kit.connection({ maxSendBytes: 64 }) })));
      await kit.invoke('calls:write', { callId, json: JSON.stringify({ user: 'ada', text: 'y'.repeat(500) }) });
      await kit.invoke('calls:halfClose', { callId });
      const events = await kit.ended(callId);
      const status = events.find((e) => e.type === 'status');
      return status?.type === 'status' ? { via: 'status', code: status.status.codeName, message: status.status.details } : { via: 'status', code: 'NO_STATUS', message: '' };
    }, 'RESOURCE_EXHAUSTED', /^A request message is larger than this connection's max send message size \(maxSendBytes\), 64 bytes, so it was not sent\..*\(grpc-js: Attempted to send message with a size larger than 64\)$/),
    limit('a 64 MiB payload: its message is over the 64 MiB default receive limit', (kit) => kit.callOutcome(kit.callRequest('Large', JSON.stringify({ sizeBytes: 64 * 1024 * 1024 }))), 'RESOURCE_EXHAUSTED', /^The server's response message is 67,108,869 bytes, more than this connection's 'Max receive message size \(bytes\)', 67,108,864 bytes, so it was refused\..*\(grpc-js: Received message larger than max \(67108869 vs 67108864\)\)$/),
    limit('maxReceiveBytes 0 against any answer', (kit) => kit.callOutcome(kit.callRequest('Large', '{"sizeBytes":1}', { connection: kit.connection({ maxReceiveBytes: 0 }) })), 'RESOURCE_EXHAUSTED', /^The server's response message is 3 bytes, more than this connection's 'Max receive message size \(bytes\)', 0 bytes, so it was refused\./),
  ],
};
