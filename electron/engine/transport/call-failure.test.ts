import { ServerCredentials } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConnectionSettings, type ConnectionSettings, type TlsSettings } from '../../../shared/connection';
import { CallRegistry } from '../calls/call-registry';
import { Metadata } from '@grpc/grpc-js';
import { explainCallEnd, type CallEnd, type ChannelFacts } from './call-failure';
import { ChannelPool } from './channel-pool';
import { ConnectionMonitor } from './connection-monitor';
import { collectEvents, expectWellFormed, startEcho, statusOf, type StartEchoOptions } from '../../../test/support/transport-calls';
import { echoCodec, echoMethod, echoStatusDecoder } from '../../../test/support/transport-codec';
import { createTestPki, type TestPki } from '../../../test/support/transport-pki';
import { startEchoServer, type EchoServer } from '../../../test/support/transport-server';
import { startStrictPingServer, type PythonServer } from '../../../test/support/transport-peers';
import { reflectOnPool } from '../../../test/support/reflect-on-pool';
import {
  startGarbageTcpServer,
  startHttp1Server,
  startPlainHttp2Server,
  startSilentTcpServer,
  unusedAddress,
} from '../../../test/support/non-grpc-peers';
import type { CallStatus } from '../../../shared/call-events';

// Every failure here is met twice, by a call and by server reflection, against a real server on
// 127.0.0.1: both must explain it in the same words (transport/call-failure.ts is the one source).

let monitor: ConnectionMonitor;
let pool: ChannelPool;
let registry: CallRegistry;
const servers: { close(): Promise<void> }[] = [];

beforeAll(() => {
  monitor = new ConnectionMonitor();
  pool = new ChannelPool({ monitor });
  registry = new CallRegistry({ pool });
});

afterAll(async () => {
  await registry.dispose();
  pool.closeAll();
  monitor.dispose();
  await Promise.all(servers.map((server) => server.close()));
});

async function serve<T extends { close(): Promise<void> }>(started: Promise<T>): Promise<T> {
  const server = await started;
  servers.push(server);
  return server;
}

async function unary(target: string, options: StartEchoOptions = {}): Promise<CallStatus> {
  const { started, call } = startEcho(registry, target, 'Unary', { requestJson: '{"text":"hi"}', ...options });
  if (!started.ok) throw new Error(`${started.error.code}: ${started.error.message}`);
  const events = await call.ended;
  expectWellFormed(events);
  return statusOf(events);
}

/** A unary call of EchoService/<name> (a method the test server may not have, or one only the python peer has). */
async function callMethod(name: string, connection: ConnectionSettings): Promise<CallStatus> {
  const call = collectEvents();
  const started = registry.start({
    method: { ...echoMethod('Unary'), name, fullName: `transport.test.EchoService.${name}`, path: `/transport.test.EchoService/${name}` },
    codec: echoCodec(),
    statusDecoder: echoStatusDecoder,
    connection,
    metadata: [],
    deadlineMs: 15_000,
    requestJson: '{"text":"hi"}',
    options: { emitDefaults: false },
    sink: call.sink,
  });
  if (!started.ok) throw new Error(`${started.error.code}: ${started.error.message}`);
  return statusOf(await call.ended);
}

async function reflectionError(target: string, connection: Partial<ConnectionSettings> = {}, deadlineMs = 20_000): Promise<string> {
  const result = await reflectOnPool(target, { connection, deadline: Date.now() + deadlineMs });
  if (result.ok) throw new Error('reflection unexpectedly worked');
  expect(result.error.code).toBe('REFLECTION');
  return result.error.message;
}

/** The explanation without grpc-js's own words, which differ between a unary call and a stream. */
function explanation(text: string): string {
  return text.replace(/ \(grpc-js: .*\)$/, '');
}

