import type { PeerCallCount } from '../../../shared/connection';

/** At most this many distinct peers are counted per channel (a DNS name that keeps changing its answers must not grow without end). */
const MAX_PEERS = 256;

/**
 * How many calls of one channel each backend served, by the peer grpc-js reported for the call
 * (the `Peer` row of its timing). With round_robin this shows how calls spread over the resolved
 * addresses; with pick_first that they all went to one.
 */
export class PeerCallCounts {
  private readonly counts = new Map<string, number>();

  record(peer: string): void {
    const known = this.counts.get(peer);
    if (known === undefined && this.counts.size >= MAX_PEERS) return;
    this.counts.set(peer, (known ?? 0) + 1);
  }

  /** Most calls first, then by address. */
  list(): PeerCallCount[] {
    return [...this.counts]
      .map(([peer, calls]) => ({ peer, calls }))
      .sort((a, b) => b.calls - a.calls || (a.peer < b.peer ? -1 : a.peer > b.peer ? 1 : 0));
  }
}
