import { promises as dns } from 'node:dns';
import { isIP } from 'node:net';

/** Why a host name did not resolve, as far as this process can tell. */
export interface NameResolution {
  host: string;
  /** Why the name did not resolve; null while the lookup runs, or when it did resolve. */
  failure(): string | null;
  /** The addresses it resolved to ("127.0.0.1:50051", "[::1]:50051"); empty while the lookup runs or when it failed. */
  addresses(): string[];
  /**
   * While the lookup runs: a promise that settles when it ends, or after LOOKUP_WAIT_MS (a DNS
   * server that does not answer can keep getaddrinfo busy for many seconds). Null once it ended.
   */
  pending(): Promise<void> | null;
}

/** How long a failed call's explanation waits for the lookup's reason before it goes without one. */
export const LOOKUP_WAIT_MS = 2_000;

/** "The name <host> could not be resolved: <reason>" (without the reason while it is not known): the one wording. */
export function nameNotResolved(host: string, why: string | null): string {
  return `The name ${host} could not be resolved${why === null ? '' : `: ${why}`}`;
}

/** What getaddrinfo's error codes mean to a user (Node maps EAI_NONAME and EAI_NODATA to ENOTFOUND). */
function describeLookupError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOTFOUND':
      return 'no address is known for this name (getaddrinfo ENOTFOUND)';
    case 'EAI_AGAIN':
      return 'the DNS server did not answer (getaddrinfo EAI_AGAIN): a temporary failure, or no network';
    case 'EAI_FAIL':
      return 'the DNS server reported a failure (getaddrinfo EAI_FAIL)';
    default:
      return error.message;
  }
}

/**
 * grpc-js says only "Name resolution failed for target dns:///host:port": the resolver's own
 * error (getaddrinfo's ENOTFOUND or EAI_AGAIN) goes to its trace log, never to the call. So when
 * a channel to a host name opens, the engine makes the same lookup grpc-js makes (dns.lookup,
 * getaddrinfo: /etc/hosts, then DNS, usually answered from the same cache) and keeps its error,
 * for the failure explanation to say which name failed and why. Returns null for IP literals and
 * unix sockets, which are never looked up.
 */
export function probeNameResolution(host: string | null, port: number, scheme: string): NameResolution | null {
  if (host === null || scheme !== 'dns' || isIP(host) !== 0) return null;
  let failure: string | null = null;
  let addresses: string[] = [];
  let done = false;
  const lookup = dns.lookup(host, { all: true }).then(
    (found) => {
      addresses = found.map(({ address }) => addressText(address, port));
    },
    (error: NodeJS.ErrnoException) => {
      failure = describeLookupError(error);
    },
  );
  void lookup.finally(() => (done = true));
  const pending = (): Promise<void> | null => {
    if (done) return null;
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, LOOKUP_WAIT_MS);
      timer.unref();
    });
    return Promise.race([lookup, waited]).finally(() => clearTimeout(timer));
  };
  return { host, failure: () => failure, addresses: () => addresses.slice(), pending };
}

/** An address as grpc-js's channelz names a subchannel: host:port, IPv6 in brackets. */
export function addressText(host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}
