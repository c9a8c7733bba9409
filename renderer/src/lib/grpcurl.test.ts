import { describe, expect, it } from 'vitest';
import { defaultConnectionSettings } from '../../../shared/connection';
import type { GrpcurlInput } from './grpcurl';
import { buildGrpcurlCommand, compactJson, grpcurlArgs, grpcurlProblem, grpcurlTarget, withShellVariables } from './grpcurl';
import { shellQuote } from './shell-quote';

function input(patch: Partial<GrpcurlInput> = {}): GrpcurlInput {
  return {
    connection: defaultConnectionSettings('127.0.0.1:50051'),
    metadata: [],
    deadlineMs: null,
    body: '{\n  "message": "hi"\n}',
    service: 'demo.v1.DemoService',
    method: 'Echo',
    emitDefaults: false,
    source: null,
    ...patch,
  };
}

describe('grpcurl command builder', () => {
  it('makes a plaintext call with a compact body', () => {
    expect(buildGrpcurlCommand(input())).toBe(`grpcurl -plaintext -d '{"message":"hi"}' 127.0.0.1:50051 demo.v1.DemoService/Echo`);
  });

  it('passes TLS files, skip-verify and the server name', () => {
    const connection = defaultConnectionSettings('api.example.com:443');
    connection.tls = { enabled: true, caPath: '/certs/ca.pem', certPath: '/certs/client.pem', keyPath: '/certs/client.key', serverNameOverride: 'internal.example', skipVerify: true };
    const args = grpcurlArgs(input({ connection }));
    expect(args).not.toContain('-plaintext');
    expect(args.slice(0, 10)).toEqual(['-insecure', '-cacert', '/certs/ca.pem', '-cert', '/certs/client.pem', '-key', '/certs/client.key', '-authority', 'internal.example', '-d']);
  });

  it('adds metadata, deadline, defaults and channel options', () => {
    const connection = defaultConnectionSettings('127.0.0.1:50051');
    connection.keepalive.timeMs = 10_000;
    connection.maxReceiveBytes = 1048576;
    const args = grpcurlArgs(
      input({
        connection,
        metadata: [
          { key: 'authorization', value: 'Bearer abc' },
          { key: '', value: 'ignored' },
          { key: 'trace-bin', value: 'AAEC' },
        ],
        deadlineMs: 1500,
        emitDefaults: true,
      }),
    );
    expect(args).toEqual([
      '-plaintext',
      '-H', 'authorization: Bearer abc',
      '-H', 'trace-bin: AAEC',
      '-max-time', '1.5',
      '-keepalive-time', '10',
      '-max-msg-sz', '1048576',
      '-emit-defaults',
      '-d', '{"message":"hi"}',
      '127.0.0.1:50051', 'demo.v1.DemoService/Echo',
    ]);
  });

  it('names the proto files or descriptor sets the schema came from', () => {
    const files = grpcurlArgs(input({ source: { kind: 'files', protoFiles: ['demo.proto'], importPaths: ['/p/protos', '/p/vendor'] } }));
    expect(files).toEqual(expect.arrayContaining(['-import-path', '/p/protos', '-proto', 'demo.proto']));
    expect(files.indexOf('/p/vendor')).toBeGreaterThan(files.indexOf('/p/protos'));
    const sets = grpcurlArgs(input({ source: { kind: 'descriptor_sets', paths: ['/a.protoset', '/b.binpb'] } }));
    expect(sets).toEqual(expect.arrayContaining(['-protoset', '/a.protoset', '-protoset', '/b.binpb']));
    const reflection = grpcurlArgs(input({ source: { kind: 'reflection', target: 'x:1' } }));
    expect(reflection.some((a) => a.startsWith('-proto'))).toBe(false);
  });

  it('keeps a body that is not JSON as typed and omits an empty one', () => {
    expect(grpcurlArgs(input({ body: '{ broken' }))).toContain('{ broken');
    expect(grpcurlArgs(input({ body: '  ' }))).not.toContain('-d');
  });

  it('turns resolver URIs into what grpcurl accepts', () => {
    const plain = { tls: null, pathPrefix: '' };
    expect(grpcurlTarget('dns:///api.example.com:443')).toEqual({ address: 'api.example.com:443', unix: false, ...plain });
    expect(grpcurlTarget('unix:///tmp/grpc.sock')).toEqual({ address: '/tmp/grpc.sock', unix: true, ...plain });
    expect(grpcurlTarget('unix:relative.sock')).toEqual({ address: 'relative.sock', unix: true, ...plain });
    expect(grpcurlTarget('ipv4:10.0.0.1:50051,10.0.0.2:50051')).toEqual({ address: '10.0.0.1:50051', unix: false, ...plain });
    const unix = grpcurlArgs(input({ connection: defaultConnectionSettings('unix:///tmp/grpc.sock') }));
    expect(unix).toContain('-unix');
    expect(unix.at(-2)).toBe('/tmp/grpc.sock');
  });

  it('reads http(s):// addresses as the engine does: https is TLS (443 by default), http plaintext (80)', () => {
    expect(grpcurlTarget('https://api.example.com')).toEqual({ address: 'api.example.com:443', unix: false, tls: true, pathPrefix: '' });
    expect(grpcurlTarget(' HTTPS://api.example.com:8443/ ')).toEqual({ address: 'api.example.com:8443', unix: false, tls: true, pathPrefix: '' });
    expect(grpcurlTarget('https://[::1]')).toEqual({ address: '[::1]:443', unix: false, tls: true, pathPrefix: '' });
    expect(grpcurlTarget('http://localhost')).toEqual({ address: 'localhost:80', unix: false, tls: false, pathPrefix: '' });
    expect(grpcurlTarget('https://gw.example.com/grpc/v1/')).toEqual({ address: 'gw.example.com:443', unix: false, tls: true, pathPrefix: '/grpc/v1' });

    expect(buildGrpcurlCommand(input({ connection: defaultConnectionSettings('https://api.example.com') }))).toBe(
      `grpcurl -d '{"message":"hi"}' api.example.com:443 demo.v1.DemoService/Echo`,
    );
    const withCa = defaultConnectionSettings('https://api.example.com:8443');
    withCa.tls.caPath = '/certs/ca.pem'; // the engine reads the TLS files whenever https:// turns TLS on
    expect(grpcurlArgs(input({ connection: withCa }))).toEqual(['-cacert', '/certs/ca.pem', '-d', '{"message":"hi"}', 'api.example.com:8443', 'demo.v1.DemoService/Echo']);
    expect(buildGrpcurlCommand(input({ connection: defaultConnectionSettings('http://localhost:8080') }))).toBe(
      `grpcurl -plaintext -d '{"message":"hi"}' localhost:8080 demo.v1.DemoService/Echo`,
    );
    // TLS switched on with an http:// address is TLS, as in the engine (http:// only means "the address did not ask for TLS").
    const tlsOn = defaultConnectionSettings('http://localhost:8080');
    tlsOn.tls.enabled = true;
    expect(grpcurlArgs(input({ connection: tlsOn }))).not.toContain('-plaintext');
  });

  it('refuses a path prefix grpcurl cannot send instead of dropping it', () => {
    const prefixed = input({ connection: defaultConnectionSettings('https://gw.example.com/grpc') });
    expect(grpcurlProblem(prefixed)).toBe(
      'grpcurl cannot send a path prefix: the server address https://gw.example.com/grpc puts /grpc in front of every method path (/grpc/pkg.Service/Method), ' +
        'and grpcurl always calls /pkg.Service/Method. Remove /grpc from the address to copy a command for a server that serves without it.',
    );
    expect(() => grpcurlArgs(prefixed)).toThrow(/grpcurl cannot send a path prefix/);
    expect(grpcurlProblem(input({ connection: defaultConnectionSettings('https://gw.example.com/') }))).toBeNull();
    expect(grpcurlProblem(input())).toBeNull();
  });

  it('passes the body through as typed, so 64-bit numbers above 2^53 keep every digit', () => {
    const body = '{\n  "id": 9007199254740993,\n  "min": -9223372036854775808,\n  "s": "a  b\\"  c",\n  "f": 1.50, "e": 1E400\n}';
    expect(compactJson(body)).toBe('{"id":9007199254740993,"min":-9223372036854775808,"s":"a  b\\"  c","f":1.50,"e":1E400}');
    expect(grpcurlArgs(input({ body }))).toContain('{"id":9007199254740993,"min":-9223372036854775808,"s":"a  b\\"  c","f":1.50,"e":1E400}');
    expect(compactJson('[ "\\\\", "x" ]')).toBe('["\\\\","x"]');
    expect(compactJson('  not json  ')).toBe('not json');
  });

  it('quotes for a POSIX shell', () => {
    expect(shellQuote('simple/path.proto')).toBe('simple/path.proto');
    expect(shellQuote('')).toBe("''");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('a b')).toBe("'a b'");
  });
});

describe('withShellVariables', () => {
  it('turns markers into shell variables that a real shell expands, never into values', async () => {
    const { execFileSync } = await import('node:child_process');
    const markers = new Map([['GWSHELLVAR0Z', 'TOKEN'], ['GWSHELLVAR1Z', 'HOST']]);
    const command = withShellVariables(`printf '%s|' 'Bearer GWSHELLVAR0Z' GWSHELLVAR1Z 'it'\\''s GWSHELLVAR0Z!'`, markers);
    expect(command).not.toContain('GWSHELLVAR');
    const out = execFileSync('/bin/sh', ['-c', command], { env: { TOKEN: 'se cr$et', HOST: '127.0.0.1:9' } }).toString();
    expect(out).toBe("Bearer se cr$et|127.0.0.1:9|it's se cr$et!|");
  });
});
