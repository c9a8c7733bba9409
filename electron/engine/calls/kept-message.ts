import type { CallEvent, StreamMessage } from '../../../shared/call-events';
import { toCrossingMessage } from './message-preview';
import type { ReceivedPreviewEvent, WholeJson } from './received-message';

/**
 * A received message the engine read as a preview only (a big bytes field): its preview JSON
 * and, on demand, its whole JSON from the kept bytes. It has no `json`, so every reader must
 * choose between the preview (what crosses to a page) and the whole message (everything else).
 */
export interface DeferredMessage extends Omit<StreamMessage, 'json' | 'preview'> {
  previewJson: string;
  whole: WholeJson;
}

/** A message as a call's ring keeps it. */
export type KeptMessage = StreamMessage | DeferredMessage;

export function isDeferred(message: KeptMessage): message is DeferredMessage {
  return 'whole' in message;
}

/** The ring's form of a preview event: the event minus its type, the preview under its own name. */
export function deferredMessage(event: ReceivedPreviewEvent): DeferredMessage {
  const { type: _type, json, whole, preview: _preview, ...rest } = event;
  return { ...rest, previewJson: json, whole };
}

/** The message whole, as calls:messages, saves and recordings give it (decoding a deferred one now). */
export function wholeMessage(message: KeptMessage): StreamMessage {
  if (!isDeferred(message)) return message;
  const { previewJson: _previewJson, whole, ...rest } = message;
  return { ...rest, json: whole.read() };
}

/** Characters of the message's whole JSON, without building it. */
export function wholeJsonChars(message: KeptMessage): number {
  return isDeferred(message) ? message.whole.jsonChars : message.json.length;
}

/**
 * The message as it crosses to a shell, at `position` in its call: a deferred one as its
 * preview, any other cut to the preview budget when it is longer (see toCrossingMessage).
 */
export function crossingMessage(message: KeptMessage, position: number): StreamMessage {
  if (!isDeferred(message)) {
    const { type: _type, ...crossing } = toCrossingMessage({ type: 'message', ...message }, position);
    return crossing;
  }
  const { previewJson, whole, ...rest } = message;
  return { ...rest, json: previewJson, preview: { jsonChars: whole.jsonChars, position } };
}

type MessageEvent = Extract<CallEvent, { type: 'message' }>;

/**
 * A message event as it crosses to a shell, at `position` in its call: a preview event with its
 * full length told and `whole` left behind, any other cut to the budget when longer.
 */
export function crossingEvent(event: MessageEvent | ReceivedPreviewEvent, position: number): MessageEvent {
  if (!('whole' in event)) return toCrossingMessage(event, position);
  const { whole, ...crossing } = event;
  return { ...crossing, preview: { jsonChars: whole.jsonChars, position } };
}

/** The ring's form of a message event. */
export function keptMessage(event: MessageEvent | ReceivedPreviewEvent): KeptMessage {
  if ('whole' in event) return deferredMessage(event);
  const { type: _type, ...message } = event;
  return message;
}

/** What a kept message's own fields cost besides its text and bytes (indexes, times, the object): a rough constant. */
const MESSAGE_OVERHEAD_BYTES = 160;

/**
 * About the memory a kept message holds, for the retention byte budget: its JSON text (one byte
 * per character, as V8 keeps ASCII), or for a message read as a preview its preview text plus the
 * wire bytes its whole JSON is decoded from.
 */
export function keptMemoryBytes(message: KeptMessage): number {
  if (isDeferred(message)) return MESSAGE_OVERHEAD_BYTES + message.previewJson.length + message.bytes;
  return MESSAGE_OVERHEAD_BYTES + message.json.length;
}
