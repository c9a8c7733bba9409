import type { MessagePreview, StreamMessage } from '../../../shared/call-events';
import type { CallId } from '../../../shared/ids';
import { err, ok, type Result } from '../../../shared/result';
import { workbench } from './api-handle';

/**
 * The whole message a preview row stands for, from the engine (its ring or its recording) by
 * position: a big message crosses the boundary cut short, and is fetched in full only when a
 * user expands, copies or saves it.
 */
export async function fetchFullMessage(callId: CallId, preview: MessagePreview): Promise<Result<StreamMessage>> {
  const result = await workbench().invoke('calls:messages', { callId, from: preview.position, count: 1 });
  if (!result.ok) return result;
  const message = result.value.messages[0];
  if (message === undefined || result.value.from !== preview.position) {
    return err('NOT_FOUND', `The engine no longer has message ${(preview.position + 1).toLocaleString('en-US')} of this call; save the stream while the call is kept to get it whole.`);
  }
  return ok(message);
}

/** A file name for one saved message: method-free and safe on every OS. */
export function messageFileName(message: StreamMessage): string {
  return `message-${message.direction}-${message.index}.json`;
}
