import type { CallEvent, MessagePreview } from '../../../shared/call-events';

type MessageEvent = Extract<CallEvent, { type: 'message' }>;

/**
 * 64 Ki characters of JSON per message cross the IPC / WebSocket boundary. A 1 MiB message is
 * ~1.4 MB of JSON (its bytes as base64): sending, and parsing on the page's main thread, what
 * the message list shows as one row was most of the cost of a large-message stream. The row
 * shows the first 64 Ki characters; the full message comes on demand (calls:messages by position).
 */
export const MESSAGE_PREVIEW_CHARS = 64 * 1024;

/**
 * The first `budget` characters of `json`, never ending inside a surrogate pair (a cut there
 * would put a lone surrogate into the UTF-8 the WebSocket sends, which turns into U+FFFD).
 */
export function cutPreview(json: string, budget: number): string {
  if (json.length <= budget) return json;
  const last = json.charCodeAt(budget - 1);
  const end = last >= 0xd800 && last <= 0xdbff ? budget - 1 : budget;
  return json.slice(0, end);
}

/**
 * The message event as it crosses to a shell: unchanged when its JSON fits the budget, else its
 * JSON cut to the budget with a `preview` that tells the full length and where the engine keeps
 * the message (`position` for calls:messages). Sizes, indexes and counts are the message's own.
 */
export function toCrossingMessage(event: MessageEvent, position: number, budget: number = MESSAGE_PREVIEW_CHARS): MessageEvent {
  if (event.json.length <= budget) return event;
  const preview: MessagePreview = { jsonChars: event.json.length, position };
  return { ...event, json: cutPreview(event.json, budget), preview };
}
