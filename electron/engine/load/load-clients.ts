import { Client, type ChannelOptions } from '@grpc/grpc-js';
import type { ConnectionSettings } from '../../../shared/connection';
import { err, ok, type Result } from '../../../shared/result';
import { buildChannelOptions } from '../transport/channel-options';
import { createChannelCredentials, loadSecurityMaterial } from '../transport/credentials';
import { parseTarget } from '../transport/target';

/** The grpc-js clients of one load test and the method path prefix of their target. */
export interface LoadClients {
  clients: Client[];
  pathPrefix: string;
  /** The target as the user sees it. */
  displayTarget: string;
  close(): void;
}

/**
 * `count` grpc-js clients with the request's target, TLS and options, each its own connection:
 * the options carry use_local_subchannel_pool (channel-options.ts) and a per-client index, so
 * grpc-js shares no subchannel between them. They are the run's own, not the channel pool's:
 * thousands of calls a second must not cross the pool's per-call bookkeeping, and a load test
 * must not hold (or close) the connection the tab's calls use.
 */
export function openLoadClients(settings: ConnectionSettings, count: number): Result<LoadClients> {
  const target = parseTarget(settings.target);
  if (!target.ok) return target;
  const useTls = settings.tls.enabled || target.value.tlsFromScheme === true;
  const material = loadSecurityMaterial(settings.tls, useTls, target.value.host);
  if (!material.ok) return material;
  const channelOptions = buildChannelOptions(settings);
  if (!channelOptions.ok) return channelOptions;
  const credentials = createChannelCredentials(material.value);
  if (!credentials.ok) return credentials;
  const clients: Client[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const options: ChannelOptions = { ...channelOptions.value, ...material.value.options, 'grpc-workbench.load_connection': i };
      clients.push(new Client(target.value.uri, credentials.value, options));
    }
  } catch (e) {
    for (const client of clients) client.close();
    return err('BAD_TARGET', `grpc-js could not open a channel to "${settings.target}": ${(e as Error).message}`, { target: settings.target });
  }
  return ok({
    clients,
    pathPrefix: target.value.pathPrefix,
    displayTarget: target.value.display,
    close: () => {
      for (const client of clients) client.close();
    },
  });
}
