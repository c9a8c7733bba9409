import { createHash } from 'node:crypto';
import type { SecretKey } from '../../../shared/secrets';

/**
 * Above this length the account is hashed: Windows Credential Manager limits user names to
 * 512 characters, and collection folders can be long. Readable below it, so a person looking
 * in their keychain app can tell which collection a secret belongs to.
 */
const MAX_READABLE_ACCOUNT = 400;

/**
 * The keychain account (and safe-storage file key) for a SecretKey. A JSON array is an
 * injective encoding, so no two keys share an account even when parts contain '/', ':' or
 * quotes (e.g. collection "a", environment "b/c" vs collection "a/b", environment "c").
 * The two forms have different prefixes, so a readable account never equals a hashed one.
 */
export function encodeSecretAccount(key: SecretKey): string {
  const parts = JSON.stringify([key.collection, key.environment, key.name]);
  const readable = `v1:${parts}`;
  if (readable.length <= MAX_READABLE_ACCOUNT) return readable;
  return `v1-sha256:${createHash('sha256').update(parts, 'utf8').digest('hex')}`;
}
