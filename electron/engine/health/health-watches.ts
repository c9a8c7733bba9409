import { randomUUID } from 'node:crypto';
import type { HealthRequest, HealthCheckResult, HealthWatchEvent, HealthWatchStarted } from '../../../shared/health';
import { err, ok, type Result } from '../../../shared/result';
import { buildRequestMetadata } from '../calls/call-metadata';
import type { ChannelPool } from '../transport/channel-pool';
import type { ConnectionMonitor } from '../transport/connection-monitor';
import { checkHealth, watchHealth } from './health-client';

export interface HealthServiceOptions {
  pool: ChannelPool;
  monitor: ConnectionMonitor;
  emit(event: HealthWatchEvent): void;
}

interface RunningWatch {
  owner: string | null;
  cancel(): void;
}

/**
 * Check health and Watch health for the renderer: each runs on a lease of the tab's pooled
 * channel (same TLS, keepalive, ... as its calls), so failures read as a call's would, and
 * every status seen is a point on that channel's Connection timeline.
 */
export class HealthService {
  private readonly watches = new Map<string, RunningWatch>();

  constructor(private readonly options: HealthServiceOptions) {}

  async check(request: HealthRequest): Promise<Result<HealthCheckResult>> {
    // Metadata first: a refused key must not reach a (shared) channel.
    const metadata = buildRequestMetadata(request.metadata);
    if (!metadata.ok) return metadata;
    const lease = this.options.pool.acquire(request.connection);
    if (!lease.ok) return lease;
    const { channel, channelId } = lease.value;
    try {
      const status = await checkHealth(channel, request.service, metadata.value);
      if (!status.ok) return status;
      this.options.monitor.recordHealth(channelId, request.service, status.value);
      return ok({ status: status.value, channelId });
    } finally {
      lease.value.release();
    }
  }

  /** Opens a Health/Watch stream; its statuses (and its end) arrive as HealthWatchEvents. */
  startWatch(request: HealthRequest, owner: string | null): Result<HealthWatchStarted> {
    const metadata = buildRequestMetadata(request.metadata);
    if (!metadata.ok) return metadata;
    const lease = this.options.pool.acquire(request.connection);
    if (!lease.ok) return lease;
    const { channel, channelId } = lease.value;
    const watchId = randomUUID();
    const emit = (body: Pick<HealthWatchEvent, 'status' | 'ended'>) => this.options.emit({ watchId, channelId, at: Date.now(), ...body });
    const running = watchHealth(channel, request.service, metadata.value, {
      onStatus: (status) => {
        this.options.monitor.recordHealth(channelId, request.service, status);
        emit({ status, ended: null });
      },
      onEnd: (reason) => {
        this.watches.delete(watchId);
        lease.value.release();
        emit({ status: null, ended: reason });
      },
    });
    this.watches.set(watchId, { owner, cancel: () => running.cancel() });
    return ok({ watchId, channelId });
  }

  stopWatch(watchId: string): Result<null> {
    const watch = this.watches.get(watchId);
    if (!watch) return err('NOT_FOUND', `No health watch ${watchId}: it has already ended.`);
    watch.cancel();
    return ok(null);
  }

  /** The page that started these watches is gone (see calls/call-owners.ts). */
  stopOwnedBy(pageId: string): void {
    for (const watch of [...this.watches.values()]) if (watch.owner === pageId) watch.cancel();
  }

  dispose(): void {
    for (const watch of [...this.watches.values()]) watch.cancel();
  }
}
