import type { ConnectionSettings } from '../../../shared/connection';
import type { MetadataEntry } from '../../../shared/metadata';
import type { ProtoSource } from '../../../shared/catalog';
import { withTraceContext } from '../../../shared/trace-context';
import { shellQuote } from './shell-quote';

export interface GrpcurlInput {
  connection: ConnectionSettings;
  metadata: MetadataEntry[];
  /** null = no deadline. */
  deadlineMs: number | null;
  /** The editor text; compacted to one line when it is valid JSON. */
  body: string;
  /** Fully-qualified service name, e.g. "demo.v1.DemoService". */
  service: string;
  method: string;
  emitDefaults: boolean;
  /** Where the schema came from: files and descriptor sets become -proto / -protoset; otherwise grpcurl uses reflection. */
  source: ProtoSource | null;
}

/**
 * Why no grpcurl command can make this call, or null when one can. grpcurl has no way to put a
 * path prefix in front of the method path, so a target such as https://gw.example.com/grpc
 * (which the workbench calls as /grpc/pkg.Service/Method) cannot be copied: a command
 * without the prefix would call a different path.
 */
export function grpcurlProblem(input: Pick<GrpcurlInput, 'connection'>): string | null {
  const { pathPrefix } = grpcurlTarget(input.connection.target);
  if (pathPrefix === '') return null;
  return (
    `grpcurl cannot send a path prefix: the server address ${input.connection.target.trim()} puts ${pathPrefix} in front of every method path ` +
    `(${pathPrefix}/pkg.Service/Method), and grpcurl always calls /pkg.Service/Method. Remove ${pathPrefix} from the address to copy a command for a server that serves without it.`
  );
}

/** The grpcurl arguments (without "grpcurl") that make the same call. Check grpcurlProblem first: this throws when it is not null. */
export function grpcurlArgs(input: GrpcurlInput): string[] {
  const problem = grpcurlProblem(input);
  if (problem !== null) throw new Error(problem);
  const { connection } = input;
  const args: string[] = [];
  const target = grpcurlTarget(connection.target);

  // As the engine decides (channel-pool.ts): TLS when it is switched on or the address is https://.
  const useTls = connection.tls.enabled || target.tls === true;
  if (!useTls) args.push('-plaintext');
  else {
    if (connection.tls.skipVerify) args.push('-insecure');
    if (connection.tls.caPath) args.push('-cacert', connection.tls.caPath);
    if (connection.tls.certPath) args.push('-cert', connection.tls.certPath);
    if (connection.tls.keyPath) args.push('-key', connection.tls.keyPath);
  }
  if (connection.tls.serverNameOverride) args.push('-authority', connection.tls.serverNameOverride);
  if (target.unix) args.push('-unix');

  for (const source of sourceArgs(input.source)) args.push(...source);
  // Send trace context: the command carries a traceparent made new when it is copied, as the
  // engine makes one per call (a traceparent in the metadata wins, as in the engine).
  for (const entry of withTraceContext(input.metadata, connection.sendTraceContext === true).metadata) {
    if (entry.key.trim() === '') continue;
    args.push('-H', `${entry.key.trim()}: ${entry.value}`);
  }
  if (input.deadlineMs !== null && input.deadlineMs > 0) args.push('-max-time', secondsText(input.deadlineMs));
  if (connection.keepalive.timeMs !== null && connection.keepalive.timeMs > 0) {
    args.push('-keepalive-time', secondsText(connection.keepalive.timeMs));
  }
  if (connection.maxReceiveBytes !== null && connection.maxReceiveBytes > 0) {
    args.push('-max-msg-sz', String(connection.maxReceiveBytes));
  }
  if (input.emitDefaults) args.push('-emit-defaults');

  const body = compactJson(input.body);
  if (body !== '') args.push('-d', body);

  args.push(target.address, `${input.service}/${input.method}`);
  return args;
}

/** The whole command line, quoted for a POSIX shell. */
export function buildGrpcurlCommand(input: GrpcurlInput): string {
  return ['grpcurl', ...grpcurlArgs(input)].map(shellQuote).join(' ');
}