describe('a server that is not a gRPC server', () => {
  it('HTTP/2 200 text/html (the HTML page grpc-js read as a 1752460652-byte message)', async () => {
    const web = await serve(startPlainHttp2Server(200, 'text/html', '<html><body>Welcome</body></html>'));
    const status = await unary(web.address);
    expect(status.codeName).toBe('RESOURCE_EXHAUSTED');
    expect(status.details).toMatch(new RegExp(`^The server at ${web.address.replace(/\./g, '\\.')} is not a gRPC server: it answered HTTP 200 with content-type "text/html", where a gRPC server answers 200 with "application/grpc"\\.`));
    expect(status.details).toContain('(grpc-js: Received message larger than max (1752460652');
    const reflected = await reflectionError(web.address);
    expect(explanation(reflected)).toBe(explanation(status.details));
  });

  it('HTTP/2 404 with an HTML page: not "UNIMPLEMENTED", and reflection does not call it "no reflection"', async () => {
    const web = await serve(startPlainHttp2Server(404, 'text/html; charset=utf-8', '<html>Not found</html>'));
    const status = await unary(web.address);
    expect(status.details).toMatch(/is not a gRPC server: it answered HTTP 404 with content-type "text\/html; charset=utf-8"/);
    const reflected = await reflectionError(web.address);
    expect(explanation(reflected)).toBe(explanation(status.details));
    expect(reflected).not.toMatch(/does not offer server reflection/);
  });

  it('HTTP/2 200 application/json (a REST API)', async () => {
    const api = await serve(startPlainHttp2Server(200, 'application/json', '{"ok":true}'));
    expect((await unary(api.address)).details).toMatch(/is not a gRPC server: it answered HTTP 200 with content-type "application\/json"/);
  });

  it('an HTTP/1.1-only server: the HTTP/2 handshake never completes, and the hint names HTTP/1', async () => {
    const web = await serve(startHttp1Server());
    const status = await unary(web.address);
    expect(status.codeName).toBe('UNAVAILABLE');
    expect(status.details).toMatch(/^The server at 127\.0\.0\.1:\d+ accepted the TCP connection but never completed the HTTP\/2 handshake: it answered with something that is not HTTP\/2\. Is it a TLS server\? .*Is it an HTTP\/1 server/);
    expect(explanation(await reflectionError(web.address))).toBe(explanation(status.details));
  });
});

describe("a gRPC server's own errors keep their words", () => {
  it('an application error and an unknown method are not "not a gRPC server"', async () => {
    const echo = await serve(startEchoServer());
    const failed = await unary(echo.address, { requestJson: '{"failCode":14,"failMessage":"backend is warming up"}' });
    expect(failed).toMatchObject({ codeName: 'UNAVAILABLE', details: 'backend is warming up' });
    const unknown = await callMethod('Missing', defaultConnectionSettings(echo.address));
    expect(unknown.codeName).toBe('UNIMPLEMENTED');
    expect(unknown.details).not.toMatch(/not a gRPC server/);
  });
});

describe('a server that accepts TCP and never completes the HTTP/2 handshake', () => {
  it('never writes: at the deadline the call says so instead of "Waiting for LB pick"', async () => {
    const silent = await serve(startSilentTcpServer());
    const status = await unary(silent.address, { deadlineMs: 600 });
    expect(status.codeName).toBe('DEADLINE_EXCEEDED');
    expect(status.details).toMatch(new RegExp(`^The server at ${silent.address.replace(/\./g, '\\.')} accepted the TCP connection but never completed the HTTP/2 handshake \\(no HTTP/2 SETTINGS from it in \\d+\\.\\d s\\)\\. Is it a TLS server\\? Then turn TLS on`));
    expect(status.details).toMatch(/Is it an HTTP\/1 server/);
    const reflected = await reflectionError(silent.address, {}, 600);
    expect(reflected).toMatch(/accepted the TCP connection but never completed the HTTP\/2 handshake/);
  });

  it('never writes, no deadline: a user who cancels the waiting call is told why it waited', async () => {
    const silent = await serve(startSilentTcpServer());
    const { started, call } = startEcho(registry, silent.address, 'Unary', { requestJson: '{}' });
    if (!started.ok) throw new Error(started.error.message);
    // The connection is up (the server accepted it) and still waits for the server's SETTINGS.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(registry.cancel(started.value.callId).ok).toBe(true);
    const status = statusOf(await call.ended);
    expect(status.codeName).toBe('CANCELLED');
    expect(status.details).toMatch(/accepted the TCP connection but never completed the HTTP\/2 handshake/);
  });

  it('never writes, with TLS on: the call says the TLS handshake got no answer', async () => {
    const silent = await serve(startSilentTcpServer());
    const status = await unary(silent.address, { deadlineMs: 600, connection: { tls: { ...defaultConnectionSettings().tls, enabled: true } } });
    expect(status.codeName).toBe('DEADLINE_EXCEEDED');
    expect(status.details).toMatch(/^The server at 127\.0\.0\.1:\d+ accepted the TCP connection but never answered the TLS handshake \(no reply to the TLS ClientHello in \d+\.\d s\)/);
  });

  it('writes garbage: the call says it at once', async () => {
    const garbage = await serve(startGarbageTcpServer());
    const status = await unary(garbage.address, { deadlineMs: 5_000 });
    expect(status.codeName).toBe('UNAVAILABLE');
    expect(status.details).toMatch(/accepted the TCP connection but never completed the HTTP\/2 handshake: it answered with something that is not HTTP\/2/);
  });

  it('a server that is not there at all is "refused", not a handshake problem', async () => {
    const address = await unusedAddress();
    const status = await unary(address, { deadlineMs: 5_000 });
    expect(status.details).toMatch(/^Could not connect to 127\.0\.0\.1:\d+: the connection was refused\./);
    expect(explanation(await reflectionError(address))).toBe(explanation(status.details));
  });
});

