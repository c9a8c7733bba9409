import { createHash, createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { homedir } from 'node:os';
import { credentials as grpcCredentials, type ChannelCredentials, type ChannelOptions } from '@grpc/grpc-js';
import type { TlsSettings } from '../../../shared/connection';
import { err, ok, type Result } from '../../../shared/result';
import { readUserFileSync, USER_FILE_LIMITS } from '../files/read-user-file';

/** The names the user sees for the TLS settings; every TLS error names the field at fault. */
export const TLS_FIELD_LABELS = {
  caPath: 'CA certificate',
  certPath: 'Client certificate',
  keyPath: 'Client key',
  serverNameOverride: 'Server name override',
} as const;

type FileField = 'caPath' | 'certPath' | 'keyPath';

/** What the security settings of one channel are, for pool keys and for explaining failures. */
export interface SecurityDescription {
  tls: boolean;
  caPath: string;
  certPath: string;
  keyPath: string;
  /** The name the server's certificate is checked against (override, else the target host); null without TLS. */
  serverName: string | null;
  serverNameOverridden: boolean;
  skipVerify: boolean;
}

/** PEM material read from disk and checked, not yet turned into grpc-js credentials. */
export interface SecurityMaterial {
  description: SecurityDescription;
  ca: Buffer | null;
  cert: Buffer | null;
  key: Buffer | null;
  /** Hash of everything that makes these credentials what they are (file contents, not paths). */
  fingerprint: string;
  /** Channel options the settings imply (authority and TLS name override). */
  options: ChannelOptions;
}

const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const KEY_BLOCK = /-----BEGIN (?:[A-Z0-9]+ )?PRIVATE KEY-----/;
const HOST_NAME = /^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?$/;

function tlsError(field: FileField | 'serverNameOverride', path: string, message: string): Result<never> {
  return err('TLS', message, { field, path });
}

function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? homedir() + path.slice(1) : path;
}

function readPem(field: FileField, rawPath: string): Result<Buffer> {
  const label = TLS_FIELD_LABELS[field];
  const path = expandHome(rawPath.trim());
  // Synchronous (the channel acquire is), but bounded: only a regular file, at most 1 MiB.
  const read = readUserFileSync(path, { maxBytes: USER_FILE_LIMITS.tls, kind: 'TLS certificate and key files' });
  if (read.ok) return ok(read.bytes);
  switch (read.problem.kind) {
    case 'not_found':
      return tlsError(field, path, `'${label}' file ${path} does not exist. Check the path in '${label}'.`);
    case 'no_permission':
      return tlsError(field, path, `'${label}' file ${path} cannot be read (permission denied). Check the path in '${label}'.`);
    case 'folder':
    case 'not_regular':
    case 'too_large':
      return tlsError(field, path, `'${label}': ${read.problem.message} Choose the PEM file itself.`);
    default:
      return tlsError(field, path, `'${label}': ${read.problem.message} Check the path in '${label}'.`);
  }
}

/** DER and other binary files have bytes that PEM text (ASCII with tabs and line breaks) never has. */
function looksBinary(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 512);
  return head.some((byte) => byte > 0x7e || (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d));
}

/** Parse every certificate in a PEM file; the first is the leaf for a client certificate chain. */
function parseCertificates(field: 'caPath' | 'certPath', path: string, pem: Buffer): Result<X509Certificate[]> {
  const label = TLS_FIELD_LABELS[field];
  const text = pem.toString('latin1');
  const blocks = text.match(CERT_BLOCK);
  if (!blocks) {
    const hint = KEY_BLOCK.test(text)
      ? ' It holds a private key; the key belongs in \'Client key\'.'
      : looksBinary(pem)
        ? ' It looks binary (DER?); convert it with: openssl x509 -inform der -in FILE -out FILE.pem'
        : '';
    return tlsError(field, path, `'${label}' (${path}) is not a PEM certificate: it has no "-----BEGIN CERTIFICATE-----" block.${hint}`);
  }
  const certs: X509Certificate[] = [];
  for (const [i, block] of blocks.entries()) {
    try {
      certs.push(new X509Certificate(block));
    } catch (e) {
      return tlsError(field, path, `'${label}' (${path}): certificate ${i + 1} of ${blocks.length} is damaged and cannot be parsed (${(e as Error).message}).`);
    }
  }
  return ok(certs);
}

function parsePrivateKey(path: string, pem: Buffer): Result<KeyObject> {
  const label = TLS_FIELD_LABELS.keyPath;
  const text = pem.toString('latin1');
  if (!KEY_BLOCK.test(text)) {
    const hint = text.includes('-----BEGIN CERTIFICATE-----') ? ' It holds a certificate; certificates belong in \'Client certificate\' or \'CA certificate\'.' : '';
    return tlsError('keyPath', path, `'${label}' (${path}) is not a PEM private key: it has no "-----BEGIN ... PRIVATE KEY-----" block.${hint}`);
  }
  try {
    return ok(createPrivateKey(pem));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ERR_MISSING_PASSPHRASE' || /ENCRYPTED/.test(text)) {
      return tlsError('keyPath', path, `'${label}' (${path}) is encrypted with a passphrase. Save an unencrypted copy: openssl pkey -in KEY -out KEY.plain.pem`);
    }
    return tlsError('keyPath', path, `'${label}' (${path}) cannot be parsed as a private key (${(e as Error).message}).`);
  }
}

