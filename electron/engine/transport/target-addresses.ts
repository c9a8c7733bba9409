import type { NameResolution } from './name-resolution';
import { probeNameResolution } from './name-resolution';
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
}

function portOf(hostPort: string): number {
  return Number(hostPort.slice(hostPort.lastIndexOf(':') + 1));
}

export function targetAddresses(target: ParsedTarget): TargetAddresses {
  if (target.scheme === 'ipv4' || target.scheme === 'ipv6') {
    const listed = target.uri.slice(target.uri.indexOf(':') + 1).split(',');
    return { resolution: null, list: () => listed.slice() };
  }
  if (target.scheme === 'unix') return { resolution: null, list: () => [] };
  const hostPort = target.uri.replace(/^dns:\/\/\//, '');
  const resolution = probeNameResolution(target.host, portOf(hostPort), target.scheme);
  return resolution === null ? { resolution, list: () => [hostPort] } : { resolution, list: () => resolution.addresses() };
}
