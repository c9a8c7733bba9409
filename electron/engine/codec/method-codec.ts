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
   * details.undecodable ({ typeName, reason }) says why. With `previewChars`, bytes fields too
   * long for a preview of that many characters are left out in part (see DecodedResponse.elidedChars).
   */
  readResponse(bytes: Uint8Array, options: ReadResponseOptions): Result<DecodedResponse>;
  /**
   * A response message a server sent as JSON (HTTP/JSON transcoding), in its binary form, so it
   * is then read and shown by readResponse like any gRPC response. Fields the output type does
   * not know are ignored, as a gateway client would. Absent in codecs that never transcode.
   */
  responseFromJson?(value: unknown): Result<Uint8Array>;
}

export interface ReadResponseOptions {
  emitDefaults: boolean;
  /**
   * Only the first this-many characters of the JSON will be shown: bytes values whose base64
   * alone is longer are shortened before the JSON is built, so a 1 MiB bytes field does not
   * become 1.4 MB of text nobody reads. Absent = the whole JSON.
   */
  previewChars?: number;
}

export interface DecodedResponse {
  /**
   * Canonical proto3 JSON text; when elidedChars > 0, only its first `previewChars` characters
   * are the message's (they are exactly the start of the full JSON), the rest is shortened.
   */
  json: string;
  /** Characters of base64 left out of json by a preview read (0 or absent = json is whole): the full JSON is json.length + elidedChars long. */
  elidedChars?: number;
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
