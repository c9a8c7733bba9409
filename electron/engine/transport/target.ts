import { isIP, isIPv4, isIPv6 } from 'node:net';
import { err, ok, type Result } from '../../../shared/result';

/**
 * A server address the user typed, checked and put into the one form grpc-js is given.
 *
 * Accepted: host:port, dns:///host:port, dns:host:port, ipv4:a:p[,b:p...], ipv6:[::1]:p[,...],
 * unix:///abs/path, unix:/abs/path, unix:relative, and, because people paste URLs,
 * http://host[:port][/prefix] and https://host[:port][/prefix]. unix-abstract:name is refused:
 * grpc-js has no resolver for it. gRPC targets have no scheme for TLS and no path; we strip the URL scheme (https says "use TLS", reported in
 * tlsFromScheme) and keep a path prefix, which calls put in front of the method path
 * ("/prefix/pkg.Service/Method") for servers behind path-routing proxies.
 */
export interface ParsedTarget {
  /** Canonical target URI handed to grpc-js; equal for equivalent spellings (pool key). */
  uri: string;
  scheme: 'dns' | 'ipv4' | 'ipv6' | 'unix';
  /** host:port (first address for ipv4:/ipv6: lists), or the socket path; for display and errors. */
  display: string;
  /** The host TLS checks the certificate against when no override is set (null for unix sockets). */
  host: string | null;
  /** true for https://, false for http://, null when the target did not say. */
  tlsFromScheme: boolean | null;
  /** "" or a prefix like "/grpc" (no trailing slash) to put in front of every method path. */
  pathPrefix: string;
}

const EXAMPLES =
  'Use host:port, e.g. localhost:50051 (also dns:///host:port, ipv4:10.0.0.1:50051,10.0.0.2:50051, ' +
  'ipv6:[::1]:50051, unix:///tmp/server.sock or https://api.example.com).';

function bad(raw: string, reason: string): Result<ParsedTarget> {
  return err('BAD_TARGET', `The server address "${raw}" is not valid: ${reason} ${EXAMPLES}`, { target: raw });
}

const HOST_NAME = /^[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?)*\.?$/;

interface HostPort {
  host: string;
  port: number;
  /** host:port with IPv6 hosts in brackets. */
  text: string;
}

/** Parse "host:port", "[v6]:port", or (when defaultPort is given) a bare host. Returns a reason on failure. */
function parseHostPort(text: string, defaultPort: number | null): HostPort | string {
  let host: string;
  let portText: string | null;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) return `"${text}" opens "[" for an IPv6 address but never closes it.`;
    host = text.slice(1, close);
    const rest = text.slice(close + 1);
    if (rest !== '' && !rest.startsWith(':')) return `unexpected "${rest}" after the IPv6 address.`;
    portText = rest === '' ? null : rest.slice(1);
    if (!isIPv6(host)) return `"${host}" is not an IPv6 address.`;
  } else {
    const colons = text.split(':').length - 1;
    if (colons > 1) {
      return isIPv6(text) ? `IPv6 addresses need brackets and a port: [${text}]:50051.` : `"${text}" has more than one ":".`;
    }
    const colon = text.indexOf(':');
    host = colon < 0 ? text : text.slice(0, colon);
    portText = colon < 0 ? null : text.slice(colon + 1);
    if (host === '') return 'the host is empty.';
    if (!isIPv4(host) && !HOST_NAME.test(host)) return `"${host}" is not a valid host name or IP address.`;
  }
  let port: number;
  if (portText === null) {
    if (defaultPort === null) return `"${text}" has no port. Add one, e.g. ${host.includes(':') ? `[${host}]` : host}:50051.`;
    port = defaultPort;
  } else {
    if (!/^\d{1,5}$/.test(portText)) return `the port "${portText}" is not a number.`;
    port = Number(portText);
    if (port < 1 || port > 65535) return `the port ${port} is outside 1-65535.`;
  }
  const hostText = isIPv6(host) ? `[${host}]` : host;
  return { host, port, text: `${hostText}:${port}` };
}

function parseAddressList(raw: string, list: string, family: 4 | 6): Result<ParsedTarget> {
  const parts = list.split(',');
  const addresses: HostPort[] = [];
  for (const part of parts) {
    const parsed = parseHostPort(part.trim(), null);
    if (typeof parsed === 'string') return bad(raw, parsed);
    if (isIP(parsed.host) !== family) return bad(raw, `"${parsed.host}" is not an IPv${family} address (ipv${family}: lists take IPv${family} addresses only).`);
    addresses.push(parsed);
  }
  const first = addresses[0];
  if (first === undefined) return bad(raw, 'the address list is empty.');
  return ok({
    uri: `ipv${family}:${addresses.map((a) => a.text).join(',')}`,
    scheme: family === 4 ? 'ipv4' : 'ipv6',
    display: addresses.length === 1 ? first.text : `${first.text} (+${addresses.length - 1} more)`,
    host: first.host,
    tlsFromScheme: null,
    pathPrefix: '',
  });
}

