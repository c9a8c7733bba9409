import type { Metadata } from '@grpc/grpc-js';

/**
 * A gRPC server answers every call with HTTP 200 and content-type application/grpc (or
 * application/grpc+proto, ...). A web server, a REST API or a proxy that does not route gRPC
 * answers with something else, and grpc-js then reports what it made of the body: an HTML page
 * read as a length-prefixed message becomes "RESOURCE_EXHAUSTED: Received message larger than
 * max (1752460652 ...)" ("html" read as a 32-bit length), a 404 becomes "UNIMPLEMENTED:
 * Received HTTP status code 404". The response headers tell the real story: grpc-js passes
 * them on as the call's headers (or, for a headers-only answer, as its trailers), without the
 * :status pseudo-header, which it names in its details when it is not 200.
 */
export interface ResponseHeaders {
  /** The response headers of the call, when the server sent any before it ended. */
  headers: Metadata | null;
  trailers: Metadata;
  /** grpc-js's details of the call's status. */
  details: string;
}

export interface NonGrpcResponse {
  httpStatus: number;
  /** null when the server sent none. */
  contentType: string | null;
}

const HTTP_STATUS = /Received HTTP status code (\d{3})/;
const GRPC_CONTENT_TYPE = /^application\/grpc(?:[+;]|$)/i;

function firstString(metadata: Metadata | null, key: string): string | null {
  const value = metadata?.get(key)[0];
  return typeof value === 'string' ? value.trim() : null;
}

/** What the server answered, when it was not a gRPC response; null when it was (or we cannot tell). */
export function nonGrpcResponse(response: ResponseHeaders): NonGrpcResponse | null {
  const contentType = firstString(response.headers, 'content-type') ?? firstString(response.trailers, 'content-type');
  if (contentType !== null && GRPC_CONTENT_TYPE.test(contentType)) return null;
  const statusText = HTTP_STATUS.exec(response.details)?.[1];
  // No content-type and no HTTP status to go on: too little to call it "not gRPC".
  if (contentType === null && statusText === undefined) return null;
  // grpc-js names every :status but 200 in its details, so a response without one was a 200.
  return { httpStatus: statusText === undefined ? 200 : Number(statusText), contentType };
}

export function describeNonGrpcResponse(target: string, response: NonGrpcResponse): string {
  const type = response.contentType === null ? 'no content-type' : `content-type "${response.contentType}"`;
  return `The server at ${target} is not a gRPC server: it answered HTTP ${response.httpStatus} with ${type}, where a gRPC server answers 200 with "application/grpc". Check the address and port: this may be a web server, a REST API, or a proxy that does not pass gRPC through.`;
}
