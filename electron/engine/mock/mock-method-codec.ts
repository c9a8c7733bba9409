import type { DescMethod, Registry } from '@bufbuild/protobuf';
import { createMethodCodec } from '../codec/create-method-codec';
import type { MethodCodec } from '../codec/method-codec';

/** The server's side of one method: requests are read, responses are written. */
export interface MockMethodCodec {
  /** A response JSON (the method's output type) to wire bytes; BAD_JSON names the field. */
  encodeResponse: MethodCodec['encodeRequest'];
  /** A received request (the method's input type) as canonical JSON. */
  readRequest: MethodCodec['readResponse'];
}

/**
 * The client codec (codec/create-method-codec.ts) with input and output swapped: the one JSON
 * mapping of the app, so a mock answers exactly what a call would send and shows requests the way
 * the response panel shows messages.
 */
export function createMockMethodCodec(registry: Registry, method: DescMethod): MockMethodCodec {
  const reversed: DescMethod = { ...method, input: method.output, output: method.input };
  const codec = createMethodCodec(registry, reversed);
  return {
    encodeResponse(json) {
      const encoded = codec.encodeRequest(json);
      if (encoded.ok) return encoded;
      // The client codec words its errors for requests; here the JSON is a response.
      return { ok: false, error: { ...encoded.error, message: encoded.error.message.replace(/^The request/, 'The response') } };
    },
    readRequest: (bytes, options) => codec.readResponse(bytes, options),
  };
}