function keyMatches(certificate: X509Certificate, key: KeyObject): boolean {
  try {
    return certificate.checkPrivateKey(key);
  } catch {
    return false; // e.g. an EC key against an RSA certificate
  }
}

function fingerprintOf(parts: (Buffer | string | null)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(part === null ? '\u0000null' : typeof part === 'string' ? `s:${part}` : part);
    hash.update('\u0000|');
  }
  return hash.digest('hex');
}

/**
 * Read and check the TLS files and the name override. Files are read on every acquire so a
 * certificate replaced on disk gives a new channel (the fingerprint hashes contents).
 * @param useTls TLS on (from the settings, or implied by an https:// target).
 * @param targetHost the host from the target, used for the certificate check when no override is set.
 */
export function loadSecurityMaterial(tls: TlsSettings, useTls: boolean, targetHost: string | null): Result<SecurityMaterial> {
  const override = tls.serverNameOverride.trim();
  if (override !== '' && !HOST_NAME.test(override)) {
    return tlsError('serverNameOverride', '', `'${TLS_FIELD_LABELS.serverNameOverride}' "${override}" is not a host name. Enter the name in the server's certificate, e.g. api.example.com (no scheme, no port).`);
  }
  const options: ChannelOptions = {};
  // :authority follows the override with and without TLS (virtual hosts behind a proxy).
  if (override !== '') options['grpc.default_authority'] = override;
  const description: SecurityDescription = {
    tls: useTls,
    caPath: useTls ? tls.caPath.trim() : '',
    certPath: useTls ? tls.certPath.trim() : '',
    keyPath: useTls ? tls.keyPath.trim() : '',
    serverName: useTls ? (override || targetHost) : null,
    serverNameOverridden: useTls && override !== '',
    skipVerify: useTls && tls.skipVerify,
  };
  if (!useTls) {
    return ok({ description, ca: null, cert: null, key: null, fingerprint: fingerprintOf(['plaintext', override]), options });
  }
  if (override !== '') options['grpc.ssl_target_name_override'] = override;

  let ca: Buffer | null = null;
  if (description.caPath !== '') {
    const read = readPem('caPath', description.caPath);
    if (!read.ok) return read;
    const parsed = parseCertificates('caPath', description.caPath, read.value);
    if (!parsed.ok) return parsed;
    ca = read.value;
  }

  let cert: Buffer | null = null;
  let key: Buffer | null = null;
  const { certPath, keyPath } = description;
  if (certPath !== '' || keyPath !== '') {
    if (certPath === '') return tlsError('certPath', '', `A client key is set but '${TLS_FIELD_LABELS.certPath}' is empty. mTLS needs both: choose the certificate that belongs to ${keyPath}.`);
    if (keyPath === '') return tlsError('keyPath', '', `A client certificate is set but '${TLS_FIELD_LABELS.keyPath}' is empty. mTLS needs both: choose the private key of ${certPath}.`);
    const certRead = readPem('certPath', certPath);
    if (!certRead.ok) return certRead;
    const keyRead = readPem('keyPath', keyPath);
    if (!keyRead.ok) return keyRead;
    const chain = parseCertificates('certPath', certPath, certRead.value);
    if (!chain.ok) return chain;
    const privateKey = parsePrivateKey(keyPath, keyRead.value);
    if (!privateKey.ok) return privateKey;
    const leaf = chain.value[0];
    if (leaf === undefined || !keyMatches(leaf, privateKey.value)) {
      return tlsError('keyPath', keyPath, `'${TLS_FIELD_LABELS.keyPath}' (${keyPath}) does not belong to '${TLS_FIELD_LABELS.certPath}' (${certPath}): the key does not match the certificate's public key. Choose the key the certificate was issued for.`);
    }
    cert = certRead.value;
    key = keyRead.value;
  }

  const fingerprint = fingerprintOf(['tls', ca, cert, key, override, description.skipVerify ? 'skip' : 'verify']);
  return ok({ description, ca, cert, key, fingerprint, options });
}

/** Turn checked material into grpc-js channel credentials. */
export function createChannelCredentials(material: SecurityMaterial): Result<ChannelCredentials> {
  if (!material.description.tls) return ok(grpcCredentials.createInsecure());
  try {
    // grpc-js 1.14 passes rejectUnauthorized to tls.connect and then accepts the unverified
    // socket (SecureConnectorImpl checks `rejectUnauthorized ?? true`): that is grpcurl -insecure.
    const verifyOptions = material.description.skipVerify ? { rejectUnauthorized: false } : {};
    return ok(grpcCredentials.createSsl(material.ca, material.key, material.cert, verifyOptions));
  } catch (e) {
    // createSecureContext re-checks what we checked; anything left (e.g. an unsupported key type) lands here.
    return err('TLS', `The TLS settings could not be used: ${(e as Error).message}. Check '${TLS_FIELD_LABELS.caPath}', '${TLS_FIELD_LABELS.certPath}' and '${TLS_FIELD_LABELS.keyPath}'.`);
  }
}
