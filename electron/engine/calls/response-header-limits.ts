import { status as GrpcStatus } from '@grpc/grpc-js';

/**
 * Node's HTTP/2 (under grpc-js) takes at most 128 header fields in one header block
 * (http2 maxHeaderListPairs, Node's default), counting :status, content-type and gRPC's own
 * fields. A response whose headers or trailers carry more is reset by the client itself with
 * ENHANCE_YOUR_CALM, which grpc-js reports as RESOURCE_EXHAUSTED "Bandwidth exhausted or memory
 * limit exceeded": true, but no word about headers. The connection survives; other calls go on.
 */
export const NODE_MAX_RESPONSE_HEADER_FIELDS = 128;

/**
 * One header field whose HPACK-encoded value is over 64 KiB (nghttp2's NGHTTP2_HD_MAX_NV) is a
 * compression error that ends the whole connection; Node then keeps the dead session without
 * telling grpc-js, so every call on it waits for its deadline. Named here for the message below.
 */
export const NGHTTP2_MAX_HEADER_FIELD_BYTES = 65_536;

/** grpc-js's words for an HTTP/2 stream reset with ENHANCE_YOUR_CALM (subchannel-call.js). */
const ENHANCE_YOUR_CALM_DETAILS = 'Bandwidth exhausted or memory limit exceeded';

/**
 * A sentence that names the header limit when a call ended the way an over-limit response
 * ends it, or null. `headersReceived` tells the response headers (not received) from the
 * trailers (headers came, the trailers were refused).
 */
export function explainResponseHeaderLimit(code: number, details: string, headersReceived: boolean): string | null {
  if (code !== GrpcStatus.RESOURCE_EXHAUSTED || !details.startsWith(ENHANCE_YOUR_CALM_DETAILS)) return null;
  const block = headersReceived ? 'trailers' : 'response headers';
  return (
    `The HTTP/2 stream was reset with ENHANCE_YOUR_CALM. The usual cause: the server's ${block} carry more than ` +
    `${NODE_MAX_RESPONSE_HEADER_FIELDS} header fields (counting :status, content-type and gRPC's own), the most Node's HTTP/2 ` +
    `under grpc-js accepts in one block, so the client refused them. Send fewer metadata entries from the server ` +
    `(or put the values in the response message). A server may also send this reset itself when overloaded. (grpc-js: ${details})`
  );
}
