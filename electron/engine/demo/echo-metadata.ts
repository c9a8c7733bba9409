import { Metadata } from '@grpc/grpc-js';

/**
 * Echo's mirror: every request metadata entry comes back as a response header "echo-<key>"
 * and a trailer "trailer-echo-<key>". A "-bin" key keeps its suffix, so binary values stay
 * binary on the way back. Every value of a repeated key is copied.
 */
export function echoMetadata(request: Metadata): { headers: Metadata; trailers: Metadata } {
  const headers = new Metadata();
  const trailers = new Metadata();
  for (const key of Object.keys(request.getMap())) {
    for (const value of request.get(key)) {
      headers.add(`echo-${key}`, value);
      trailers.add(`trailer-echo-${key}`, value);
    }
  }
  return { headers, trailers };
}
