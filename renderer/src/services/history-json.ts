import type { StreamMessage } from '../../../shared/call-events';

/** Characters of a big message's preview that history keeps (an entry stays small; the call's own view reads it whole). */
const HISTORY_PREVIEW_CHARS = 4096;

/**
 * How history holds a received message: its JSON text, or, for a big message that crossed from
 * the engine as a cut preview (StreamMessage.preview), valid JSON saying so with the start of
 * the text. The cut text itself is not JSON, and history entries are reopened as messages.
 */
export function historyJson(message: StreamMessage): string {
  if (!message.preview) return message.json;
  return JSON.stringify({
    '@preview': `This message is ${message.bytes.toLocaleString('en-US')} bytes, its JSON ${message.preview.jsonChars.toLocaleString('en-US')} characters: history keeps only its start.`,
    '@jsonStart': message.json.slice(0, HISTORY_PREVIEW_CHARS),
  });
}

