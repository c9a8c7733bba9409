import { ServerCredentials } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConnectionSettings, type TlsSettings } from '../../../shared/connection';
import { CallRegistry } from '../calls/call-registry';
import { ChannelPool } from './channel-pool';
import { createTestPki, type TestPki } from '../../../test/support/transport-pki';
import { startEchoServer, type EchoServer } from '../../../test/support/transport-server';
import { expectWellFormed, messagesOf, startEcho, statusOf } from '../../../test/support/transport-calls';

let pki: TestPki;
let tlsServer: EchoServer; // certificate for localhost and 127.0.0.1
let namedServer: EchoServer; // certificate for test.example.com only
let mtlsServer: EchoServer; // requires a client certificate from the test CA
let plainServer: EchoServer;
let pool: ChannelPool;
let registry: CallRegistry;

beforeAll(async () => {
  pki = createTestPki();
  const serverCreds = (cert: string, key: string, clientCa: string | null) =>
    ServerCredentials.createSsl(clientCa ? pki.read(clientCa) : null, [{ cert_chain: pki.read(cert), private_key: pki.read(key) }], clientCa !== null);
  [tlsServer, namedServer, mtlsServer, plainServer] = await Promise.all([
    startEchoServer({ credentials: serverCreds(pki.serverCert, pki.serverKey, null) }),
    startEchoServer({ credentials: serverCreds(pki.namedCert, pki.namedKey, null) }),
    startEchoServer({ credentials: serverCreds(pki.serverCert, pki.serverKey, pki.caCert) }),
    startEchoServer(),
  ]);
  pool = new ChannelPool();
  registry = new CallRegistry({ pool });
});

afterAll(async () => {
  await registry.dispose();
  pool.closeAll();
  await Promise.all([tlsServer, namedServer, mtlsServer, plainServer].map((s) => s?.close()));
  pki?.dispose();
});

function tls(overrides: Partial<TlsSettings>): TlsSettings {
  return { ...defaultConnectionSettings().tls, enabled: true, ...overrides };
}

async function unary(target: string, tlsSettings: TlsSettings) {
  const { started, call } = startEcho(registry, target, 'Unary', { requestJson: '{"text":"secure"}', connection: { tls: tlsSettings } });
  if (!started.ok) throw new Error(`${started.error.code}: ${started.error.message}`);
  const events = await call.ended;
  expectWellFormed(events);
  return { started: started.value, events, status: statusOf(events) };
}

describe('TLS that works', () => {
  it('custom CA', async () => {
    const { status, events } = await unary(`localhost:${tlsServer.port}`, tls({ caPath: pki.caCert }));
    expect(status.codeName).toBe('OK');
    expect(JSON.parse(messagesOf(events, 'received')[0]?.json ?? '')).toEqual({ text: 'secure' });
  });

  it('server name override: a certificate for test.example.com, reached at 127.0.0.1', async () => {
    const { status } = await unary(`127.0.0.1:${namedServer.port}`, tls({ caPath: pki.caCert, serverNameOverride: 'test.example.com' }));
    expect(status.codeName).toBe('OK');
  });

  it('skip verification accepts an untrusted certificate for another name', async () => {
    const { status } = await unary(`127.0.0.1:${namedServer.port}`, tls({ skipVerify: true }));
    expect(status.codeName).toBe('OK');
  });

  it('mTLS with the client certificate and key', async () => {
    const { status } = await unary(`localhost:${mtlsServer.port}`, tls({ caPath: pki.caCert, certPath: pki.clientCert, keyPath: pki.clientKey }));
    expect(status.codeName).toBe('OK');
  });

  it('https:// turns TLS on and says so', async () => {
    const { status, started } = await unary(`https://localhost:${tlsServer.port}`, { ...tls({ caPath: pki.caCert }), enabled: false });
    expect(status.codeName).toBe('OK');
    expect(started.tlsImpliedByScheme).toBe(true);
  });
});

describe('TLS mismatches say what to do', () => {
  it('wrong CA', async () => {
    const { status } = await unary(`localhost:${tlsServer.port}`, tls({ caPath: pki.otherCaCert }));
    expect(status.codeName).toBe('UNAVAILABLE');
    expect(status.details).toContain(`the server's certificate is not signed by the CA in 'CA certificate' (${pki.otherCaCert})`);
    expect(status.details).toMatch(/Skip certificate verification/);
  });

  it('system roots against a private CA', async () => {
    const { status } = await unary(`localhost:${tlsServer.port}`, tls({}));
    expect(status.details).toMatch(/not signed by a CA in the system trust store.*Set 'CA certificate'/);
  });

  it('certificate for another name', async () => {
    const { status } = await unary(`127.0.0.1:${namedServer.port}`, tls({ caPath: pki.caCert }));
    expect(status.details).toMatch(/not valid for "127\.0\.0\.1".*'Server name override'/);
  });

  it('server name override that is not in the certificate', async () => {
    const { status } = await unary(`127.0.0.1:${namedServer.port}`, tls({ caPath: pki.caCert, serverNameOverride: 'other.example.com' }));
    expect(status.details).toMatch(/not valid for "other\.example\.com", the name in 'Server name override' \(the certificate is for DNS:test\.example\.com\)/);
  });

  it('mTLS server without a client certificate', async () => {
    const { status } = await unary(`localhost:${mtlsServer.port}`, tls({ caPath: pki.caCert }));
    expect(status.codeName).toBe('UNAVAILABLE');
    expect(status.details).toMatch(/requires a client certificate \(mTLS\).*Set 'Client certificate' and 'Client key'/);
  });

  it('mTLS server with a client certificate it does not trust', async () => {
    const { status } = await unary(`localhost:${mtlsServer.port}`, tls({ caPath: pki.caCert, certPath: pki.otherCaCert, keyPath: pki.otherCaCert.replace(/\.crt$/, '.key') }));
    expect(status.codeName).toBe('UNAVAILABLE');
    expect(status.details).toContain(`client certificate in 'Client certificate' (${pki.otherCaCert})`);
  });

  it('TLS client, plaintext server', async () => {
    const { status } = await unary(`127.0.0.1:${plainServer.port}`, tls({ caPath: pki.caCert }));
    expect(status.details).toMatch(/answered in plaintext, not TLS\. Turn TLS off/);
  });

  it('plaintext client, TLS server', async () => {
    const { status } = await unary(`127.0.0.1:${tlsServer.port}`, { ...tls({}), enabled: false });
    expect(status.codeName).toBe('UNAVAILABLE');
    expect(status.details).toMatch(/closed the connection before the HTTP\/2 handshake finished\. If the server uses TLS, turn TLS on/);
  });
});

describe('TLS settings errors come back from start', () => {
  it('names the field and file', () => {
    const missing = startEcho(registry, `localhost:${tlsServer.port}`, 'Unary', { requestJson: '{}', connection: { tls: tls({ caPath: '/no/such/ca.pem' }) } }).started;
    expect(!missing.ok && missing.error).toMatchObject({ code: 'TLS', details: { field: 'caPath' } });
    expect(!missing.ok && missing.error.message).toMatch(/'CA certificate' file \/no\/such\/ca\.pem does not exist/);
    const mismatch = startEcho(registry, `localhost:${tlsServer.port}`, 'Unary', { requestJson: '{}', connection: { tls: tls({ certPath: pki.clientCert, keyPath: pki.serverKey }) } }).started;
    expect(!mismatch.ok && mismatch.error.message).toMatch(/'Client key' .* does not belong to 'Client certificate'/);
  });
});
