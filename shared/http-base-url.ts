import { err, ok, type Result } from './result';

/**
 * The origin (and path prefix) an HTTP/JSON call goes to, from the same server address a gRPC
 * call uses: "host:port", "dns:///host:port", "ipv4:a:p,..." / "ipv6:[::1]:p,..." (the first
 * address), "[::1]:p", "http(s)://host[:port][/prefix]". The scheme is https when TLS is on or
 * the target said https://. Pure: the engine sends to it and Copy as curl prints it.
 */
export function httpBaseUrl(target: string, tlsEnabled: boolean): Result<string> {
  const raw = target.trim();
  const refuse = (reason: string): Result<never> =>
    err('BAD_TARGET', `The server address "${raw}" cannot be used for HTTP/JSON (transcoded) calls: ${reason} Use host:port, e.g. localhost:8080, or an http(s):// URL.`, { target: raw });
  if (raw === '') return refuse('it is empty.');
  const url = /^(https?):\/\/([^/?#]+)(\/[^?#]*)?$/i.exec(raw);
  if (url) {
    const scheme = tlsEnabled || url[1]?.toLowerCase() === 'https' ? 'https' : 'http';
    const prefix = (url[3] ?? '').replace(/\/+$/, '');
    return ok(`${scheme}://${url[2] ?? ''}${prefix}`);
  }
  if (/^unix(-abstract)?:/i.test(raw)) return refuse('a unix socket has no HTTP URL here.');
  let hostPort = raw.replace(/^dns:(\/\/[^/]*\/)?\/?/i, '');
  const list = /^ipv[46]:(.*)$/i.exec(hostPort);
  if (list) hostPort = (list[1] ?? '').split(',')[0]?.trim() ?? '';
  if (!/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+):\d{1,5}$/.test(hostPort)) return refuse('it needs a host and a port.');
  return ok(`${tlsEnabled ? 'https' : 'http'}://${hostPort}`);
}