function parseDns(raw: string, hostPort: string, tlsFromScheme: boolean | null, pathPrefix: string, defaultPort: number | null): Result<ParsedTarget> {
  const parsed = parseHostPort(hostPort, defaultPort);
  if (typeof parsed === 'string') return bad(raw, parsed);
  // An IP literal needs no DNS; grpc-js's dns resolver passes literals through, so one form serves all.
  return ok({ uri: `dns:///${parsed.text}`, scheme: 'dns', display: parsed.text, host: parsed.host, tlsFromScheme, pathPrefix });
}

function parseUrl(raw: string, rest: string, tls: boolean): Result<ParsedTarget> {
  const slash = rest.indexOf('/');
  const authority = slash < 0 ? rest : rest.slice(0, slash);
  if (authority.includes('@')) return bad(raw, 'user names and passwords do not belong in a gRPC address; send credentials as metadata.');
  let prefix = slash < 0 ? '' : rest.slice(slash).replace(/\/+$/, '');
  if (/[?#]/.test(prefix)) return bad(raw, 'query strings and fragments have no meaning in a gRPC address.');
  if (prefix !== '' && !/^(\/[A-Za-z0-9._~!$&'()*+,;=:@%-]+)+$/.test(prefix)) return bad(raw, `the path prefix "${prefix}" has characters a URL path cannot have.`);
  prefix = prefix === '/' ? '' : prefix;
  return parseDns(raw, authority, tls, prefix, tls ? 443 : 80);
}

/** Check a target and bring it into canonical form; BAD_TARGET with an example of a good one otherwise. */
export function parseTarget(input: string): Result<ParsedTarget> {
  const raw = input.trim();
  if (raw === '') return err('BAD_TARGET', `The server address is empty. ${EXAMPLES}`, { target: input });
  const lower = raw.toLowerCase();
  // Socket paths may contain spaces; host names and URLs may not.
  if (/\s/.test(raw) && !lower.startsWith('unix')) return bad(raw, 'it contains spaces.');
  if (lower.startsWith('https://')) return parseUrl(raw, raw.slice('https://'.length), true);
  if (lower.startsWith('http://')) return parseUrl(raw, raw.slice('http://'.length), false);
  if (lower.startsWith('dns://')) {
    const rest = raw.slice('dns://'.length);
    const slash = rest.indexOf('/');
    if (slash < 0) return bad(raw, 'dns:// must be followed by a DNS server and "/", or by "/" alone: dns:///host:port.');
    if (slash > 0) return bad(raw, 'choosing a DNS server (dns://server/host:port) is not supported; use dns:///host:port.');
    return parseDns(raw, rest.slice(1), null, '', null);
  }
  if (lower.startsWith('dns:')) return parseDns(raw, raw.slice('dns:'.length), null, '', null);
  if (lower.startsWith('ipv4:')) return parseAddressList(raw, raw.slice('ipv4:'.length), 4);
  if (lower.startsWith('ipv6:')) return parseAddressList(raw, raw.slice('ipv6:'.length), 6);
  if (lower.startsWith('unix-abstract:')) {
    // grpc-js (1.14) registers resolvers for dns:, ipv4:, ipv6: and unix: only: an abstract
    // socket would parse here and then never connect, so it is refused up front.
    return err(
      'BAD_TARGET',
      `The server address "${raw}" names an abstract Unix socket (unix-abstract:), which the gRPC library the workbench uses (grpc-js) cannot connect to. ` +
        'Have the server listen on a socket file and use unix:///path/to/server.sock, or on a TCP port and use host:port.',
      { target: raw },
    );
  }
  if (lower.startsWith('unix:')) {
    let path = raw.slice('unix:'.length);
    if (path.startsWith('//')) {
      // unix://authority/path: grpc allows only an empty authority (unix:///abs/path).
      if (!path.startsWith('///')) return bad(raw, 'unix:// needs an absolute path after it: unix:///tmp/server.sock (three slashes).');
      path = path.slice(2);
    }
    if (path === '') return bad(raw, 'the socket path is empty.');
    const uri = path.startsWith('/') ? `unix://${path}` : `unix:${path}`;
    return ok({ uri, scheme: 'unix', display: uri, host: null, tlsFromScheme: null, pathPrefix: '' });
  }
  if (/^(xds|google-c2p|passthrough):/i.test(raw)) return bad(raw, `the "${raw.split(':')[0]}:" resolver is not supported.`);
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(raw);
  if (scheme) return bad(raw, `"${scheme[1]}://" is not a scheme gRPC understands.`);
  return parseDns(raw, raw, null, '', null);
}
