import type { ChannelOptions } from '@grpc/grpc-js';
import { DEFAULT_MAX_RECEIVE_BYTES, type ConnectionSettings } from '../../../shared/connection';
import { err, ok, type Result } from '../../../shared/result';
import { checkServiceConfig, serviceConfigProblemText } from '../../../shared/service-config';
import packageJson from '../../../package.json';

export const WORKBENCH_USER_AGENT = `grpc-workbench/${packageJson.version}`;

/** grpc-js's CompressionAlgorithms enum (compression-algorithms.js): 0 identity, 1 deflate, 2 gzip. */
const COMPRESSION_ALGORITHM = { identity: 0, deflate: 1, gzip: 2 } as const;

function problem(field: string, message: string): Result<never> {
  return err('INVALID_REQUEST', message, { field });
}

function isPositiveInteger(n: number): boolean {
  return Number.isSafeInteger(n) && n > 0;
}

/**
 * The grpc-js channel options for the shared ConnectionSettings (everything except the
 * security options, which credentials.ts adds). Channels with equal options may share a pool entry.
 */
export function buildChannelOptions(settings: ConnectionSettings): Result<ChannelOptions> {
  const { keepalive } = settings;
  const options: ChannelOptions = {
    // Each pooled channel gets its own subchannels (connections). Without this, grpc-js shares
    // subchannels between channels with equal options, and the connection monitor could not say
    // which channel a socket's pings and GOAWAYs belong to (see connection-monitor.ts).
    'grpc.use_local_subchannel_pool': 1,
    'grpc.primary_user_agent': settings.userAgent.trim() === '' ? WORKBENCH_USER_AGENT : `${settings.userAgent.trim()} ${WORKBENCH_USER_AGENT}`,
    // No DNS TXT service-config lookup: the user's 'Load balancing' choice and 'Service config'
    // are the ones in effect (a TXT record would silently replace them), and a dns: target costs
    // one query, not two.
    'grpc.service_config_disable_resolution': 1,
  };

  if (keepalive.timeMs !== null) {
    if (!isPositiveInteger(keepalive.timeMs)) return problem('keepalive.timeMs', `Keepalive time must be a whole number of milliseconds above 0 (got ${keepalive.timeMs}).`);
    options['grpc.keepalive_time_ms'] = keepalive.timeMs;
  }
  if (keepalive.timeoutMs !== null) {
    if (!isPositiveInteger(keepalive.timeoutMs)) return problem('keepalive.timeoutMs', `Keepalive timeout must be a whole number of milliseconds above 0 (got ${keepalive.timeoutMs}).`);
    options['grpc.keepalive_timeout_ms'] = keepalive.timeoutMs;
  }
  options['grpc.keepalive_permit_without_calls'] = keepalive.permitWithoutCalls ? 1 : 0;

  const receive = settings.maxReceiveBytes ?? DEFAULT_MAX_RECEIVE_BYTES;
  if (receive !== -1 && !(Number.isSafeInteger(receive) && receive >= 0)) {
    return problem('maxReceiveBytes', `Max receive size must be a number of bytes, or -1 for unlimited (got ${receive}).`);
  }
  options['grpc.max_receive_message_length'] = receive;

  const send = settings.maxSendBytes ?? -1;
  if (send !== -1 && !(Number.isSafeInteger(send) && send >= 0)) {
    return problem('maxSendBytes', `Max send size must be a number of bytes, or -1 for unlimited (got ${send}).`);
  }
  options['grpc.max_send_message_length'] = send;

  if (settings.loadBalancing !== 'pick_first' && settings.loadBalancing !== 'round_robin') {
    return problem('loadBalancing', `Load balancing must be pick_first or round_robin (got ${String(settings.loadBalancing)}).`);
  }
  const serviceConfig = checkServiceConfig(settings.serviceConfig ?? '');
  if (!serviceConfig.ok) return problem('serviceConfig', `${serviceConfigProblemText(serviceConfig)}. Correct it in Connection settings, or empty the field.`);
  // The user's service config goes to the channel as typed (grpc-js runs its retries, hedging,
  // timeouts and throttling); its loadBalancingConfig, when it has one, wins over the
  // 'Load balancing' setting, which fills in otherwise. The text is part of the options, so
  // the channel key (channel-pool.ts) differs for different configs.
  const config = serviceConfig.config ?? {};
  options['grpc.service_config'] = JSON.stringify(
    config['loadBalancingConfig'] !== undefined ? config : { ...config, loadBalancingConfig: [{ [settings.loadBalancing]: {} }] },
  );

  const compression: string = settings.compression;
  if (!Object.hasOwn(COMPRESSION_ALGORITHM, compression)) return problem('compression', `Compression must be identity, deflate or gzip (got ${compression}).`);
  if (settings.compression !== 'identity') options['grpc.default_compression_algorithm'] = COMPRESSION_ALGORITHM[settings.compression];

  return ok(options);
}
