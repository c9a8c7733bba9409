import type { CallEvent, StreamMessage, UndecodableMessage } from '../../../shared/call-events';
import type { MethodCodec } from '../codec/method-codec';
import { cutPreview } from './message-preview';

/**
 * The full JSON of a message that was read as a preview only: its exact length, and the text
 * itself, built from the kept bytes when someone asks (calls:messages, save, a recording).
 */
export interface WholeJson {
  jsonChars: number;
  read(): string;
}

/** A received message as shown, and the Any types it names that no registry knows. */
export interface ReceivedReading {
  shown: Pick<StreamMessage, 'json' | 'unknownFields' | 'notes' | 'undecodable'>;
  unresolvedTypeNames: string[];
  /** Present when shown.json is only the first `previewChars` characters of the message's JSON. */
  whole?: WholeJson;
}

/**
 * A received message event whose json is a preview, with the way to its whole JSON. Engine-only:
 * the call registry keeps `whole` and sends the event on as a preview (calls/kept-message.ts).
 */
export type ReceivedPreviewEvent = Extract<CallEvent, { type: 'message' }> & { whole: WholeJson };

/** What a call session emits: the shared events, and received messages read as a preview. */
export type SessionEvent = CallEvent | ReceivedPreviewEvent;

/**
 * The received message's JSON, and what JSON cannot carry (unknown fields, notes, why it is
 * undecodable): the one rendering of received bytes for every protocol. Never throws.
 *
 * With `previewChars`, a message whose bytes fields make its JSON longer than that is read as a
 * preview: its JSON is built with those fields shortened and cut to `previewChars` (exactly the
 * start of the full JSON), and `whole` tells the full length and builds the full text on demand
 * from `bytes` (which it keeps). A 1 MiB bytes field so costs a 64 Ki-character JSON on arrival,
 * not 1.4 MB of base64 that is built, sent and parsed though only its first line is shown.
 */
export function readReceivedMessage(codec: MethodCodec, bytes: Uint8Array, emitDefaults: boolean, previewChars?: number): ReceivedReading {
  try {
    const read = codec.readResponse(bytes, { emitDefaults, ...(previewChars !== undefined ? { previewChars } : {}) });
    if (!read.ok) {
      const undecodable = read.error.details?.['undecodable'] as UndecodableMessage | undefined;
      return { shown: { json: undecodableJson(read.error.message, bytes), ...(undecodable ? { undecodable } : {}) }, unresolvedTypeNames: [] };
    }
    const { json, elidedChars = 0, unknownFields, notes, unresolvedTypeNames } = read.value;
    const previewed = previewChars !== undefined && elidedChars > 0;
    // Built field by field: this runs once per received message (no spreads of throwaway objects).
    const shown: ReceivedReading['shown'] = { json: previewed ? cutPreview(json, previewChars) : json };
    if (unknownFields.length > 0) shown.unknownFields = unknownFields;
    if (notes.length > 0) shown.notes = notes;
    if (!previewed) return { shown, unresolvedTypeNames };
    const whole: WholeJson = { jsonChars: json.length + elidedChars, read: () => readReceivedMessage(codec, bytes, emitDefaults).shown.json };
    return { shown, unresolvedTypeNames, whole };
  } catch (e) {
    return { shown: { json: undecodableJson((e as Error).message, bytes) }, unresolvedTypeNames: [] };
  }
}

function undecodableJson(message: string, bytes: Uint8Array): string {
  return JSON.stringify({ '@error': `This message could not be decoded as the method's response type: ${message}`, '@bytesBase64': Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') });
}
