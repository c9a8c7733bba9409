import type { CallId } from '../../../shared/ids';
import { MESSAGE_RANGE_LIMITS } from '../../../shared/message-range';
import { err, ok, type Result } from '../../../shared/result';
import { useAppStore } from '../store/app-store';
import { addLoadedChunk, MAX_LOADED_MESSAGES, type SkippedRange } from '../store/message-log';
import { workbench } from './api-handle';

/** Messages asked for per load: a few screens' worth, well within one answer's limits. */
export const LOAD_PAGE_MESSAGES = Math.min(500, MESSAGE_RANGE_LIMITS.messages);

/** Which end of a skipped range to load: next to the messages above it, or next to those below. */
export type LoadAnchor = 'start' | 'end';

export interface LoadedPart {
  /** Messages loaded into the range (placed at their positions in the call's record). */
  loaded: number;
  /** Position of the first loaded message. */
  from: number;
}

const inFlight = new Set<string>();

/**
 * Load part of a skipped range from the engine (its ring or its recording) into the call's
 * record, at most LOAD_PAGE_MESSAGES at the chosen end. The error names what is no longer kept
 * when the engine has let those messages go.
 */
export async function loadSkippedRange(callId: CallId, range: SkippedRange, anchor: LoadAnchor): Promise<Result<LoadedPart | null>> {
  const count = Math.min(LOAD_PAGE_MESSAGES, range.count);
  const from = anchor === 'start' ? range.from : range.from + range.count - count;
  const key = `${callId}:${from}`;
  if (inFlight.has(key)) return ok(null);
  inFlight.add(key);
  try {
    const result = await workbench().invoke('calls:messages', { callId, from, count });
    if (!result.ok) return result;
    const { messages } = result.value;
    if (messages.length === 0) return err('NOT_FOUND', `The engine has no messages at positions ${from + 1}–${from + count} of this call.`);
    useAppStore.setState((state) => {
      const call = state.calls[callId];
      if (call === undefined) return {};
      const loaded = addLoadedChunk(call.loaded, { from: result.value.from, messages }, Math.max(MAX_LOADED_MESSAGES, state.retentionCap));
      return { calls: { ...state.calls, [callId]: { ...call, loaded, messagesVersion: call.messagesVersion + 1 } } };
    });
    return ok({ loaded: messages.length, from: result.value.from });
  } finally {
    inFlight.delete(key);
  }
}
