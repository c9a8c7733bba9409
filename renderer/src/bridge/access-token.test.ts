import { describe, expect, it } from 'vitest';
import { accessTokenFromFragment, forgetAccessToken, obtainAccessToken, takeAccessToken, TOKEN_STORAGE_KEY, type TokenEnvironment, type TokenStorage } from './access-token';
import { LAUNCH_REFUSED_REASON, NO_TOKEN_REASON } from './host-connection-status';

function memoryStorage(initial: Record<string, string> = {}): TokenStorage & { data: Record<string, string> } {
  const data = { ...initial };
  return {
    data,
    getItem: (key) => data[key] ?? null,
    setItem: (key, value) => void (data[key] = value),
    removeItem: (key) => void delete data[key],
  };
}

function environment(hash: string, storage: TokenStorage | null) {
  const replaced: string[] = [];
  const env: TokenEnvironment = {
    location: { hash, pathname: '/', search: '' },
    history: { state: { keep: true }, replaceState: (_data, _unused, url) => void replaced.push(url ?? '') },
    storage,
  };
  return { env, replaced };
}

describe('takeAccessToken', () => {
  it('takes the token from the fragment, stores it for reloads and removes it from the address bar', () => {
    const storage = memoryStorage();
    const { env, replaced } = environment('#token=abc_DEF-123', storage);
    expect(takeAccessToken(env)).toBe('abc_DEF-123');
    expect(storage.data[TOKEN_STORAGE_KEY]).toBe('abc_DEF-123');
    expect(replaced).toEqual(['/']);
  });

  it('keeps other fragment parameters', () => {
    const { env, replaced } = environment('#token=t1&tab=2', memoryStorage());
    expect(takeAccessToken(env)).toBe('t1');
    expect(replaced).toEqual(['/#tab=2']);
  });

  it('uses the stored token after a reload, and a new fragment token wins over it', () => {
    const storage = memoryStorage({ [TOKEN_STORAGE_KEY]: 'old' });
    const reload = environment('', storage);
    expect(takeAccessToken(reload.env)).toBe('old');
    expect(reload.replaced).toEqual([]);
    expect(takeAccessToken(environment('#token=new', storage).env)).toBe('new');
    expect(storage.data[TOKEN_STORAGE_KEY]).toBe('new');
  });

  it('returns null without a token, and works without storage', () => {
    expect(takeAccessToken(environment('#token=', memoryStorage()).env)).toBeNull();
    expect(takeAccessToken(environment('', null).env)).toBeNull();
    expect(takeAccessToken(environment('#token=x', null).env)).toBe('x');
  });

  it('forgets a refused token', () => {
    const storage = memoryStorage({ [TOKEN_STORAGE_KEY]: 'old' });
    forgetAccessToken(storage);
    expect(storage.data).toEqual({});
  });
});

describe('launch codes and the fragment', () => {
  it('trades #launch=CODE for the token, stores it and removes the code from the address bar', async () => {
    const storage = memoryStorage();
    const { env, replaced } = environment('#launch=CODE&tab=2', storage);
    const traded: string[] = [];
    const outcome = await obtainAccessToken(env, async (code) => (traded.push(code), 'the-token'));
    expect(outcome).toEqual({ token: 'the-token' });
    expect(traded).toEqual(['CODE']);
    expect(storage.data[TOKEN_STORAGE_KEY]).toBe('the-token');
    expect(replaced).toEqual(['/#tab=2']);
  });

  it('says why when the host refuses the launch code (or cannot be reached)', async () => {
    for (const redeem of [async () => null, async () => Promise.reject(new Error('offline'))]) {
      const storage = memoryStorage({ [TOKEN_STORAGE_KEY]: 'old' });
      const { env, replaced } = environment('#launch=USED', storage);
      await expect(obtainAccessToken(env, redeem)).resolves.toEqual({ token: null, reason: LAUNCH_REFUSED_REASON });
      expect(replaced).toEqual(['/']);
    }
  });

  it('prefers #token= to a launch code, and falls back to storage, then to no token', async () => {
    const never = async () => {
      throw new Error('not asked');
    };
    await expect(obtainAccessToken(environment('#token=t&launch=c', memoryStorage()).env, never)).resolves.toEqual({ token: 't' });
    await expect(obtainAccessToken(environment('', memoryStorage({ [TOKEN_STORAGE_KEY]: 'old' })).env, never)).resolves.toEqual({ token: 'old' });
    await expect(obtainAccessToken(environment('', memoryStorage()).env, never)).resolves.toEqual({ token: null, reason: NO_TOKEN_REASON });
  });

  it('reports nothing for a fragment without a token (a hashchange that is not a new URL)', async () => {
    const { env, replaced } = environment('#tab=3', memoryStorage({ [TOKEN_STORAGE_KEY]: 'old' }));
    await expect(accessTokenFromFragment(env, async () => 'x')).resolves.toBeNull();
    expect(replaced).toEqual([]);
  });
});
