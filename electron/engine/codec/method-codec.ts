import type { Result } from '../../../shared/result';
import type { RichErrorDetail } from '../../../shared/call-events';

/**
 * What a call needs to turn the user's JSON into wire bytes and wire bytes into JSON,
 * for one method. Implemented in codec/ over the @bufbuild/protobuf registry; the calls
 * layer depends only on this shape.
 */
export interface MethodCodec {
  /**
   * Parse request JSON (canonical proto3 JSON, lenient as protobuf-es' fromJson is) into
   * the input message's binary form. The returned json is the canonical JSON of what is
   * actually sent. A bad request yields BAD_JSON with details.path naming the field.
   */
  encodeRequest(json: string): Result<{ bytes: Uint8Array; json: string }>;
  /** Decode a response message into canonical proto3 JSON text. */
  decodeResponse(bytes: Uint8Array, options: { emitDefaults: boolean }): Result<string>;
}

/** Decodes the grpc-status-details-bin trailer (a google.rpc.Status) into its details; null if undecodable. */
export type StatusDetailsDecoder = (statusBytes: Uint8Array) => RichErrorDetail[] | null;
