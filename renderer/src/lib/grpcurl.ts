import type { ConnectionSettings } from '../../../shared/connection';
import type { MetadataEntry } from '../../../shared/metadata';
import type { ProtoSource } from '../../../shared/catalog';
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

/** The grpcurl arguments (without "grpcurl") that make the same call. */
export function grpcurlArgs(input: GrpcurlInput): string[] {
  const { connection } = input;
  const args: string[] = [];
  const target = grpcurlTarget(connection.target);

  if (!connection.tls.enabled) args.push('-plaintext');
  else {
    if (connection.tls.skipVerify) args.push('-insecure');
    if (connection.tls.caPath) args.push('-cacert', connection.tls.caPath);
    if (connection.tls.certPath) args.push('-cert', connection.tls.certPath);
    if (connection.tls.keyPath) args.push('-key', connection.tls.keyPath);
  }
  if (connection.tls.serverNameOverride) args.push('-authority', connection.tls.serverNameOverride);
  if (target.unix) args.push('-unix');

  for (const source of sourceArgs(input.source)) args.push(...source);
  for (const entry of input.metadata) {
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

/** grpcurl takes host:port (or a socket path with -unix), not gRPC name-resolver URIs. */
export function grpcurlTarget(target: string): { address: string; unix: boolean } {
  const trimmed = target.trim();
  const unix = /^unix:(\/\/)?(.*)$/.exec(trimmed);
  if (unix) return { address: unix[2] ?? '', unix: true };
  const dns = /^dns:(\/\/[^/]*)?\/(.*)$/.exec(trimmed);
  if (dns) return { address: dns[2] ?? '', unix: false };
  const ip = /^ipv[46]:(.*)$/.exec(trimmed);
  if (ip) return { address: (ip[1] ?? '').split(',')[0] ?? '', unix: false };
  return { address: trimmed, unix: false };
}

function secondsText(ms: number): string {
  return String(Math.round(ms) / 1000);
}

function compactJson(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return '';
  try {
    return JSON.stringify(JSON.parse(trimmed));
  } catch {
    return trimmed;
  }
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
