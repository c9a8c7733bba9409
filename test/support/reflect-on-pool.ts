import type { Metadata } from '@grpc/grpc-js';
import { defaultConnectionSettings, type ConnectionSettings } from '../../shared/connection';
import { reflectFileDescriptorSet } from '../../electron/engine/protos/reflection-client';
import { ChannelPool } from '../../electron/engine/transport/channel-pool';

export interface ReflectOnPoolOptions {
  metadata?: Metadata;
  /** Epoch ms. */
  deadline?: number;
  connection?: Partial<ConnectionSettings>;
}

/** Reflection the way the engine runs it: on a pooled channel, with that channel's failure explanations. */
export async function reflectOnPool(address: string, options: ReflectOnPoolOptions = {}): ReturnType<typeof reflectFileDescriptorSet> {
  const pool = new ChannelPool();
  try {
    const lease = pool.acquire({ ...defaultConnectionSettings(address), ...options.connection });
    if (!lease.ok) throw new Error(lease.error.message);
    const { channel } = lease.value;
    return await reflectFileDescriptorSet({
      client: channel.client,
      target: channel.displayTarget,
      metadata: options.metadata,
      deadline: options.deadline,
      explainEnd: channel.explainEnd,
    });
  } finally {
    pool.closeAll();
  }
}
