import type { SecretKey, SecretStorageStatus } from '../../../shared/secrets';
import type { Result } from '../../../shared/result';

/**
 * Where secret variable values live. Implementations never write a value to disk in plain
 * text: the OS keychain (keyring-secret-store.ts), Electron's safeStorage
 * (electron/main/safe-storage-secret-store.ts), or memory for this run only.
 * Failures come back as Results with code 'IO'; nothing throws.
 */
export interface SecretStore {
  status(): SecretStorageStatus;
  /** The stored value, or null when there is none. */
  get(key: SecretKey): Promise<Result<string | null>>;
  set(key: SecretKey, value: string): Promise<Result<null>>;
  /** Deleting a secret that does not exist succeeds. */
  delete(key: SecretKey): Promise<Result<null>>;
}

/** The reason text of an unknown thrown value (native bindings throw plain Errors). */
export function describeCause(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
