import type { StreamMessage } from '../../../shared/call-events';
import type { CallId } from '../../../shared/ids';
import { MESSAGE_RANGE_LIMITS, type MessageRange, type MessageRangeSource } from '../../../shared/message-range';
import { err, ok, type Result } from '../../../shared/result';
import { wholeJsonChars, wholeMessage, type KeptMessage } from './kept-message';
import type { MessageRing } from './message-ring';
import type { StreamRecorder } from './stream-recorder';

/** What a call keeps of its messages: the last N in memory, and (once it outgrew them) a recording from position 0. */
export interface KeptMessages {
  callId: CallId;
  retained: MessageRing<KeptMessage>;
  recorder: StreamRecorder | null;
  /** Some messages left memory for the byte budget, not the count (see CallRegistry). */
  releasedForMemory?: boolean;
}

/** Why messages before the ring are not on disk either: for the user, after "no longer kept". */
export type RecordingAbsence = (kept: KeptMessages) => string;

/** What the engine keeps in memory, for the user after "the engine keeps": by default its count. */
export type MemoryTerms = (kept: KeptMessages) => string;

const countTerms: MemoryTerms = (kept) => `the last ${count(kept.retained.capacity)} in memory`;

const count = (n: number) => n.toLocaleString('en-US');

/**
 * Messages of a call by position (both directions, in the order the engine saw them): from the
 * ring when they are still in memory, else from the recording on disk. The answer holds at most
 * MESSAGE_RANGE_LIMITS messages and characters of JSON, and starts at `from`; NOT_FOUND names the
 * range that is no longer kept and why.
 */
export async function readMessageRange(
  kept: KeptMessages,
  from: number,
  wanted: number,
  whyNotRecorded: RecordingAbsence,
  keptInMemory: MemoryTerms = countTerms,
): Promise<Result<MessageRange>> {
  const { retained, recorder } = kept;
  const total = retained.total;
  const ringStart = total - retained.size;
  const end = Math.min(total, from + Math.min(wanted, MESSAGE_RANGE_LIMITS.messages));
  const maxChars = MESSAGE_RANGE_LIMITS.jsonChars;
  if (from >= end) return ok({ from, messages: [], total, source: 'memory' });

  const messages: StreamMessage[] = [];
  let chars = 0;
  let fromRecording = false;
  let next = from;
  if (next < ringStart) {
    const recorded = recorder !== null && recorder.error === null ? recorder.messages : 0;
    if (next >= recorded) {
      const lostEnd = Math.min(ringStart, end);
      return err(
        'NOT_FOUND',
        `Messages ${count(from + 1)}–${count(lostEnd)} of this call are no longer kept: the engine keeps ${keptInMemory(kept)}, and ${whyNotRecorded(kept)}.`,
        { callId: kept.callId, from, count: lostEnd - from },
      );
    }
    try {
      // Only up to where the ring begins: what memory holds is read from memory.
      const read = await (recorder as StreamRecorder).readRange(next, Math.min(end, recorded, ringStart) - next, maxChars);
      for (const message of read) {
        messages.push(message);
        chars += message.json.length;
      }
      next += read.length;
      fromRecording = true;
    } catch (e) {
      return err('IO', `Could not read messages ${count(from + 1)}–${count(end)} from the call's recording: ${(e as Error).message}.`, { callId: kept.callId });
    }
    // Stop at the size limit, or where the recording ends before the ring begins (what lies between is lost).
    if (next < end && next < ringStart) return ok({ from, messages, total, source: 'recording' });
  }
  let fromMemory = false;
  for (; next < end; next += 1) {
    const kept = retained.at(next - ringStart) as KeptMessage;
    // Measured before it is built: a message read as a preview is decoded only when it fits.
    const length = wholeJsonChars(kept);
    if (messages.length > 0 && chars + length > maxChars) break;
    chars += length;
    messages.push(wholeMessage(kept));
    fromMemory = true;
  }
  const source: MessageRangeSource = fromRecording && fromMemory ? 'memory_and_recording' : fromRecording ? 'recording' : 'memory';
  return ok({ from, messages, total, source });
}
