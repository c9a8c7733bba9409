import type { MethodKind } from '../../../shared/catalog';
import type { ConnectionSettings } from '../../../shared/connection';
import { httpBaseUrl } from '../../../shared/http-base-url';
import type { HttpRule } from '../../../shared/http-rule';
import { buildTranscodedRequest } from '../../../shared/http-transcoding';
import type { MetadataEntry } from '../../../shared/metadata';
import { err, ok, type Result } from '../../../shared/result';
import { withTraceContext } from '../../../shared/trace-context';
import { shellQuote } from './shell-quote';

export interface CurlInput {
  connection: ConnectionSettings;
  rule: HttpRule;
  kind: MethodKind;
  metadata: MetadataEntry[];
  /** null = no deadline. */
  deadlineMs: number | null;
  /** The editor text: the request message as JSON ("" = the empty message). */
  body: string;
}

/**
 * The curl arguments (without "curl") of the HTTP request the engine's HTTP/JSON protocol sends
 * for this request: the same shared builders (shared/http-transcoding.ts, http-base-url.ts) make
 * the method, URL, query and body; metadata become -H as the engine sends them as headers, with
 * the Grpc-Timeout a deadline adds; TLS settings become --cacert/--cert/--key/-k.
 */
export function curlArgs(input: CurlInput): Result<string[]> {
  const { connection, rule } = input;
  if (input.kind === 'client_streaming' || input.kind === 'bidi_streaming') {
    return err('UNSUPPORTED', 'a client or bidirectional stream cannot be sent as one HTTP request; only unary and server-streaming methods have a curl command.');
  }
  const base = httpBaseUrl(connection.target, connection.tls.enabled);
  if (!base.ok) return base;
  let message: unknown = {};
  if (input.body.trim() !== '') {
    try {
      message = JSON.parse(input.body);
    } catch (e) {
      return err('BAD_JSON', `the request is not valid JSON (${(e as Error).message}).`);
    }
  }
  const built = buildTranscodedRequest(rule, message);
  if (!built.ok) return built;
  const args = ['-sS'];
  // A server stream arrives line by line; -N prints each line as it comes.
  if (input.kind === 'server_streaming') args.push('-N');
  args.push('-X', built.value.method);
  if (base.value.startsWith('https:')) {
    if (connection.tls.skipVerify) args.push('-k');
    if (connection.tls.caPath) args.push('--cacert', connection.tls.caPath);
    if (connection.tls.certPath) args.push('--cert', connection.tls.certPath);
    if (connection.tls.keyPath) args.push('--key', connection.tls.keyPath);
  }
  if (connection.tls.serverNameOverride.trim() !== '') args.push('-H', `host: ${connection.tls.serverNameOverride.trim()}`);
  for (const entry of withTraceContext(input.metadata, connection.sendTraceContext === true).metadata) {
    if (entry.key.trim() === '') continue;
    args.push('-H', `${entry.key.trim().toLowerCase()}: ${entry.value}`);
  }
  if (input.deadlineMs !== null && input.deadlineMs > 0) {
    args.push('-H', `grpc-timeout: ${Math.ceil(input.deadlineMs)}m`, '--max-time', String(Math.round(input.deadlineMs) / 1000));
  }
  if (built.value.body !== null) args.push('-H', 'content-type: application/json', '-d', built.value.body);
  args.push(base.value + built.value.pathAndQuery);
  return ok(args);
}

/** The whole command line, quoted for a POSIX shell. */
export function buildCurlCommand(input: CurlInput): Result<string> {
  const args = curlArgs(input);
  return args.ok ? ok(['curl', ...args.value].map(shellQuote).join(' ')) : args;
}
