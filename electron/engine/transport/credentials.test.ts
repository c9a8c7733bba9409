import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConnectionSettings, type TlsSettings } from '../../../shared/connection';
import { createChannelCredentials, loadSecurityMaterial } from './credentials';
import { createTestPki, type TestPki } from '../../../test/support/transport-pki';

let pki: TestPki;
let notPem: string;
let derCert: string;
let encryptedKey: string;

beforeAll(() => {
  pki = createTestPki();
  notPem = join(pki.dir, 'notes.txt');
  writeFileSync(notPem, 'this is not a certificate\n');
  derCert = join(pki.dir, 'ca.der');
  execFileSync('openssl', ['x509', '-in', pki.caCert, '-outform', 'der', '-out', derCert]);
  encryptedKey = join(pki.dir, 'encrypted.key');
  execFileSync('openssl', ['pkey', '-in', pki.clientKey, '-aes256', '-passout', 'pass:secret', '-out', encryptedKey]);
});

afterAll(() => pki?.dispose());

function tls(overrides: Partial<TlsSettings>): TlsSettings {
  return { ...defaultConnectionSettings().tls, enabled: true, ...overrides };
}

function tlsError(settings: TlsSettings): { message: string; field: unknown } {
  const result = loadSecurityMaterial(settings, true, 'localhost');
  if (result.ok) throw new Error('expected a TLS error');
  expect(result.error.code).toBe('TLS');
  return { message: result.error.message, field: result.error.details?.field };
}

describe('loadSecurityMaterial', () => {
  it('plaintext needs no files and yields insecure credentials', () => {
    const material = loadSecurityMaterial(tls({ enabled: false, caPath: '/ignored' }), false, 'localhost');
    expect(material.ok && material.value.description).toMatchObject({ tls: false, serverName: null, caPath: '' });
    expect(material.ok && createChannelCredentials(material.value).ok).toBe(true);
  });

  it('reads a CA, a client certificate and its key', () => {
    const material = loadSecurityMaterial(tls({ caPath: pki.caCert, certPath: pki.clientCert, keyPath: pki.clientKey }), true, 'localhost');
    if (!material.ok) throw new Error(material.error.message);
    expect(material.value.ca).not.toBeNull();
    expect(material.value.description).toMatchObject({ tls: true, serverName: 'localhost', serverNameOverridden: false });
    const credentials = createChannelCredentials(material.value);
    expect(credentials.ok && credentials.value._isSecure()).toBe(true);
  });

  it('the name override sets the TLS name and :authority', () => {
    const material = loadSecurityMaterial(tls({ serverNameOverride: 'test.example.com' }), true, '127.0.0.1');
    expect(material.ok && material.value.options).toEqual({ 'grpc.ssl_target_name_override': 'test.example.com', 'grpc.default_authority': 'test.example.com' });
    expect(material.ok && material.value.description.serverName).toBe('test.example.com');
    const bad = tlsError(tls({ serverNameOverride: 'https://x.example.com:443' }));
    expect(bad.field).toBe('serverNameOverride');
  });

  it('the fingerprint follows file contents and skip-verify', () => {
    const fp = (settings: TlsSettings) => {
      const material = loadSecurityMaterial(settings, true, 'localhost');
      if (!material.ok) throw new Error(material.error.message);
      return material.value.fingerprint;
    };
    expect(fp(tls({ caPath: pki.caCert }))).toBe(fp(tls({ caPath: pki.caCert })));
    expect(fp(tls({ caPath: pki.caCert }))).not.toBe(fp(tls({ caPath: pki.otherCaCert })));
    expect(fp(tls({ caPath: pki.caCert }))).not.toBe(fp(tls({ caPath: pki.caCert, skipVerify: true })));
  });

  it.each([
    ['a missing CA file', () => tls({ caPath: join('/nonexistent', 'ca.pem') }), 'caPath', /'CA certificate' file \/nonexistent\/ca\.pem does not exist/],
    ['a folder as CA', () => tls({ caPath: pki.dir }), 'caPath', /^'CA certificate': ".*" is a folder, not a file\. Choose the PEM file itself\.$/],
    ['a CA that is not PEM', () => tls({ caPath: notPem }), 'caPath', /'CA certificate' \(.*notes\.txt\) is not a PEM certificate/],
    ['a DER CA', () => tls({ caPath: derCert }), 'caPath', /looks binary \(DER\?\)/],
    ['a key given as CA', () => tls({ caPath: pki.clientKey }), 'caPath', /holds a private key/],
    ['a certificate without key', () => tls({ certPath: pki.clientCert }), 'keyPath', /'Client key' is empty/],
    ['a key without certificate', () => tls({ keyPath: pki.clientKey }), 'certPath', /'Client certificate' is empty/],
    ['a certificate given as key', () => tls({ certPath: pki.clientCert, keyPath: pki.clientCert }), 'keyPath', /'Client key' .* is not a PEM private key.*holds a certificate/],
    ['a key that does not match', () => tls({ certPath: pki.clientCert, keyPath: pki.serverKey }), 'keyPath', /does not belong to 'Client certificate'/],
    ['an encrypted key', () => tls({ certPath: pki.clientCert, keyPath: encryptedKey }), 'keyPath', /encrypted with a passphrase/],
  ])('%s names the field', (_name, settings, field, message) => {
    const problem = tlsError(settings());
    expect(problem.field).toBe(field);
    expect(problem.message).toMatch(message);
  });

  describe('only regular files of at most 1 MiB are read, and good files load after a refusal', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'wb-tls-files-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    function refusedThenGood(settings: TlsSettings): { message: string; field: unknown } {
      const problem = tlsError(settings);
      const good = loadSecurityMaterial(tls({ caPath: pki.caCert, certPath: pki.clientCert, keyPath: pki.clientKey }), true, 'localhost');
      expect(good.ok ? null : good.error).toBeNull();
      return problem;
    }

    it('a FIFO as CA (reading it would hang)', { timeout: 3000 }, () => {
      const fifo = join(dir, 'ca.pem');
      execFileSync('mkfifo', [fifo]);
      expect(refusedThenGood(tls({ caPath: fifo }))).toEqual({
        field: 'caPath',
        message: `'CA certificate': "${fifo}" is a named pipe (FIFO), not a regular file; only regular files are read. Choose the PEM file itself.`,
      });
    });

    it('/dev/zero as client key', { timeout: 3000 }, () => {
      expect(refusedThenGood(tls({ certPath: pki.clientCert, keyPath: '/dev/zero' }))).toEqual({
        field: 'keyPath',
        message: `'Client key': "/dev/zero" is a character device, not a regular file; only regular files are read. Choose the PEM file itself.`,
      });
    });

    it('a client certificate over 1 MiB', { timeout: 3000 }, () => {
      const big = join(dir, 'big.pem');
      writeFileSync(big, '');
      truncateSync(big, 2 * 1024 * 1024);
      expect(refusedThenGood(tls({ certPath: big, keyPath: pki.clientKey }))).toEqual({
        field: 'certPath',
        message: `'Client certificate': "${big}" is 2 MiB, more than the 1 MiB limit for TLS certificate and key files; it was not read. Choose the PEM file itself.`,
      });
    });
  });
});
