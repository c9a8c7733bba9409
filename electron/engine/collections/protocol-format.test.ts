// The Protocol and HTTP version of a request in its file: written only when not the default
// (gRPC, HTTP/2), so files saved before protocols existed read and write back byte for byte.
import { describe, expect, it } from 'vitest';
import { emptyRequestDocument } from '../../../shared/request-document';
import { parseRequestFile, requestFileText } from './collection-format';

const folder = '/tmp/collection';
const OLD_FILE = ['method: demo.v1.DemoService/Echo', 'kind: unary', 'target: localhost:50051', 'body: "{}"', ''].join('\n');

describe('protocol in the request file format', () => {
  it('writes protocol and httpVersion under connection when not the default, and reads them back', () => {
    const document = emptyRequestDocument({ service: 'demo.v1.DemoService', method: 'Echo' }, 'unary');
    document.connection = { ...document.connection, target: 'localhost:8080', protocol: 'grpc-web', httpVersion: '1.1' };
    const text = requestFileText(folder, document);
    expect(text).toBe(['method: demo.v1.DemoService/Echo', 'kind: unary', 'target: localhost:8080', 'connection:', '  protocol: grpc-web', '  httpVersion: "1.1"', ''].join('\n'));
    const read = parseRequestFile(folder, text);
    expect(read.ok && read.value.connection).toMatchObject({ protocol: 'grpc-web', httpVersion: '1.1' });
  });

  it('leaves gRPC and HTTP/2 out, so an older file stays byte-identical', () => {
    const read = parseRequestFile(folder, OLD_FILE);
    if (!read.ok) throw new Error(read.message);
    expect(read.value.connection.protocol).toBeUndefined();
    expect(requestFileText(folder, read.value)).toBe(OLD_FILE);
    const explicit = { ...read.value, connection: { ...read.value.connection, protocol: 'grpc' as const, httpVersion: '2' as const } };
    expect(requestFileText(folder, explicit)).toBe(OLD_FILE);
  });

  it('refuses an unknown protocol, naming the field', () => {
    const read = parseRequestFile(folder, OLD_FILE.replace('body: "{}"', 'connection:\n  protocol: soap\nbody: "{}"'));
    expect(read.ok).toBe(false);
    expect(!read.ok && read.message).toContain('protocol');
  });
});
