import type { ConnectionSnapshot, ConnectionSummary } from '../../../shared/connection';
import type { ChannelId } from '../../../shared/ids';
import type { Result } from '../../../shared/result';
import { workbench } from './api-handle';

/** Every open channel of the engine (the Connections table). */
export function listConnections(): Promise<Result<ConnectionSummary[]>> {
  return workbench().invoke('connections:list', {});
}

/** Close a channel now; its running calls end and its Connection tab says it was closed. */
export function closeConnection(channelId: ChannelId): Promise<Result<null>> {
  return workbench().invoke('connections:close', { channelId });
}

/** Drop the channel's connection and connect again now (even during reconnect backoff). */
export function reconnectConnection(channelId: ChannelId): Promise<Result<null>> {
  return workbench().invoke('connections:reconnect', { channelId });
}

/** The engine's current view of one channel: resolved addresses with their states, calls per backend, keepalive. */
export function getConnection(channelId: ChannelId): Promise<Result<ConnectionSnapshot>> {
  return workbench().invoke('connections:get', { channelId });
}
