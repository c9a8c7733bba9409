import { describe, expect, it } from 'vitest';
import { parseTarget, type ParsedTarget } from './target';

function parsed(input: string): ParsedTarget {
  const result = parseTarget(input);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

function badTarget(input: string): string {
  const result = parseTarget(input);
  if (result.ok) throw new Error(`"${input}" was accepted as ${result.value.uri}`);
  expect(result.error.code).toBe('BAD_TARGET');
  expect(result.error.message).toMatch(/e\.g\. localhost:50051/);
  return result.error.message;
}

describe('parseTarget', () => {
  it.each([
    ['localhost:50051', 'dns:///localhost:50051', 'localhost:50051', 'localhost'],
    ['  api.example.com:443 ', 'dns:///api.example.com:443', 'api.example.com:443', 'api.example.com'],
    ['127.0.0.1:9000', 'dns:///127.0.0.1:9000', '127.0.0.1:9000', '127.0.0.1'],
    ['[::1]:50051', 'dns:///[::1]:50051', '[::1]:50051', '::1'],
    ['dns:///localhost:50051', 'dns:///localhost:50051', 'localhost:50051', 'localhost'],
    ['dns:localhost:50051', 'dns:///localhost:50051', 'localhost:50051', 'localhost'],
    ['ipv4:10.0.0.1:50051,10.0.0.2:50052', 'ipv4:10.0.0.1:50051,10.0.0.2:50052', '10.0.0.1:50051 (+1 more)', '10.0.0.1'],
    ['ipv6:[::1]:50051', 'ipv6:[::1]:50051', '[::1]:50051', '::1'],
    ['unix:///tmp/server.sock', 'unix:///tmp/server.sock', 'unix:///tmp/server.sock', null],
    ['unix:/tmp/server.sock', 'unix:///tmp/server.sock', 'unix:///tmp/server.sock', null],
    ['unix:relative/server.sock', 'unix:relative/server.sock', 'unix:relative/server.sock', null],
    ['unix:///tmp/My Folder/s.sock', 'unix:///tmp/My Folder/s.sock', 'unix:///tmp/My Folder/s.sock', null],
  ])('%s -> %s', (input, uri, display, host) => {
    expect(parsed(input)).toMatchObject({ uri, display, host, tlsFromScheme: null, pathPrefix: '' });
  });

  it('equivalent spellings give one canonical uri (one pooled channel)', () => {
    expect(new Set(['localhost:50051', 'dns:localhost:50051', 'dns:///localhost:50051', 'http://localhost:50051'].map((t) => parsed(t).uri)).size).toBe(1);
  });

  it('accepts URLs: https means TLS, default ports, and a path prefix', () => {
    expect(parsed('https://api.example.com')).toMatchObject({ uri: 'dns:///api.example.com:443', tlsFromScheme: true, pathPrefix: '' });
    expect(parsed('HTTP://localhost:8080/')).toMatchObject({ uri: 'dns:///localhost:8080', tlsFromScheme: false, pathPrefix: '' });
    expect(parsed('http://localhost')).toMatchObject({ uri: 'dns:///localhost:80' });
    expect(parsed('https://gw.example.com:8443/grpc/v1/')).toMatchObject({ uri: 'dns:///gw.example.com:8443', tlsFromScheme: true, pathPrefix: '/grpc/v1' });
  });

  it('refuses unix-abstract: targets, which grpc-js has no resolver for, saying what to use instead', () => {
    for (const input of ['unix-abstract:my-server', 'UNIX-ABSTRACT:name with space', 'unix-abstract:']) {
      const result = parseTarget(input);
      expect(result.ok, input).toBe(false);
      if (result.ok) continue;
      expect(result.error.code).toBe('BAD_TARGET');
      expect(result.error.message).toMatch(/abstract Unix socket \(unix-abstract:\).*cannot connect to.*unix:\/\/\/path\/to\/server\.sock.*host:port/);
    }
  });

  it.each([
    ['', /empty/],
    ['localhost', /has no port\. Add one, e\.g\. localhost:50051/],
    ['localhost:port', /port "port" is not a number/],
    ['localhost:70000', /outside 1-65535/],
    ['local host:50051', /spaces/],
    ['::1:50051', /IPv6 addresses need brackets|more than one ":"/],
    ['[::1:50051', /never closes/],
    ['ipv4:[::1]:50051', /not an IPv4 address/],
    ['ipv6:127.0.0.1:50051', /not an IPv6 address/],
    ['dns://8.8.8.8/localhost:50051', /DNS server.*not supported/],
    ['unix:', /socket path is empty/],
    ['unix://tmp/server.sock', /three slashes/],
    ['ftp://example.com:21', /"ftp:\/\/" is not a scheme/],
    ['https://user:pw@example.com', /credentials as metadata/],
    ['https://example.com/a?b=c', /query strings/],
    ['xds:///service', /not supported/],
    ['exa_mple..com:1', /not a valid host name/],
  ])('rejects %j', (input, message) => {
    expect(badTarget(input)).toMatch(message);
  });
});
