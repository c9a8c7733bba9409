import { connectivityState as GrpcState, type ChannelInterface } from '@grpc/grpc-js';
import type { ConnectivityState } from '../../../shared/connection';

export type StateListener = (state: ConnectivityState) => void;

const NAMES: Record<number, ConnectivityState> = {
  [GrpcState.IDLE]: 'IDLE',
  [GrpcState.CONNECTING]: 'CONNECTING',
  [GrpcState.READY]: 'READY',
  [GrpcState.TRANSIENT_FAILURE]: 'TRANSIENT_FAILURE',
  [GrpcState.SHUTDOWN]: 'SHUTDOWN',
};

export function connectivityStateName(state: GrpcState): ConnectivityState {
  return NAMES[state] ?? 'IDLE';
}

/**
 * One watchConnectivityState loop per channel, fanned out to any number of listeners (the
 * connection monitor, calls waiting for READY). grpc-js calls its watchers synchronously inside
 * the state change, so every transition is seen, in order, at the moment it happens. The
 * watcher uses no deadline (Infinity), so an idle channel costs no timers; the loop ends with
 * SHUTDOWN, which channel.close() always reaches.
 */
export class ChannelStateWatch {
  private readonly listeners = new Set<StateListener>();
  private current: GrpcState;
  private stopped = false;

  constructor(private readonly channel: ChannelInterface) {
    this.current = channel.getConnectivityState(false);
    this.arm();
  }

  get state(): ConnectivityState {
    return connectivityStateName(this.current);
  }

  /** Listen to every later transition; returns the unsubscribe function. */
  subscribe(listener: StateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stop(): void {
    this.stopped = true;
    this.listeners.clear();
  }

  private arm(): void {
    if (this.current === GrpcState.SHUTDOWN) return;
    try {
      this.channel.watchConnectivityState(this.current, Infinity, () => this.onChange());
    } catch {
      // Thrown only when the channel is already shut down: nothing left to watch.
    }
  }

  private onChange(): void {
    if (this.stopped) return;
    const state = this.channel.getConnectivityState(false);
    this.current = state;
    const name = connectivityStateName(state);
    // Re-arm before telling anyone, so a listener that changes the state cannot make us miss it.
    this.arm();
    for (const listener of [...this.listeners]) {
      // A listener caused a newer transition, already delivered to everyone: stop sending the old one.
      if (this.current !== state) break;
      try {
        listener(name);
      } catch {
        // One listener's bug must not stop the others or the loop.
      }
    }
  }
}
