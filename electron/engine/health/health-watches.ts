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

/** Backoff before a broken Health/Watch is opened again: doubles from the first, up to the last. */
export const WATCH_RETRY_FIRST_MS = 1000;
export const WATCH_RETRY_MAX_MS = 30_000;

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
    const emit = (body: Pick<HealthWatchEvent, 'status' | 'ended' | 'interrupted'>) => this.options.emit({ watchId, channelId, at: Date.now(), ...body });
    let retryMs = WATCH_RETRY_FIRST_MS;
    let retryTimer: ReturnType<typeof setTimeout> | null = null;
    let stream: { cancel(): void } | null = null;
    const finish = (reason: string) => {
      this.watches.delete(watchId);
      lease.value.release();
      emit({ status: null, ended: reason });
    };
    // The spec: a Watch that ends other than UNIMPLEMENTED is opened again with backoff, so
    // a watch outlives a server restart and shows it coming back.
    const open = () => {
      retryTimer = null;
      stream = watchHealth(channel, request.service, metadata.value, {
        onStatus: (status) => {
          retryMs = WATCH_RETRY_FIRST_MS;
          this.options.monitor.recordHealth(channelId, request.service, status);
          emit({ status, ended: null });
        },
        onEnd: (reason, worthRetrying) => {
          stream = null;
          if (!worthRetrying) return finish(reason);
          emit({ status: null, ended: null, interrupted: `${reason} Watching again in ${Math.round(retryMs / 1000)} s.` });
          retryTimer = setTimeout(open, retryMs);
          retryMs = Math.min(retryMs * 2, WATCH_RETRY_MAX_MS);
        },
      });
    };
    open();
    this.watches.set(watchId, {
      owner,
      cancel: () => {
        if (stream !== null) return stream.cancel();
        if (retryTimer !== null) clearTimeout(retryTimer);
        finish('Watch stopped.');
      },
    });
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