describe('reflection fails the way calls do', () => {
  let pki: TestPki;
  let tlsServer: EchoServer;
  let plainServer: EchoServer;
  let python: PythonServer;
  beforeAll(async () => {
    pki = createTestPki();
    const credentials = ServerCredentials.createSsl(null, [{ cert_chain: pki.read(pki.serverCert), private_key: pki.read(pki.serverKey) }], false);
    [tlsServer, plainServer, python] = await Promise.all([startEchoServer({ credentials }), startEchoServer(), startStrictPingServer()]);
    servers.push(tlsServer, plainServer, python);
  });
  afterAll(() => pki?.dispose());

  const tls = (overrides: Partial<TlsSettings> = {}): TlsSettings => ({ ...defaultConnectionSettings().tls, enabled: true, ...overrides });

  it('TLS client, plaintext server', async () => {
    const connection = { tls: tls({ caPath: pki.caCert }) };
    const status = await unary(`localhost:${plainServer.port}`, { connection });
    expect(status.details).toMatch(/answered in plaintext, not TLS\. Turn TLS off/);
    expect(explanation(await reflectionError(`localhost:${plainServer.port}`, connection))).toBe(explanation(status.details));
  });

  it('plaintext client, TLS server', async () => {
    const status = await unary(`localhost:${tlsServer.port}`);
    expect(status.details).toMatch(/If the server uses TLS, turn TLS on/);
    expect(explanation(await reflectionError(`localhost:${tlsServer.port}`))).toBe(explanation(status.details));
  });

  it('wrong CA', async () => {
    const connection = { tls: tls({ caPath: pki.otherCaCert }) };
    const status = await unary(`localhost:${tlsServer.port}`, { connection });
    expect(status.details).toContain(`not signed by the CA in 'CA certificate' (${pki.otherCaCert})`);
    expect(explanation(await reflectionError(`localhost:${tlsServer.port}`, connection))).toBe(explanation(status.details));
  });

  it('a python3-grpcio server without reflection: UNIMPLEMENTED for v1 and v1alpha', async () => {
    const address = `127.0.0.1:${python.port}`;
    expect(await reflectionError(address)).toBe(`The server at ${address} does not offer server reflection (UNIMPLEMENTED for v1 and v1alpha). Import its .proto files instead.`);
  });
});

describe('GOAWAY ENHANCE_YOUR_CALM (too_many_pings)', () => {
  it("ends the running call with the server's reason and the keepalive to change (python3-grpcio)", async () => {
    const strict = await serve(startStrictPingServer());
    const status = await callMethod('Hold', {
      ...defaultConnectionSettings(`127.0.0.1:${strict.port}`),
      keepalive: { timeMs: 100, timeoutMs: null, permitWithoutCalls: false },
    });
    expect(status.codeName).not.toBe('OK');
    expect(status.details).toMatch(/^The call ended because the server closed the connection with GOAWAY ENHANCE_YOUR_CALM \(too_many_pings\): your keepalive time \(100 ms\) is shorter than the server allows\. Raise 'Keepalive time \(ms\)'/);
  });
});

