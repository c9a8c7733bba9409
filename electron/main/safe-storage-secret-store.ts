// The desktop app's secret store: values encrypted by Electron's safeStorage (a key held by the
// OS keychain) and kept as base64 blobs in one JSON file in the app's data folder. Takes the
// safeStorage object as a parameter so it is tested in Node without Electron.
import { join } from 'node:path';
import type { SafeStorage } from 'electron';
import type { SecretKey } from '../../shared/secrets';
import { err, ok, type Result } from '../../shared/result';
import { createMemorySecretStore, memoryFallbackDetail } from '../engine/secrets/memory-secret-store';
import { encodeSecretAccount } from '../engine/secrets/secret-account';
import { describeCause, type SecretStore } from '../engine/secrets/secret-store';
import { readTextIfExists, writeFileAtomic } from '../engine/workspace/atomic-file';

export const SAFE_STORAGE_FILE_NAME = 'secrets.safe-storage.json';
const FORMAT = 'grpc-workbench-secrets';

export type SafeStorageApi = Pick<SafeStorage, 'isEncryptionAvailable' | 'getSelectedStorageBackend' | 'encryptString' | 'decryptString'>;

export interface SafeStorageSecretStoreOptions {
  /** Electron's safeStorage; use after app 'ready' (before it, Linux reports no encryption). */
  safeStorage: SafeStorageApi;
  /** The app's data folder, app.getPath('userData'). */
  dataDir: string;
  platform?: NodeJS.Platform;
}

/** On disk: account (see encodeSecretAccount) -> base64 of safeStorage.encryptString(value). */
interface SecretsFile {
  format: typeof FORMAT;
  version: 1;
  entries: Record<string, string>;
}

export function createSafeStorageSecretStore(options: SafeStorageSecretStoreOptions): SecretStore {
  const { safeStorage } = options;
  const platform = options.platform ?? process.platform;
  const unavailable = unavailableReason(safeStorage, platform);
  if (unavailable !== null) return createMemorySecretStore(memoryFallbackDetail(unavailable));

  const file = join(options.dataDir, SAFE_STORAGE_FILE_NAME);
  const detail = `Secrets are encrypted by Electron safeStorage with a key from ${keyHolder(safeStorage, platform)} and saved, encrypted, in ${file}.`;
  let entries: Map<string, string> | null = null; // loaded on first use
  // One operation at a time: a set is read-modify-write of the whole file, so two concurrent
  // sets must not each write a file missing the other's secret.
  let queue: Promise<unknown> = Promise.resolve();
  const serialized = <T>(run: (loaded: Map<string, string>) => Promise<Result<T>>): Promise<Result<T>> => {
    const next = queue.then(async (): Promise<Result<T>> => {
      if (entries === null) {
        const loaded = await loadEntries(file);
        if (!loaded.ok) return loaded; // retried next time; the file is left as it is
        entries = loaded.value;
      }
      return run(entries);
    });
    queue = next;
    return next;
  };
  const save = async (next: Map<string, string>, what: string): Promise<Result<null>> => {
    const content: SecretsFile = { format: FORMAT, version: 1, entries: Object.fromEntries([...next].sort(([a], [b]) => (a < b ? -1 : 1))) };
    try {
      await writeFileAtomic(file, `${JSON.stringify(content, null, 2)}\n`);
    } catch (cause) {
      return err('IO', `Could not ${what}: writing ${file} failed: ${describeCause(cause)}`);
    }
    entries = next;
    return ok(null);
  };

  return {
    status: () => ({ backend: 'keychain', detail }),
    get: (key) =>
      serialized(async (loaded) => {
        const blob = loaded.get(encodeSecretAccount(key));
        if (blob === undefined) return ok(null);
        try {
          return ok(safeStorage.decryptString(Buffer.from(blob, 'base64')));
        } catch (cause) {
          return err('IO', `The secret ${describeKey(key)} could not be decrypted (the OS keychain key may have changed); set it again. ${describeCause(cause)}`);
        }
      }),
    set: (key, value) =>
      serialized(async (loaded) => {
        let blob: string;
        try {
          blob = safeStorage.encryptString(value).toString('base64');
        } catch (cause) {
          return err('IO', `Could not encrypt the secret ${describeKey(key)}: ${describeCause(cause)}`);
        }
        return save(new Map(loaded).set(encodeSecretAccount(key), blob), `store the secret ${describeKey(key)}`);
      }),
    delete: (key) =>
      serialized(async (loaded) => {
        const account = encodeSecretAccount(key);
        if (!loaded.has(account)) return ok(null);
        const next = new Map(loaded);
        next.delete(account);
        return save(next, `delete the secret ${describeKey(key)}`);
      }),
  };
}

/**
 * Null when safeStorage really protects data. On Linux without a supported keychain Electron
 * still "encrypts" with a hard-coded key (basic_text): that is obfuscation, so it is refused.
 */
function unavailableReason(safeStorage: SafeStorageApi, platform: NodeJS.Platform): string | null {
  if (!safeStorage.isEncryptionAvailable()) return 'Electron safeStorage reports that encryption is not available on this system.';
  if (platform !== 'linux') return null;
  const backend = safeStorage.getSelectedStorageBackend();
  if (backend === 'basic_text') {
    return 'Electron safeStorage found no supported keychain on this desktop (backend basic_text) and would encrypt with a hard-coded key, which is no protection.';
  }
  if (backend === 'unknown') return 'Electron safeStorage was asked before the app was ready, so its keychain is unknown.';
  return null;
}

function keyHolder(safeStorage: SafeStorageApi, platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'the macOS Keychain';
  if (platform === 'win32') return 'Windows DPAPI (your Windows account)';
  const backend = safeStorage.getSelectedStorageBackend();
  return backend === 'gnome_libsecret' ? 'the Secret Service (GNOME libsecret)' : `KWallet (${backend})`;
}

function describeKey(key: SecretKey): string {
  return `"${key.name}"${key.environment === '' ? '' : ` of environment "${key.environment}"`}`;
}

async function loadEntries(file: string): Promise<Result<Map<string, string>>> {
  let text: string | null;
  try {
    text = await readTextIfExists(file);
  } catch (cause) {
    return err('IO', `Could not read the secrets file ${file}: ${describeCause(cause)}`);
  }
  if (text === null) return ok(new Map());
  try {
    const parsed: unknown = JSON.parse(text);
    if (isSecretsFile(parsed)) return ok(new Map(Object.entries(parsed.entries)));
  } catch {
    // reported below, like any other unreadable content
  }
  return err('IO', `The secrets file ${file} is damaged or from a newer version; it was left untouched. Move it aside to start with no stored secrets.`);
}

function isSecretsFile(value: unknown): value is SecretsFile {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<SecretsFile>;
  const entries: unknown = candidate.entries;
  return (
    candidate.format === FORMAT &&
    candidate.version === 1 &&
    typeof entries === 'object' &&
    entries !== null &&
    !Array.isArray(entries) &&
    Object.values(entries).every((blob) => typeof blob === 'string')
  );
}
