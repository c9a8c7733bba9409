// What the bridge hands the renderer: the contract's WorkbenchApi plus the state of the link
// to the shell, so the UI can say "reconnecting" or "the token was refused".
import type { WorkbenchApi } from '../../../shared/contract';
import type { HostConnectionListener, HostConnectionStatus } from './host-connection-status';

export interface WorkbenchConnection extends WorkbenchApi {
  status(): HostConnectionStatus;
  /** Called on every change; returns the unsubscribe function. */
  onStatus(listener: HostConnectionListener): () => void;
}

const CONNECTED: HostConnectionStatus = { state: 'connected' };

/** The Electron preload's API never disconnects: it is always "connected". */
export function alwaysConnected(api: WorkbenchApi): WorkbenchConnection {
  return {
    invoke: (channel, request) => api.invoke(channel, request),
    onEvents: (listener) => api.onEvents(listener),
    status: () => CONNECTED,
    onStatus: () => () => undefined,
  };
}