describe('which GOAWAY explains which call (facts given directly)', () => {
  const startedAt = Date.now();
  const facts: ChannelFacts = {
    target: 'api.example.com:443',
    security: { tls: false, caPath: '', certPath: '', keyPath: '', serverName: null, serverNameOverridden: false, skipVerify: false },
    keepaliveTimeMs: 1000,
    lastGoaway: () => ({ errorCode: 11, errorName: 'ENHANCE_YOUR_CALM', debugData: 'too_many_pings', at: startedAt + 5, lastStreamId: 1, endedCalls: [], endedCallsTotal: 0 }),
    pendingHandshake: () => null,
    isReady: () => true,
  };
  const grpcHeaders = new Metadata();
  grpcHeaders.set('content-type', 'application/grpc');
  const end = (code: number, details: string, callStartedAt = startedAt): CallEnd => ({ code, details, headers: grpcHeaders, trailers: new Metadata(), startedAt: callStartedAt });

  it("the reset the GOAWAY caused is explained; the server's own RESOURCE_EXHAUSTED is not", () => {
    expect(explainCallEnd(end(8, 'Bandwidth exhausted or memory limit exceeded'), facts)).toMatch(/GOAWAY ENHANCE_YOUR_CALM \(too_many_pings\): your keepalive time \(1000 ms\)/);
    expect(explainCallEnd(end(8, 'quota of 10 calls per minute exceeded'), facts)).toBeNull();
  });

  it('a CANCELLED the server caused after its GOAWAY is explained; one this side asked for is not', () => {
    expect(explainCallEnd(end(1, 'Call cancelled'), facts)).toMatch(/GOAWAY ENHANCE_YOUR_CALM/);
    expect(explainCallEnd({ ...end(1, 'Call cancelled'), cancelledHere: true }, facts)).toBeNull();
  });

  it('a GOAWAY from before the call started is not this call\'s reason: a dropped connection is said as such', () => {
    expect(explainCallEnd(end(14, 'Connection dropped', startedAt + 10), facts)).toBe(
      'The connection to api.example.com:443 was lost while the call was running: the server closed it or stopped. The messages received so far are kept. Check that the server is running, then try again. (grpc-js: Connection dropped)',
    );
  });
});

describe('deadlines and message sizes name the setting and the sizes (facts given directly)', () => {
  const facts: ChannelFacts = {
    target: '127.0.0.1:50051',
    security: { tls: false, caPath: '', certPath: '', keyPath: '', serverName: null, serverNameOverridden: false, skipVerify: false },
    keepaliveTimeMs: null,
    lastGoaway: () => null,
    pendingHandshake: () => null,
    isReady: () => true,
    messageLimits: { receiveBytes: 10_002, sendBytes: 101 },
  };
  const headers = new Metadata();
  const end = (code: number, details: string, more: Partial<CallEnd> = {}): CallEnd => ({ code, details, headers: null, trailers: new Metadata(), startedAt: Date.now(), ...more });

  it('a client deadline says how long it was and whether the server had answered', () => {
    const raw = 'Deadline exceeded after 0.151s,LB pick: 0.001s,remote_addr=127.0.0.1:50051';
    expect(explainCallEnd(end(4, raw, { deadlineMs: 150 }), facts)).toBe(
      `The deadline of 150 ms passed before the server answered: no response headers came from 127.0.0.1:50051. Raise the deadline (or leave it empty for none) if the call needs longer. (grpc-js: ${raw})`,
    );
    expect(explainCallEnd(end(4, raw, { deadlineMs: 1500, headers }), facts)).toMatch(/^The deadline of 1,500 ms passed while the server was still answering: it had sent its response headers, but not the end of the call\. Messages received before it are kept\./);
    expect(explainCallEnd(end(4, 'Deadline exceeded after 1.001s,Waiting for LB pick', { deadlineMs: 1000 }), facts)).toMatch(/^The deadline of 1,000 ms passed before the call was sent: it was still waiting for a connection to 127\.0\.0\.1:50051\./);
    // A DEADLINE_EXCEEDED the server sent (its own upstream timed out) keeps the server's words.
    expect(explainCallEnd(end(4, 'upstream billing timed out', { deadlineMs: 150, headers }), facts)).toBeNull();
  });

  it("a received message over this channel's limit names 'Max receive message size (bytes)'; over the server's limit, the server", () => {
    expect(explainCallEnd(end(8, 'Received message larger than max (10003 vs 10002)', { headers }), facts)).toBe(
      "The server's response message is 10,003 bytes, more than this connection's 'Max receive message size (bytes)', 10,002 bytes, so it was refused. Raise 'Max receive message size (bytes)' in the Connection settings (-1 = unlimited) to receive it. (grpc-js: Received message larger than max (10003 vs 10002))",
    );
    expect(explainCallEnd(end(8, 'Received message larger than max (33554437 vs 4194304)'), facts)).toMatch(/^The server refused the request message: it is 33,554,437 bytes, more than the server's own limit for messages it receives, 4,194,304 bytes\./);
  });

  it('a message over the send limit names maxSendBytes and the limit', () => {
    expect(explainCallEnd(end(8, 'Attempted to send message with a size larger than 101'), facts)).toMatch(/^A request message is larger than this connection's max send message size \(maxSendBytes\), 101 bytes, so it was not sent\..*\(grpc-js: Attempted to send message with a size larger than 101\)$/);
    // The server's own RESOURCE_EXHAUSTED keeps its words.
    expect(explainCallEnd(end(8, 'quota of 10 calls per minute exceeded'), facts)).toBeNull();
  });
});
