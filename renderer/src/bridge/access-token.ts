// The web host prints http://HOST:PORT/#token=TOKEN. The page takes the token from the
// fragment, keeps it in sessionStorage (so a reload of this tab still works) and removes it
// from the address bar, so it is not bookmarked, shared or left in the history by accident.
// The browser the host opens itself gets http://HOST:PORT/#launch=CODE instead: a one-time
// code the page trades for the token (POST /launch), because the opener's command line is
// readable by other local users (electron/web-host/launch-codes.ts).
import { LAUNCH_REFUSED_REASON, NO_TOKEN_REASON } from './host-connection-status';

export const TOKEN_STORAGE_KEY = 'grpc-workbench.access-token';

export interface TokenStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface TokenEnvironment {
  location: { hash: string; pathname: string; search: string };
  history: { readonly state: unknown; replaceState(data: unknown, unused: string, url?: string): void };
  /** null when the browser refuses storage (some privacy settings). */
  storage: TokenStorage | null;
}

/** Trades a launch code for the token; null if the host refuses it (used, expired, unknown). */
export type LaunchCodeRedeemer = (code: string) => Promise<string | null>;

/** The token to connect with, or why there is none. */
export type AccessTokenOutcome = { token: string } | { token: null; reason: string };

interface FragmentCredentials {
  token: string | null;
  launchCode: string | null;
}

/** Reads #token= and #launch= and removes both from the address bar (if present). */
function takeFragmentCredentials(env: TokenEnvironment): FragmentCredentials {
  const hash = env.location.hash;
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const value = (name: string) => {
    const found = params.get(name);
    return found === null || found === '' ? null : found;
  };
  const credentials = { token: value('token'), launchCode: value('launch') };
  if (params.has('token') || params.has('launch')) {
    params.delete('token');
    params.delete('launch');
    const rest = params.toString();
    env.history.replaceState(env.history.state, '', `${env.location.pathname}${env.location.search}${rest === '' ? '' : `#${rest}`}`);
  }
  return credentials;
}

function rememberAccessToken(storage: TokenStorage | null, token: string): void {
  try {
    storage?.setItem(TOKEN_STORAGE_KEY, token);
  } catch {
    // Storage full or refused: the token still works until the tab reloads.
  }
}

function storedAccessToken(storage: TokenStorage | null): string | null {
  try {
    return storage?.getItem(TOKEN_STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

/** The token for this tab from #token= or storage, or null if the page was opened without one. */
export function takeAccessToken(env: TokenEnvironment): string | null {
  const { token } = takeFragmentCredentials(env);
  if (token !== null) {
    rememberAccessToken(env.storage, token);
    return token;
  }
  return storedAccessToken(env.storage);
}

/**
 * What the fragment brings: its #token=, or the token traded for its #launch= code. null when
 * it brings neither (then the tab's stored token, if any, still applies).
 */
export async function accessTokenFromFragment(env: TokenEnvironment, redeem: LaunchCodeRedeemer): Promise<AccessTokenOutcome | null> {
  const { token, launchCode } = takeFragmentCredentials(env);
  if (token !== null) {
    rememberAccessToken(env.storage, token);
    return { token };
  }
  if (launchCode === null) return null;
  const traded = await redeem(launchCode).catch(() => null);
  if (traded === null) return { token: null, reason: LAUNCH_REFUSED_REASON };
  rememberAccessToken(env.storage, traded);
  return { token: traded };
}

/** The token for this tab: from the fragment (a token or a launch code), else from storage. */
export async function obtainAccessToken(env: TokenEnvironment, redeem: LaunchCodeRedeemer): Promise<AccessTokenOutcome> {
  const fromFragment = await accessTokenFromFragment(env, redeem);
  if (fromFragment !== null) return fromFragment;
  const stored = storedAccessToken(env.storage);
  return stored === null ? { token: null, reason: NO_TOKEN_REASON } : { token: stored };
}

/** A refused token is useless: drop it so a reload does not try it again. */
export function forgetAccessToken(storage: TokenStorage | null): void {
  try {
    storage?.removeItem(TOKEN_STORAGE_KEY);
  } catch {
    // Nothing stored, nothing to forget.
  }
}
