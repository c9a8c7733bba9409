// The renderer's one connection to its shell. In Electron the preload has already put the
// WorkbenchApi on window.workbench; in a browser, connect to the web host that served this
// page, over its WebSocket, with the token from the URL the host printed.
import { forgetAccessToken, takeAccessToken, type TokenStorage } from './access-token';
import { SOCKET_PATH } from './socket-protocol';
import { createSocketWorkbench, type SocketFactory } from './socket-workbench';
import { alwaysConnected, type WorkbenchConnection } from './workbench-connection';

const browserSocket: SocketFactory = (url, handlers) => {
  const socket = new WebSocket(url);
  socket.onopen = () => handlers.open();
  socket.onmessage = (event) => handlers.message(event.data);
  socket.onclose = (event) => handlers.close(event.code, event.reason);
  return {
    send: (text) => socket.send(text),
    close: (code, reason) => socket.close(code, reason),
  };
};

function sessionStorageOrNull(): TokenStorage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null; // storage disabled by the browser's privacy settings
  }
}

/** ws://HOST:PORT/ws for the page's own host (wss:// behind an https proxy). */
export function socketUrlFor(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${SOCKET_PATH}`;
}

/**
 * Resolves once the first connection attempt has settled; check status() (and onStatus) for
 * whether it is connected. Invokes made while the first attempt is under way wait for it.
 */
export async function connectWorkbench(): Promise<WorkbenchConnection> {
  const electronApi = window.workbench;
  if (electronApi !== undefined) return alwaysConnected(electronApi);
  const storage = sessionStorageOrNull();
  const token = takeAccessToken({ location: window.location, history: window.history, storage });
  const connection = createSocketWorkbench({
    url: socketUrlFor(window.location),
    token,
    createSocket: browserSocket,
    onTokenRefused: () => forgetAccessToken(storage),
  });
  await connection.firstAttempt();
  return connection;
}