function sourceArgs(source: ProtoSource | null): string[][] {
  if (source === null) return [];
  if (source.kind === 'files') {
    return [
      ...source.importPaths.map((dir) => ['-import-path', dir]),
      ...source.protoFiles.map((file) => ['-proto', file]),
    ];
  }
  if (source.kind === 'descriptor_sets') return source.paths.map((file) => ['-protoset', file]);
  return []; // reflection and the demo server (which offers reflection): grpcurl asks the server
}

export interface GrpcurlTarget {
  /** host:port, or the socket path (with -unix). */
  address: string;
  unix: boolean;
  /** true for https://, false for http://, null when the target does not say (as the engine's parseTarget). */
  tls: boolean | null;
  /** "" or the path of an http(s):// address, e.g. "/grpc" (no trailing slash): grpcurl cannot send it. */
  pathPrefix: string;
}

/**
 * grpcurl takes host:port (or a socket path with -unix), not gRPC name-resolver URIs or URLs.
 * http(s)://host[:port][/prefix] is read as the engine reads it (transport/target.ts): the
 * scheme says TLS or not, the port defaults to 443 or 80, and the path is a prefix.
 */
export function grpcurlTarget(target: string): GrpcurlTarget {
  const trimmed = target.trim();
  const plain = (address: string, unix = false): GrpcurlTarget => ({ address, unix, tls: null, pathPrefix: '' });
  const url = /^(https?):\/\/(.*)$/i.exec(trimmed);
  if (url) {
    const tls = (url[1] ?? '').toLowerCase() === 'https';
    const rest = url[2] ?? '';
    const slash = rest.indexOf('/');
    const authority = slash < 0 ? rest : rest.slice(0, slash);
    const prefix = slash < 0 ? '' : rest.slice(slash).replace(/\/+$/, '');
    const hasPort = /^(\[[^\]]*\]|[^:[\]]*):\d+$/.test(authority);
    return { address: hasPort ? authority : `${authority}:${tls ? 443 : 80}`, unix: false, tls, pathPrefix: prefix };
  }
  const unix = /^unix:(\/\/)?(.*)$/.exec(trimmed);
  if (unix) return plain(unix[2] ?? '', true);
  const dns = /^dns:(\/\/[^/]*)?\/(.*)$/.exec(trimmed);
  if (dns) return plain(dns[2] ?? '');
  const ip = /^ipv[46]:(.*)$/.exec(trimmed);
  if (ip) return plain((ip[1] ?? '').split(',')[0] ?? '');
  return plain(trimmed);
}

function secondsText(ms: number): string {
  return String(Math.round(ms) / 1000);
}

/**
 * The body on one line: JSON loses only the whitespace between its tokens, every literal stays
 * exactly as typed (a 64-bit 9007199254740993 keeps its digits, which JSON.parse would round).
 * Text that is not JSON is passed as typed (trimmed).
 */
export function compactJson(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return '';
  try {
    JSON.parse(trimmed); // only to know it is JSON; its value is never used
  } catch {
    return trimmed;
  }
  let out = '';
  let inString = false;
  for (let i = 0; i < trimmed.length; i += 1) {
    const c = trimmed[i] as string;
    if (inString) {
      out += c;
      if (c === '\\') {
        out += trimmed[i + 1] ?? '';
        i += 1;
      } else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') out += c;
  }
  return out;
}

/**
 * Turns placeholder markers in a quoted command into shell variables: inside single quotes a
 * marker becomes '"$NAME"' (close the quote, expand, reopen), elsewhere "$NAME". Markers are
 * letters and digits only, so quoting never split one.
 */
export function withShellVariables(command: string, markers: ReadonlyMap<string, string>): string {
  if (markers.size === 0) return command;
  const pattern = new RegExp([...markers.keys()].join('|'), 'g');
  let out = '';
  let inSingle = false;
  let last = 0;
  for (const match of command.matchAll(pattern)) {
    const at = match.index ?? 0;
    for (let i = last; i < at; i += 1) {
      if (command[i] === "'") inSingle = !inSingle;
      else if (!inSingle && command[i] === '\\') i += 1; // \' outside quotes is a literal quote
    }
    const name = markers.get(match[0]) ?? match[0];
    out += command.slice(last, at) + (inSingle ? `'"$${name}"'` : `"$${name}"`);
    last = at + match[0].length;
  }
  return (out + command.slice(last)).replace(/''(?=")|(?<=")''/g, '');
}
