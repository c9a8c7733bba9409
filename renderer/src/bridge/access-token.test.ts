import { describe, expect, it } from 'vitest';
import { forgetAccessToken, takeAccessToken, TOKEN_STORAGE_KEY, type TokenEnvironment, type TokenStorage } from './access-token';

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
