// Server addresses a user may type: empty, spaces, unknown schemes, bad ports, unix paths.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CorpusCase, CorpusCategory, CorpusKit } from '../corpus-kit';

function target(name: string, make: string | ((kit: CorpusKit) => string), code: string, messageRe: RegExp, defect?: string): CorpusCase {
  return {
    name,
    code,
    message: messageRe,
    defect,
    run: (kit) => kit.callOutcome(kit.callRequest('Echo', '{"message":"hi"}', { deadlineMs: 3_000, connection: kit.connection({ target: typeof make === 'string' ? make : make(kit) }) })),
  };
}

export const targetCases: CorpusCategory = {
  category: 'targets',
  cases: [
    target('empty', '', 'BAD_TARGET', /^The server address is empty\. Use host:port, e\.g\./),
    target('only spaces', '   ', 'BAD_TARGET', /^The server address is empty\. Use host:port, e\.g\./),
    target('a space inside the host', 'local host:50051', 'BAD_TARGET', /^The server address "local host:50051" is not valid: it contains spaces\./),
    target('a tab inside', 'localhost:\t50051', 'BAD_TARGET', /^The server address "localhost:\t50051" is not valid: it contains spaces\./),
    target('an ftp:// URL', 'ftp://example.com:21', 'BAD_TARGET', /^The server address "ftp:\/\/example\.com:21" is not valid: "ftp:\/\/" is not a scheme gRPC understands\./),
    target('an unknown scheme', 'xds:///my-service', 'BAD_TARGET', /^The server address "xds:\/\/\/my-service" is not valid: the "xds:" resolver is not supported\./),
    target('http:// without a host', 'http://', 'BAD_TARGET', /^The server address "http:\/\/" is not valid: the host is empty\./),
    target('an https:// URL with a query string', 'https://example.com:443/api?x=1', 'BAD_TARGET', /^The server address "https:\/\/example\.com:443\/api\?x=1" is not valid: query strings and fragments have no meaning in a gRPC address\./),
    target('a URL path prefix with a quote in it', 'http://localhost:50051/a"b', 'BAD_TARGET', /^The server address "http:\/\/localhost:50051\/a"b" is not valid: the path prefix "\/a"b" has characters a URL path cannot have\./),
    target('port 0', '127.0.0.1:0', 'BAD_TARGET', /^The server address "127\.0\.0\.1:0" is not valid: the port 0 is outside 1-65535\./),
    target('port 65536', '127.0.0.1:65536', 'BAD_TARGET', /^The server address "127\.0\.0\.1:65536" is not valid: the port 65536 is outside 1-65535\./),
    target('port 99999', 'localhost:99999', 'BAD_TARGET', /^The server address "localhost:99999" is not valid: the port 99999 is outside 1-65535\./),
    target('a negative port', 'localhost:-1', 'BAD_TARGET', /^The server address "localhost:-1" is not valid: the port "-1" is not a number\./),
    target('a port that is not a number', 'localhost:abc', 'BAD_TARGET', /^The server address "localhost:abc" is not valid: the port "abc" is not a number\./),
    target('a colon and no port', 'localhost:', 'BAD_TARGET', /^The server address "localhost:" is not valid: the port "" is not a number\./),
    target('an IPv6 address without brackets', '::1:50051', 'BAD_TARGET', /^The server address "::1:50051" is not valid: "::1:50051" has more than one ":"\./),
    target('an unclosed IPv6 bracket', '[::1:50051', 'BAD_TARGET', /^The server address "\[::1:50051" is not valid: "\[::1:50051" opens "\[" for an IPv6 address but never closes it\./),
    target('dns: with nothing after it', 'dns:///', 'BAD_TARGET', /^The server address "dns:\/\/\/" is not valid: the host is empty\./),
    target('ipv4: with nothing after it', 'ipv4:', 'BAD_TARGET', /^The server address "ipv4:" is not valid: the host is empty\./),
    target('ipv4: with a host name', 'ipv4:localhost:50051', 'BAD_TARGET', /^The server address "ipv4:localhost:50051" is not valid: "localhost" is not an IPv4 address \(ipv4: lists take IPv4 addresses only\)\./),
    target('unix: with a relative path', 'unix:relative/socket', 'UNAVAILABLE', /^There is no server socket at unix:relative\/socket\./),
    target('unix: with nothing after it', 'unix:', 'BAD_TARGET', /^The server address "unix:" is not valid: the socket path is empty\./),
    target('unix-abstract:', 'unix-abstract:workbench', 'BAD_TARGET', /^The server address "unix-abstract:workbench" names an abstract Unix socket \(unix-abstract:\), which the gRPC library the workbench uses \(grpc-js\) cannot connect /),
    target('a unix socket that does not exist', (kit) => `unix://${join(kit.dir, 'nobody.sock')}`, 'UNAVAILABLE', /^There is no server socket at unix:\/\/.*nobody\.sock\./),
    target('a unix path that is a folder', (kit) => { const folder = join(kit.dir, 'sock-folder'); mkdirSync(folder, { recursive: true }); return `unix://${folder}`; }, 'UNAVAILABLE', /^Could not connect to unix:\/\/.*sock-folder: the connection was refused\./),
    target('a unix path that is a regular file', (kit) => `unix://${kit.file('plain.sock', 'not a socket')}`, 'UNAVAILABLE', /^Could not connect to unix:\/\/.*plain\.sock: the connection was refused\./),
    target('a unix path over 107 bytes', (kit) => `unix://${kit.dir}/${'s'.repeat(120)}.sock`, 'UNAVAILABLE', /^There is no server socket at unix:\/\/.*sssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss/),
    target('nothing listening on the port', '127.0.0.1:1', 'UNAVAILABLE', /^Could not connect to 127\.0\.0\.1:1: the connection was refused\./),
    // A 64-character label (DNS allows 63): the C library refuses it itself, so no DNS query leaves this machine.
    target('a host name that does not resolve', `${'a'.repeat(64)}.invalid:50051`, 'UNAVAILABLE', /^The name a{64}\.invalid could not be resolved: no address is known for this name \(getaddrinfo ENOTFOUND\)\./),
    target('a 4,000-character host', `${'a'.repeat(4000)}:50051`, 'UNAVAILABLE', /^The name a{4000} could not be resolved: /),
  ],
};
