import type { RequestOptions } from 'node:https';
import type { ConnectionSettings } from '../../../shared/connection';
import { httpBaseUrl } from '../../../shared/http-base-url';
import { err, ok, type Result } from '../../../shared/result';
import { loadSecurityMaterial } from '../transport/credentials';

/** Where and how an HTTP/JSON call connects: the base URL and node:http(s) options from the connection's TLS settings. */
export interface HttpEndpoint {
  /** "http(s)://host:port[/prefix]", as Copy as curl prints it. */
  baseUrl: string;
  /** TLS material and checks (https only), and the Host header a name override sets. */
  options: Pick<RequestOptions, 'ca' | 'cert' | 'key' | 'rejectUnauthorized' | 'servername'>;
  /** The :authority / Host a Server name override asks for; null = from the URL. */
  hostOverride: string | null;
}

/**
 * The connection settings as an HTTP endpoint, with the same TLS files and checks a gRPC
 * channel uses (transport/credentials.ts reads and validates them; its errors name the field).
 */
export function httpEndpointFor(connection: ConnectionSettings): Result<HttpEndpoint> {
  const base = httpBaseUrl(connection.target, connection.tls.enabled);
  if (!base.ok) return base;
  let url: URL;
  try {
    url = new URL(base.value);
  } catch {
    return err('BAD_TARGET', `The server address "${connection.target.trim()}" does not make a valid URL (${base.value}). Use host:port, e.g. localhost:8080.`, { target: connection.target });
  }
  const useTls = url.protocol === 'https:';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const material = loadSecurityMaterial(connection.tls, useTls, host);
  if (!material.ok) return material;
  const override = connection.tls.serverNameOverride.trim();
  const { ca, cert, key, description } = material.value;
  const options: HttpEndpoint['options'] = useTls
    ? {
        ...(ca !== null ? { ca } : {}),
        ...(cert !== null && key !== null ? { cert, key } : {}),
        rejectUnauthorized: !description.skipVerify,
        ...(description.serverName !== null && !/^[\d.]+$|:/.test(description.serverName) ? { servername: description.serverName } : {}),
      }
    : {};
  return ok({ baseUrl: base.value, options, hostOverride: override === '' ? null : override });
}
