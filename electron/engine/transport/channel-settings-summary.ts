import { basename } from 'node:path';
import { DEFAULT_MAX_RECEIVE_BYTES, type ConnectionSettings } from '../../../shared/connection';
import type { SecurityDescription } from './credentials';

function bytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} B`;
}

/**
 * One line naming what sets a channel apart (security first, then every non-default option),
 * so two rows of the Connections table to the same target can be told apart.
 */
export function summarizeChannelSettings(settings: ConnectionSettings, security: SecurityDescription): string {
  const parts: string[] = [];
  if (!security.tls) parts.push('plaintext');
  else {
    const tls: string[] = [];
    if (security.caPath !== '') tls.push(`CA ${basename(security.caPath)}`);
    if (security.certPath !== '') tls.push(`client cert ${basename(security.certPath)}`);
    if (security.serverNameOverridden && security.serverName !== null) tls.push(`name ${security.serverName}`);
    if (security.skipVerify) tls.push('no verification');
    parts.push(tls.length > 0 ? `TLS (${tls.join(', ')})` : 'TLS');
  }
  const { keepalive } = settings;
  if (keepalive.timeMs !== null) {
    parts.push(`keepalive ${keepalive.timeMs} ms${keepalive.timeoutMs !== null ? ` / ${keepalive.timeoutMs} ms timeout` : ''}${keepalive.permitWithoutCalls ? ' (without calls too)' : ''}`);
  }
  const receive = settings.maxReceiveBytes ?? DEFAULT_MAX_RECEIVE_BYTES;
  if (receive !== DEFAULT_MAX_RECEIVE_BYTES) parts.push(receive === -1 ? 'max receive unlimited' : `max receive ${bytes(receive)}`);
  if (settings.maxSendBytes !== null && settings.maxSendBytes !== -1) parts.push(`max send ${bytes(settings.maxSendBytes)}`);
  if (settings.loadBalancing !== 'pick_first') parts.push(settings.loadBalancing);
  if (settings.compression !== 'identity') parts.push(settings.compression);
  if (settings.userAgent.trim() !== '') parts.push(`user agent "${settings.userAgent.trim()}"`);
  return parts.join(', ');
}
