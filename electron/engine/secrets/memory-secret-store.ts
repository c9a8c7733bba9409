import { ok } from '../../../shared/result';
import type { SecretStore } from './secret-store';
import { encodeSecretAccount } from './secret-account';

/** The status detail shown when no OS keychain can be used; `reason` says why. */
export function memoryFallbackDetail(reason: string): string {
  return `No OS keychain was found, so secrets are kept in memory for this run only and never written to disk. Reason: ${reason}`;
}

/** Secrets in a Map of this process: gone when it exits, never on disk. */
export function createMemorySecretStore(detail: string): SecretStore {
  const values = new Map<string, string>();
  return {
    status: () => ({ backend: 'memory', detail }),
    get: (key) => Promise.resolve(ok(values.get(encodeSecretAccount(key)) ?? null)),
    set: (key, value) => {
      values.set(encodeSecretAccount(key), value);
      return Promise.resolve(ok(null));
    },
    delete: (key) => {
      values.delete(encodeSecretAccount(key));
      return Promise.resolve(ok(null));
    },
  };
}
