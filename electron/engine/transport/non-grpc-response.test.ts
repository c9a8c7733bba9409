import { Metadata } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { nonGrpcResponse } from './non-grpc-response';

function metadata(entries: Record<string, string>): Metadata {
  const result = new Metadata();
  for (const [key, value] of Object.entries(entries)) result.set(key, value);
  return result;
}

describe('nonGrpcResponse', () => {
  it('accepts every gRPC content-type, in headers or in a trailers-only answer', () => {
    for (const type of ['application/grpc', 'application/grpc+proto', 'application/grpc; charset=utf-8', 'Application/GRPC']) {
      expect(nonGrpcResponse({ headers: metadata({ 'content-type': type }), trailers: new Metadata(), details: 'x' })).toBeNull();
      expect(nonGrpcResponse({ headers: null, trailers: metadata({ 'content-type': type }), details: 'Received HTTP status code 404' })).toBeNull();
    }
  });

  it('names the status and content-type of anything else', () => {
    expect(nonGrpcResponse({ headers: metadata({ 'content-type': 'text/html' }), trailers: new Metadata(), details: 'Received message larger than max (1752460652 vs 4194304)' }))
      .toEqual({ httpStatus: 200, contentType: 'text/html' });
    expect(nonGrpcResponse({ headers: metadata({ 'content-type': 'application/grpc-web' }), trailers: new Metadata(), details: 'x' }))
      .toEqual({ httpStatus: 200, contentType: 'application/grpc-web' });
    expect(nonGrpcResponse({ headers: null, trailers: new Metadata(), details: 'Received HTTP status code 502' }))
      .toEqual({ httpStatus: 502, contentType: null });
  });

  it('claims nothing without a content-type or an HTTP status to go on', () => {
    expect(nonGrpcResponse({ headers: null, trailers: new Metadata(), details: 'Connection dropped' })).toBeNull();
  });
});
