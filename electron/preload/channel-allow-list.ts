// The preload forwards only the contract's channel names; anything else is refused before it
// reaches ipcRenderer, so a compromised page cannot probe other IPC handlers through us.
import { CHANNEL_NAMES, type ChannelName } from '../../shared/contract';

const ALLOWED: ReadonlySet<string> = new Set(CHANNEL_NAMES);

export function isContractChannel(channel: unknown): channel is ChannelName {
  return typeof channel === 'string' && ALLOWED.has(channel);
}
