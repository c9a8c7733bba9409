// The web host prints http://HOST:PORT/#token=TOKEN. The page takes the token from the
// fragment, keeps it in sessionStorage (so a reload of this tab still works) and removes it
// from the address bar, so it is not bookmarked, shared or left in the history by accident.

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

function withoutToken(hash: string): { token: string | null; rest: string } {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const token = params.get('token');
  params.delete('token');
  const rest = params.toString();
  return { token: token === null || token === '' ? null : token, rest: rest === '' ? '' : `#${rest}` };
}

/** The token for this tab, or null if the page was opened without one. */
export function takeAccessToken(env: TokenEnvironment): string | null {
  const { token, rest } = withoutToken(env.location.hash);
  if (token !== null) {
    try {
      env.storage?.setItem(TOKEN_STORAGE_KEY, token);
    } catch {
      // Storage full or refused: the token still works until the tab reloads.
    }
    env.history.replaceState(env.history.state, '', `${env.location.pathname}${env.location.search}${rest}`);
    return token;
  }
  try {
    return env.storage?.getItem(TOKEN_STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

/** A refused token is useless: drop it so a reload does not try it again. */
export function forgetAccessToken(storage: TokenStorage | null): void {
  try {
    storage?.removeItem(TOKEN_STORAGE_KEY);
  } catch {
    // Nothing stored, nothing to forget.
  }
}
