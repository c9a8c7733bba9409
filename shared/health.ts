// The standard gRPC health service (grpc.health.v1.Health), asked without any user protos.
import type { ConnectionSettings } from './connection';
import type { ChannelId } from './ids';
import type { MetadataEntry } from './metadata';

/** grpc.health.v1.HealthCheckResponse.ServingStatus, by name. */
export type HealthServingStatus = 'UNKNOWN' | 'SERVING' | 'NOT_SERVING' | 'SERVICE_UNKNOWN';

export const HEALTH_SERVING_STATUSES = ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'] as const satisfies readonly HealthServingStatus[];

export interface HealthRequest {
  connection: ConnectionSettings;
  metadata: MetadataEntry[];
  /** The service name to check; "" = the server as a whole. */
  service: string;
}

export interface HealthCheckResult {
  status: HealthServingStatus;
  channelId: ChannelId;
}

export interface HealthWatchStarted {
  watchId: string;
  channelId: ChannelId;
}

/**
 * A Health/Watch update: a status the server sent; the stream broke and is opened again after
 * a backoff (interrupted says why); or the end of the watch (ended says why; no more events
 * follow for this watchId).
 */
export interface HealthWatchEvent {
  watchId: string;
  channelId: ChannelId;
  /** Epoch ms. */
  at: number;
  status: HealthServingStatus | null;
  interrupted?: string | null;
  ended: string | null;
}
