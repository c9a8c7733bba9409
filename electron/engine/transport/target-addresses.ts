import type { NameResolution } from './name-resolution';
import { nameNotResolved, probeNameResolution } from './name-resolution';
import type { ParsedTarget } from './target';

/**
 * Every address a channel's target stands for, in the target's order: an ipv4:/ipv6: list
 * names them itself, a dns: IP literal is its own address, a host name has what the name
 * resolution probe found. This is the list `Resolved addresses` shows, beside each one's
 * subchannel state: grpc-js's channelz lists only the subchannels it keeps, and pick_first
 * drops all but the one it connected to.
 */
export interface TargetAddresses {
  /** For a host name: its lookup (why it failed, what it found); null otherwise. */
  resolution: NameResolution | null;
  list(): string[];
  /** "The name x could not be resolved: why" once the lookup failed; null otherwise. */
  failure(): string | null;
}

function portOf(hostPort: string): number {
  return Number(hostPort.slice(hostPort.lastIndexOf(':') + 1));
}

export function targetAddresses(target: ParsedTarget): TargetAddresses {
  if (target.scheme === 'ipv4' || target.scheme === 'ipv6') {
    const listed = target.uri.slice(target.uri.indexOf(':') + 1).split(',');
    return { resolution: null, list: () => listed.slice(), failure: () => null };
  }
  if (target.scheme === 'unix') return { resolution: null, list: () => [], failure: () => null };
  const hostPort = target.uri.replace(/^dns:\/\/\//, '');
  const resolution = probeNameResolution(target.host, portOf(hostPort), target.scheme);
  if (resolution === null) return { resolution, list: () => [hostPort], failure: () => null };
  return {
    resolution,
    list: () => resolution.addresses(),
    failure: () => {
      const why = resolution.failure();
      return why === null ? null : `${nameNotResolved(resolution.host, why)}.`;
    },
  };
}
