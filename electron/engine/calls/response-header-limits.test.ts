import { Metadata, Server, ServerCredentials, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelPool } from '../transport/channel-pool';
import { CallRegistry } from './call-registry';
import { ECHO_SERVICE } from '../../../test/support/transport-codec';
import { startEcho, statusOf } from '../../../test/support/transport-calls';
import { startPythonPeer, type PythonPeer } from '../../../test/support/python-peer';

const identity = (b: Buffer): Buffer => b;

/** A grpc-js server whose Unary answers with `count` header entries (x-count overrides), in the trailers when asked. */
async function manyHeadersServer(count: number): Promise<{ address: string; close: () => void }> {
  const server = new Server();
  server.register(
    `/${ECHO_SERVICE}/Unary`,
    (call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>) => {
      const many = new Metadata();
      const wanted = Number(call.metadata.get('x-count')[0] ?? count);
      for (let i = 0; i < wanted; i++) many.set(`x-h${i}`, 'v');
      const inTrailers = call.metadata.get('x-in-trailers').length > 0;
      if (!inTrailers) call.sendMetadata(many);
      callback(null, Buffer.alloc(0), inTrailers ? many : undefined);
    },
    identity,
    identity,
    'unary',
  );
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
  return { address: `127.0.0.1:${port}`, close: () => server.forceShutdown() };
}

describe('response header limits', () => {
  let pool: ChannelPool;
  let registry: CallRegistry;
  beforeAll(() => {
    pool = new ChannelPool();
    registry = new CallRegistry({ pool });
  });
  afterAll(async () => {
    await registry.dispose();
    pool.closeAll();
  });

  it('1,000 response header entries from a grpc-js server: the call names the 128-field limit, and the channel goes on', async () => {
    const server = await manyHeadersServer(1000);
    try {
      const refused = startEcho(registry, server.address, 'Unary', { requestJson: '{}' });
      const status = statusOf(await refused.call.ended);
      expect(status.codeName).toBe('RESOURCE_EXHAUSTED');
      expect(status.details).toMatch(/response headers carry more than 128 header fields/);
      expect(status.details).toMatch(/\(grpc-js: Bandwidth exhausted or memory limit exceeded\)$/);

      const inTrailers = startEcho(registry, server.address, 'Unary', { requestJson: '{}', metadata: [{ key: 'x-in-trailers', value: '1' }] });
      expect(statusOf(await inTrailers.call.ended).details).toMatch(/trailers carry more than 128 header fields/);
      // The same channel still works for a normal call.
      const ok = startEcho(registry, server.address, 'Unary', { requestJson: '{}', metadata: [{ key: 'x-count', value: '3' }] });
      expect(statusOf(await ok.call.ended).code).toBe(0);
      expect(ok.started.ok && refused.started.ok && ok.started.value.channelId === refused.started.value.channelId).toBe(true);
    } finally {
      server.close();
    }
  });

  describe('python3-grpcio', () => {
    let peer: PythonPeer;
    beforeAll(async () => {
      peer = await startPythonPeer('many_headers_server.py', ['1000']);
    });
    afterAll(() => peer.stop());

    it('1,000 response header entries: the same message, and the next call on the channel succeeds', async () => {
      const refused = startEcho(registry, peer.address, 'Unary', { requestJson: '{}' });
      const status = statusOf(await refused.call.ended);
      expect(status.codeName).toBe('RESOURCE_EXHAUSTED');
      expect(status.details).toMatch(/response headers carry more than 128 header fields/);
      const next = startEcho(registry, peer.address, 'ClientStream', {});
      expect(next.started.ok).toBe(true);
      if (next.started.ok) registry.halfClose(next.started.value.callId);
      expect(statusOf(await next.call.ended).code).toBe(0);
    });
  });
});
