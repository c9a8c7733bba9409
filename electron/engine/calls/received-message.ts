import type { StreamMessage, UndecodableMessage } from '../../../shared/call-events';
import type { MethodCodec } from '../codec/method-codec';

/** A received message as shown, and the Any types it names that no registry knows. */
export interface ReceivedReading {
  shown: Pick<StreamMessage, 'json' | 'unknownFields' | 'notes' | 'undecodable'>;
  unresolvedTypeNames: string[];
}

/**
 * The received message's JSON, and what JSON cannot carry (unknown fields, notes, why it is
 * undecodable): the one rendering of received bytes for every protocol. Never throws.
 */
export function readReceivedMessage(codec: MethodCodec, bytes: Uint8Array, emitDefaults: boolean): ReceivedReading {
  try {
    const read = codec.readResponse(bytes, { emitDefaults });
    if (!read.ok) {
      const undecodable = read.error.details?.['undecodable'] as UndecodableMessage | undefined;
      return { shown: { json: undecodableJson(read.error.message, bytes), ...(undecodable ? { undecodable } : {}) }, unresolvedTypeNames: [] };
    }
    const { json, unknownFields, notes, unresolvedTypeNames } = read.value;
    return { shown: { json, ...(unknownFields.length > 0 ? { unknownFields } : {}), ...(notes.length > 0 ? { notes } : {}) }, unresolvedTypeNames };
  } catch (e) {
    return { shown: { json: undecodableJson((e as Error).message, bytes) }, unresolvedTypeNames: [] };
  }
}

function undecodableJson(message: string, bytes: Uint8Array): string {
  return JSON.stringify({ '@error': `This message could not be decoded as the method's response type: ${message}`, '@bytesBase64': Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') });
}
