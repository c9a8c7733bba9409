// Which Host headers and Origins the web host answers. Checking Host defeats DNS rebinding
// (a hostile page whose name re-resolves to 127.0.0.1 still sends its own name as Host);
// checking Origin stops other pages in the same browser from talking to our WebSocket.
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

export interface OriginPolicy {
  /** e.g. ["127.0.0.1:7450", "localhost:7450"], lower case. */
  readonly hosts: readonly string[];
  /** e.g. ["http://127.0.0.1:7450", "http://localhost:7450"]. */
  readonly origins: readonly string[];
  isAllowedHost(hostHeader: string | undefined): boolean;
  isAllowedOrigin(origin: string | undefined): boolean;
}

export function isLoopbackHost(host: string): boolean {
  const bare = stripBrackets(host).toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  return isIP(bare) === 4 && bare.startsWith('127.');
}

/** Why binding a non-loopback address needs an explicit yes (--expose-to-network). */
export function networkExposureRisk(host: string): string {
  return (
    `${urlHost(host)} is not a loopback address, so other machines could connect, and anyone on the network who gets ` +
    'the token could make gRPC calls from this machine, read and write your files and read your stored secrets.'
  );
}

function isUnspecifiedHost(host: string): boolean {
  const bare = stripBrackets(host);
  return bare === '0.0.0.0' || bare === '::';
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** The host as it appears in a URL or Host header: IPv6 literals in brackets. */
export function urlHost(host: string): string {
  const bare = stripBrackets(host);
  return isIP(bare) === 6 ? `[${bare}]` : bare;
}

function hostnamesFor(boundHost: string): string[] {
  const names = new Set<string>([urlHost(boundHost).toLowerCase()]);
  if (isLoopbackHost(boundHost)) {
    names.add('localhost');
    if (stripBrackets(boundHost).toLowerCase() === 'localhost') {
      names.add('127.0.0.1');
      names.add('[::1]');
    }
  }
  if (isUnspecifiedHost(boundHost)) {
    // Bound to every interface: any of this machine's own addresses is a legitimate Host.
    names.add('localhost');
    for (const addresses of Object.values(networkInterfaces())) {
      for (const address of addresses ?? []) names.add(urlHost(address.address).toLowerCase());
    }
  }
  return [...names];
}

export function createOriginPolicy(boundHost: string, port: number): OriginPolicy {
  const hostnames = hostnamesFor(boundHost);
  const hosts = hostnames.map((name) => `${name}:${port}`);
  const origins = hostnames.map((name) => `http://${name}:${port}`);
  const allowedHosts = new Set(hosts);
  // Browsers omit the default port from Host and Origin.
  if (port === 80) {
    for (const name of hostnames) allowedHosts.add(name);
  }
  const allowedOrigins = new Set(port === 80 ? [...origins, ...hostnames.map((name) => `http://${name}`)] : origins);
  return {
    hosts,
    origins,
    isAllowedHost: (hostHeader) => hostHeader !== undefined && allowedHosts.has(hostHeader.toLowerCase()),
    isAllowedOrigin: (origin) => origin !== undefined && allowedOrigins.has(origin.toLowerCase()),
  };
}
