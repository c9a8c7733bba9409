// The renderer's one connection to its shell. In Electron the preload has already put the
// WorkbenchApi on window.workbench; in a browser, connect to the web host that served this
// page, over its WebSocket, with the token from the URL the host printed (or the one-time
// launch code in the URL it opened the browser on).
import { accessTokenFromFragment, forgetAccessToken, obtainAccessToken, type TokenEnvironment, type TokenStorage } from './access-token';
import { PAGE_ID } from './page-id';
import { PAGE_ID_PARAM, SOCKET_PATH } from './socket-protocol';
import { createSocketWorkbench, type SocketFactory } from './socket-workbench';
import { alwaysConnected, type WorkbenchConnection } from './workbench-connection';

const browserSocket: SocketFactory = (url, protocols, handlers) => {
  const socket = new WebSocket(url, protocols);
  socket.onopen = () => handlers.open();
  socket.onmessage = (event) => handlers.message(event.data);
  socket.onclose = (event) => handlers.close(event.code, event.reason);
  return {
    send: (text) => socket.send(text),
    close: (code, reason) => socket.close(code, reason),
  };
};

/** Where the page trades a launch code for the token (electron/web-host/web-host.ts). */
export const LAUNCH_PATH = '/launch';

async function redeemLaunchCode(code: string): Promise<string | null> {
  try {
    const response = await fetch(LAUNCH_PATH, { method: 'POST', headers: { 'X-Launch-Code': code }, cache: 'no-store' });
    if (!response.ok) return null;
    const body = (await response.json()) as unknown;
    return typeof body === 'object' && body !== null && 'token' in body && typeof body.token === 'string' ? body.token : null;
  } catch {
    return null; // the host is gone, or the code is not even a valid header value
  }
}

function sessionStorageOrNull(): TokenStorage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null; // storage disabled by the browser's privacy settings
  }
}

/**
 * ws://HOST:PORT/ws?page=PAGE_ID for the page's own host (wss:// behind an https proxy). The
 * page id says which page the socket (and every reconnect of it) belongs to: its calls.
 */
export function socketUrlFor(location: Pick<Location, 'protocol' | 'host'>, pageId: string = PAGE_ID): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${SOCKET_PATH}?${PAGE_ID_PARAM}=${encodeURIComponent(pageId)}`;
}

/**
 * Resolves once the first connection attempt has settled; check status() (and onStatus) for
 * whether it is connected. Invokes made while the first attempt is under way wait for it.
 */
export async function connectWorkbench(): Promise<WorkbenchConnection> {
  const electronApi = window.workbench;
  if (electronApi !== undefined) return alwaysConnected(electronApi);
  const storage = sessionStorageOrNull();
  const env: TokenEnvironment = { location: window.location, history: window.history, storage };
  const first = await obtainAccessToken(env, redeemLaunchCode);
  const connection = createSocketWorkbench({
    url: socketUrlFor(window.location),
    token: first.token,
    noTokenReason: first.token === null ? first.reason : undefined,
    createSocket: browserSocket,
    onTokenRefused: () => forgetAccessToken(storage),
  });
  // Opening the URL of a restarted host in this tab changes only the fragment: no reload, so
  // take the new token (or launch code) from it here and reconnect with that.
  let latest = 0;
  window.addEventListener('hashchange', () => {
    const mine = (latest += 1);
    void accessTokenFromFragment(env, redeemLaunchCode).then((outcome) => {
      if (outcome === null || mine !== latest) return;
      connection.setToken(outcome.token, outcome.token === null ? outcome.reason : undefined);
    });
  });
  await connection.firstAttempt();
  return connection;
}
