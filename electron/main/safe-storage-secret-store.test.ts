// The desktop secret store with a stand-in for Electron's safeStorage that really encrypts
// (AES-256-GCM with a key only this process holds), on real files in a temp folder.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSafeStorageSecretStore, SAFE_STORAGE_FILE_NAME, type SafeStorageApi } from './safe-storage-secret-store';

function encryptingSafeStorage(backend = 'gnome_libsecret'): SafeStorageApi {
  const key = randomBytes(32);
  return {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => backend as ReturnType<SafeStorageApi['getSelectedStorageBackend']>,
    encryptString: (text) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptString: (blob) => {
      const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(0, 12));
      decipher.setAuthTag(blob.subarray(12, 28));
      return Buffer.concat([decipher.update(blob.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

describe('safeStorage secret store', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'safe-storage-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps values encrypted on disk, reads them back in a new store, and deletes them', async () => {
    const safeStorage = encryptingSafeStorage();
    const key = { collection: '/repo/requests', environment: 'staging', name: 'token' };
    const first = createSafeStorageSecretStore({ safeStorage, dataDir, platform: 'linux' });
    expect(first.status().backend).toBe('keychain');
    await Promise.all([first.set(key, 'sk-live-123456'), first.set({ ...key, name: 'other' }, 'second-value')]);
    const text = await readFile(join(dataDir, SAFE_STORAGE_FILE_NAME), 'utf8');
    expect(text).not.toContain('sk-live');
    expect(text).not.toContain('second-value');
    const second = createSafeStorageSecretStore({ safeStorage, dataDir, platform: 'linux' });
    expect(await second.get(key)).toEqual({ ok: true, value: 'sk-live-123456' });
    expect(await second.get({ ...key, name: 'other' })).toEqual({ ok: true, value: 'second-value' });
    await second.delete(key);
    expect(await second.get(key)).toEqual({ ok: true, value: null });
  });

  it("refuses Linux's hard-coded-key fallback and keeps secrets in memory only", async () => {
    const store = createSafeStorageSecretStore({ safeStorage: encryptingSafeStorage('basic_text'), dataDir, platform: 'linux' });
    expect(store.status().backend).toBe('memory');
    expect(store.status().detail).toMatch(/basic_text/);
    await store.set({ collection: '', environment: '', name: 't' }, 'value');
    await expect(readFile(join(dataDir, SAFE_STORAGE_FILE_NAME), 'utf8')).rejects.toThrow();
  });

  it('leaves a damaged secrets file untouched and says so', async () => {
    await writeFile(join(dataDir, SAFE_STORAGE_FILE_NAME), '{not json');
    const store = createSafeStorageSecretStore({ safeStorage: encryptingSafeStorage(), dataDir, platform: 'linux' });
    const result = await store.set({ collection: '', environment: '', name: 't' }, 'v');
    expect(!result.ok && result.error.message).toMatch(/damaged/);
    expect(await readFile(join(dataDir, SAFE_STORAGE_FILE_NAME), 'utf8')).toBe('{not json');
  });
});
