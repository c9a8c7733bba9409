import type { Result } from '../../../shared/result';
import type { RichErrorDetail, UnknownField } from '../../../shared/call-events';

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
  /** Decode a response message into canonical proto3 JSON text (readResponse's json). */
  decodeResponse(bytes: Uint8Array, options: { emitDefaults: boolean }): Result<string>;
  /**
   * Decode a response message for display: its JSON (an Any of a type no registry knows shown
   * as {"@type", "value"} instead of failing the message), the fields the descriptor does not
   * know, and notes. Bytes that are not the output type yield an error whose
   * details.undecodable ({ typeName, reason }) says why.
   */
  readResponse(bytes: Uint8Array, options: { emitDefaults: boolean }): Result<DecodedResponse>;
  /**
   * A response message a server sent as JSON (HTTP/JSON transcoding), in its binary form, so it
   * is then read and shown by readResponse like any gRPC response. Fields the output type does
   * not know are ignored, as a gateway client would. Absent in codecs that never transcode.
   */
  responseFromJson?(value: unknown): Result<Uint8Array>;
}

export interface DecodedResponse {
  /** Canonical proto3 JSON text. */
  json: string;
  unknownFields: UnknownField[];
  notes: string[];
  /** Type names of Anys no registry knows, which server reflection could be asked for. */
  unresolvedTypeNames: string[];
}

/** Decodes the grpc-status-details-bin trailer (a google.rpc.Status) into its details; null if undecodable. */
export type StatusDetailsDecoder = (statusBytes: Uint8Array) => StatusDetailsReading | null;

export interface StatusDetailsReading {
  details: RichErrorDetail[];
  /** Type names of details (or Anys inside them) no registry knows, which server reflection could be asked for. */
  unresolvedTypeNames: string[];
}
