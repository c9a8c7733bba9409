/** Where secret values are kept on this host. */
export interface SecretStorageStatus {
  /** 'keychain' = encrypted by the OS; 'memory' = this run only (no keychain on this host). */
  backend: 'keychain' | 'memory';
  /** For people: which keychain, or why there is none. */
  detail: string;
}

/**
 * Names one secret value. The scope says whose it is (a collection folder and an
 * environment), so two collections may both have a secret "token".
 */
export interface SecretKey {
  /** The absolute collection folder, or '' for secrets outside any collection. */
  collection: string;
  /** The environment name, or '' for a collection-level variable. */
  environment: string;
  name: string;
}

export interface SetSecretRequest extends SecretKey {
  value: string;
}
