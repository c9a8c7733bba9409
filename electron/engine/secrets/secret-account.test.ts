import { describe, expect, it } from 'vitest';
import { encodeSecretAccount } from './secret-account';

describe('encodeSecretAccount', () => {
  it('is readable and tells apart keys that differ only in where a separator falls', () => {
    expect(encodeSecretAccount({ collection: '/c', environment: 'dev', name: 'token' })).toBe('v1:["/c","dev","token"]');
    const accounts = [
      { collection: 'a', environment: 'b/c', name: 'x' },
      { collection: 'a/b', environment: 'c', name: 'x' },
      { collection: 'a', environment: '', name: 'b","x' },
      { collection: 'a', environment: 'b', name: 'x' },
      { collection: '', environment: '', name: 'x' },
    ].map(encodeSecretAccount);
    expect(new Set(accounts).size).toBe(accounts.length);
  });

  it('hashes long keys to a short, stable account distinct from every readable one', () => {
    const long = { collection: `/${'deep/'.repeat(100)}collection`, environment: 'dev', name: 'token' };
    const account = encodeSecretAccount(long);
    expect(account).toMatch(/^v1-sha256:[0-9a-f]{64}$/);
    expect(encodeSecretAccount({ ...long })).toBe(account);
    expect(encodeSecretAccount({ ...long, environment: 'prod' })).not.toBe(account);
  });

  it('ignores fields beyond the key (a SetSecretRequest carries its value)', () => {
    const request = { collection: '/c', environment: 'dev', name: 'token', value: 'secret' };
    expect(encodeSecretAccount(request)).toBe(encodeSecretAccount({ collection: '/c', environment: 'dev', name: 'token' }));
  });
});
