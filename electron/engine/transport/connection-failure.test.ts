import { afterAll, describe, expect, it } from 'vitest';
import { CallRegistry } from '../calls/call-registry';
import { ChannelPool } from './channel-pool';
import { cleanGrpcDetails, explainConnectionFailure, type FailureContext } from './connection-failure';
import { expectWellFormed, startEcho, statusOf } from '../../../test/support/transport-calls';

const plain: FailureContext = {
  target: 'api.example.com:443',
  security: { tls: false, caPath: '', certPath: '', keyPath: '', serverName: null, serverNameOverridden: false, skipVerify: false },
};
const tls: FailureContext = { ...plain, security: { ...plain.security, tls: true, serverName: 'api.example.com' } };

describe('explainConnectionFailure (grpc-js details as they appear)', () => {
  it('strips grpc-js boilerplate and OpenSSL noise', () => {
    expect(cleanGrpcDetails('No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:1. Resolution note: ')).toBe('connect ECONNREFUSED 127.0.0.1:1');
    expect(cleanGrpcDetails('No connection established. Last error: 80EC07F62B7F0000:error:0A00045C:SSL routines:ssl3_read_bytes:tlsv13 alert certificate required:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 116\n (2026-11-23T10:44:55.487Z). Resolution note: '))
      .toBe('SSL: tlsv13 alert certificate required');
  });

  it('a host name that did not resolve is named, with the reason its own lookup gave (or without one while it runs)', () => {
    const failed = { ...plain, resolution: { host: 'api.example.com', failure: () => 'the DNS server did not answer (getaddrinfo EAI_AGAIN): a temporary failure, or no network', addresses: () => [], pending: () => null } };
    expect(explainConnectionFailure('Name resolution failed for target dns:///api.example.com:443', failed)).toBe(
      'The name api.example.com could not be resolved: the DNS server did not answer (getaddrinfo EAI_AGAIN): a temporary failure, or no network. Check the spelling of the address and your network or DNS settings. (grpc-js: Name resolution failed for target dns:///api.example.com:443)',
    );
    const pending = { ...failed, resolution: { ...failed.resolution, failure: () => null } };
    expect(explainConnectionFailure('Name resolution failed for target dns:///api.example.com:443', pending)).toMatch(/^The name api\.example\.com could not be resolved\. Check the spelling/);
  });

  it.each([
    [plain, 'Name resolution failed for target dns:nonexistent.invalid:50051', /Could not resolve the host name of api\.example\.com:443/],
    [plain, 'No connection established. Last error: Error: getaddrinfo ENOTFOUND nope.invalid. Resolution note: ', /Could not resolve/],
    [plain, 'No connection established. Last error: Error: connect ETIMEDOUT 10.1.1.1:443. Resolution note: ', /the network did not answer/],
    [tls, 'No connection established. Last error: Error: certificate has expired. Resolution note: ', /certificate has expired/],
    [tls, 'No connection established. Last error: Error: self-signed certificate. Resolution note: ', /not signed by a CA in the system trust store/],
    [tls, 'No connection established. Last error: Error: read ECONNRESET. Resolution note: ', /closed the connection during the TLS handshake.*require a client certificate/],
    [plain, 'No connection established. Last error: Protocol error (2026-12-03T12:25:57.982Z). Resolution note: ', /accepted the TCP connection but never completed the HTTP\/2 handshake: it answered with something that is not HTTP\/2\. Is it a TLS server\?.*Is it an HTTP\/1 server/],
  ])('%#: %s', (context, details, expected) => {
    const explained = explainConnectionFailure(details, context);
    expect(explained).toMatch(expected);
    expect(explained).toMatch(/\(grpc-js: .+\)$/);
  });

  it('leaves details it does not recognise alone', () => {
    expect(explainConnectionFailure('Received RST_STREAM with code 2', plain)).toBeNull();
  });
});

describe('a unix socket that does not exist', () => {
  const pool = new ChannelPool();
  const registry = new CallRegistry({ pool });
  afterAll(async () => {
    await registry.dispose();
    pool.closeAll();
  });

  it('says there is no server socket at that path', async () => {
    const { started, call } = startEcho(registry, 'unix:///tmp/grpc-workbench-no-such-dir/server.sock', 'Unary', { requestJson: '{}' });
    expect(started.ok).toBe(true);
    const events = await call.ended;
    expectWellFormed(events);
    expect(statusOf(events).details).toMatch(/^There is no server socket at unix:\/\/\/tmp\/grpc-workbench-no-such-dir\/server\.sock\. Check the path/);
  });
});
