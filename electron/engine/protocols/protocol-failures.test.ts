// gRPC-Web and Connect calls to servers that do not speak them, or not in that HTTP version or
// without TLS, end with a status that says what is wrong and which setting to change; over TLS
// with the right CA they work in both HTTP versions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConnectionSettings, type ConnectionSettings } from '../../../shared/connection';
import { CallRegistry } from '../calls/call-registry';
import { ChannelPool } from '../transport/channel-pool';
import { startConnectPeer, type ConnectPeer } from '../../../test/support/connect-peer';
import { startEchoServer, type EchoServer } from '../../../test/support/transport-server';
import { createTestPki, type TestPki } from '../../../test/support/transport-pki';
import { messagesOf, startEcho, statusOf } from '../../../test/support/transport-calls';

let peer: ConnectPeer;
let tlsPeer: ConnectPeer;
let grpcOnly: EchoServer;
let pki: TestPki;
const pool = new ChannelPool();
let registry: CallRegistry;

beforeAll(async () => {
  pki = createTestPki();
  [peer, tlsPeer, grpcOnly] = await Promise.all([
    startConnectPeer(),
    startConnectPeer({ tls: { cert: pki.read(pki.serverCert), key: pki.read(pki.serverKey) } }),
    startEchoServer(),
  ]);
  registry = new CallRegistry({ pool, recordDir: null });
});

afterAll(async () => {
  await registry.dispose();
  pool.closeAll();
  await Promise.all([peer.close(), tlsPeer.close(), grpcOnly.close()]);
  pki.dispose();
});

async function unaryStatus(target: string, connection: Partial<ConnectionSettings>) {
  const { started, call } = startEcho(registry, target, 'Unary', { connection, requestJson: '{"text":"x"}', deadlineMs: 5_000 });
  if (!started.ok) throw new Error(started.error.message);
  const events = await call.ended;
  return { status: statusOf(events), received: messagesOf(events, 'received') };
}

describe('servers that do not speak the protocol', () => {
  it('gRPC-Web to a grpc-js server: it does not serve gRPC-Web, choose gRPC', async () => {
    const { status } = await unaryStatus(grpcOnly.address, { protocol: 'grpc-web' });
    expect(status.details).toContain(`The server at ${grpcOnly.address} does not serve gRPC-Web on this port: it answered HTTP 200 with content type "application/grpc`);
    expect(status.details).toContain('choose gRPC in Protocol');
  });

  it('Connect to a grpc-js server: HTTP 415, it does not serve Connect', async () => {
    const { status } = await unaryStatus(grpcOnly.address, { protocol: 'connect' });
    expect(status.details).toContain('does not serve Connect on this port: it answered HTTP 415');
  });

  it('HTTP/2 to an HTTP/1.1-only server: choose HTTP/1.1', async () => {
    const { status } = await unaryStatus(peer.http1Address, { protocol: 'connect', httpVersion: '2' });
    expect(status.details).toContain('did not answer in HTTP/2');
    expect(status.details).toContain('Choose HTTP/1.1 in HTTP version');
  });

  it('HTTP/1.1 to an HTTP/2-only server: choose HTTP/2', async () => {
    const { status } = await unaryStatus(peer.http2Address, { protocol: 'grpc-web', httpVersion: '1.1' });
    expect(status.details).toContain('did not answer in HTTP/1.1');
    expect(status.details).toContain('Choose HTTP/2 in HTTP version');
  });

  it('TLS to a plaintext server: turn TLS off', async () => {
    const { status } = await unaryStatus(peer.http2Address, { protocol: 'connect', tls: { ...defaultConnectionSettings().tls, enabled: true } });
    expect(status.details).toContain('answered in plaintext, not TLS. Turn TLS off');
  });
});

describe('TLS', () => {
  it.each([
    ['grpc-web', '2'],
    ['grpc-web', '1.1'],
    ['connect', '2'],
    ['connect', '1.1'],
  ] as const)('%s over HTTP/%s with the CA: OK', async (protocol, httpVersion) => {
    const tls = { ...defaultConnectionSettings().tls, enabled: true, caPath: pki.caCert };
    const { status, received } = await unaryStatus(`localhost:${tlsPeer.http2Address.split(':')[1]}`, { protocol, httpVersion, tls });
    expect(status, status.details).toMatchObject({ codeName: 'OK' });
    expect(received).toHaveLength(1);
  });

  it('without the CA: the certificate is not trusted, set the CA', async () => {
    const { status } = await unaryStatus(`localhost:${tlsPeer.http2Address.split(':')[1]}`, { protocol: 'connect', tls: { ...defaultConnectionSettings().tls, enabled: true } });
    expect(status.details).toContain('not signed by a CA in the system trust store');
  });
});
