import type { StreamMessage } from '../../../../shared/call-events';

/** Longest JSON the collapsed one-line preview shows; the expanded view shows more. */
export const PREVIEW_CHARS = 2_000;
export const EXPANDED_CHARS = 200_000;

const compactCache = new WeakMap<StreamMessage, string>();
const prettyCache = new WeakMap<StreamMessage, string>();

/** One line of JSON for the collapsed row (parsed once per message, only for rows on screen). */
export function compactJson(message: StreamMessage): string {
  let text = compactCache.get(message);
  if (text === undefined) {
    text = reformat(message.json, 0);
    compactCache.set(message, text);
  }
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
}

export function prettyJson(message: StreamMessage): { text: string; truncated: boolean } {
  let text = prettyCache.get(message);
  if (text === undefined) {
    text = reformat(message.json, 2);
    prettyCache.set(message, text);
  }
  return text.length > EXPANDED_CHARS ? { text: text.slice(0, EXPANDED_CHARS), truncated: true } : { text, truncated: false };
}

function reformat(json: string, indent: number): string {
  try {
    return JSON.stringify(JSON.parse(json), null, indent);
  } catch {
    return json;
  }
}

export type DirectionFilter = 'all' | 'sent' | 'received';

/** Case-insensitive text match over the message JSON, plus a direction filter. */
export function messageMatches(message: StreamMessage, needle: string, direction: DirectionFilter): boolean {
  if (direction !== 'all' && message.direction !== direction) return false;
  if (needle === '') return true;
  return message.json.toLowerCase().includes(needle);
}
