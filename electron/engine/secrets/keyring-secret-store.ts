import { randomUUID } from 'node:crypto';
import { AsyncEntry, type EntryOptions } from '@napi-rs/keyring';
import type { SecretKey } from '../../../shared/secrets';
import { err, ok, type Result } from '../../../shared/result';
import { createMemorySecretStore, memoryFallbackDetail } from './memory-secret-store';
import { encodeSecretAccount } from './secret-account';
import { describeCause, type SecretStore } from './secret-store';

export const DEFAULT_SECRET_SERVICE = 'gRPC Workbench';
/** A keychain that waits for an unlock prompt nobody answers must not hold up startup. */
const DEFAULT_PROBE_TIMEOUT_MS = 10_000;

export interface KeyringSecretStoreOptions {
  /** The keychain service name every secret is filed under. */
  service?: string;
  probeTimeoutMs?: number;
}

/**
 * Secrets in the OS keychain through @napi-rs/keyring: macOS Keychain, Windows Credential
 * Manager, or the Secret Service (GNOME Keyring, KWallet) on Linux. Probes the keychain first
 * (write, read back, delete); when that fails (e.g. headless Linux with no D-Bus session) the
 * store keeps secrets in memory for this run and says so in status().
 * Uses AsyncEntry so a slow D-Bus round trip never blocks the event loop.
 */
export async function createKeyringSecretStore(options: KeyringSecretStoreOptions = {}): Promise<SecretStore> {
  const service = options.service ?? DEFAULT_SECRET_SERVICE;
  const open = (account: string): AsyncEntry => new AsyncEntry(service, account, entryOptions());

  const failure = await probeKeychain(open, options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS);
  if (failure !== null) return createMemorySecretStore(memoryFallbackDetail(failure));

  const detail = `Secrets are encrypted by ${keychainName()} under the service "${service}".`;
  const attempt = async <T>(verb: string, key: SecretKey, run: (entry: AsyncEntry) => Promise<T>): Promise<Result<T>> => {
    try {
      return ok(await run(open(encodeSecretAccount(key))));
    } catch (cause) {
      return err('IO', `Could not ${verb} the secret "${key.name}" in ${keychainName()}: ${describeCause(cause)}`, { backend: 'keychain' });
    }
  };
  return {
    status: () => ({ backend: 'keychain', detail }),
    get: (key) => attempt('read', key, (entry) => entry.getPassword()),
    set: (key, value) =>
      attempt('store', key, async (entry) => {
        await entry.setPassword(value);
        return null;
      }),
    delete: (key) =>
      attempt('delete', key, async (entry) => {
        await entry.deleteCredential(); // false = there was nothing to delete, which is fine
        return null;
      }),
  };
}

/**
 * On Linux, keyring's default silently falls back to the kernel keyring (keyutils), which
 * forgets everything at logout or reboot; calling that a keychain would mislead. Pinning the
 * Secret Service makes "no Secret Service" an error, so we fall back to memory and say so.
 */
function entryOptions(): EntryOptions | undefined {
  return process.platform === 'linux' ? { linux: { store: 'secret-service' } } : undefined;
}

/** As written mid-sentence; `capitalized` for the start of one. */
function keychainName(capitalized = false): string {
  const name =
    process.platform === 'darwin' ? 'the macOS Keychain' : process.platform === 'win32' ? 'Windows Credential Manager' : 'the Secret Service (e.g. GNOME Keyring or KWallet)';
  return capitalized ? name.charAt(0).toUpperCase() + name.slice(1) : name;
}

/** Null when the keychain stores and returns a value; otherwise the reason it cannot be used. */
async function probeKeychain(open: (account: string) => AsyncEntry, timeoutMs: number): Promise<string | null> {
  // A random account: two running instances (desktop app and web host) must not race, and
  // real accounts start with "v1", so a probe never touches a real secret.
  const expected = randomUUID();
  const roundTrip = async (): Promise<string | null> => {
    const entry = open(`probe:${randomUUID()}`);
    await entry.setPassword(expected);
    const actual = await entry.getPassword();
    await entry.deleteCredential();
    return actual === expected ? null : `${keychainName(true)} returned a different value than was stored.`;
  };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`${keychainName(true)} did not answer within ${timeoutMs} ms; it may be locked and waiting for a password.`), timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([roundTrip(), timeout]);
  } catch (cause) {
    return `Could not use ${keychainName()}: ${describeCause(cause)}`;
  } finally {
    clearTimeout(timer);
  }
}
