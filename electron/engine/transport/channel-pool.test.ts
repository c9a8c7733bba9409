import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_RECEIVE_BYTES, defaultConnectionSettings, type ConnectionSettings } from '../../../shared/connection';
import { CallRegistry } from '../calls/call-registry';
import { buildChannelOptions, WORKBENCH_USER_AGENT } from './channel-options';
import { ChannelPool } from './channel-pool';
import { startEchoServer, type EchoServer } from '../../../test/support/transport-server';
import { messagesOf, startEcho, statusOf } from '../../../test/support/transport-calls';

function settings(target: string, overrides: Partial<ConnectionSettings> = {}): ConnectionSettings {
  return { ...defaultConnectionSettings(target), ...overrides };
}

describe('buildChannelOptions', () => {
  it('maps the shared settings to grpc-js options', () => {
    const options = buildChannelOptions(settings('x:1', {
      keepalive: { timeMs: 10_000, timeoutMs: 2_000, permitWithoutCalls: true },
      maxReceiveBytes: -1,
      maxSendBytes: 1024,
      loadBalancing: 'round_robin',
      compression: 'gzip',
      userAgent: 'my-team/2',
    }));
    expect(options.ok && options.value).toEqual({
      'grpc.use_local_subchannel_pool': 1,
      'grpc.primary_user_agent': `my-team/2 ${WORKBENCH_USER_AGENT}`,
      'grpc.service_config': '{"loadBalancingConfig":[{"round_robin":{}}]}',
      'grpc.service_config_disable_resolution': 1,
      'grpc.keepalive_time_ms': 10_000,
      'grpc.keepalive_timeout_ms': 2_000,
      'grpc.keepalive_permit_without_calls': 1,
      'grpc.max_receive_message_length': -1,
      'grpc.max_send_message_length': 1024,
      'grpc.default_compression_algorithm': 2,
    });
  });

  it('uses the workbench defaults', () => {
    const options = buildChannelOptions(settings('x:1'));
    expect(options.ok && options.value).toMatchObject({
      'grpc.primary_user_agent': 'grpc-workbench/0.1.0',
      'grpc.max_receive_message_length': DEFAULT_MAX_RECEIVE_BYTES,
      'grpc.max_send_message_length': -1,
      'grpc.keepalive_permit_without_calls': 0,
      'grpc.service_config': '{"loadBalancingConfig":[{"pick_first":{}}]}',
    });
    expect(options.ok && 'grpc.keepalive_time_ms' in options.value).toBe(false);
  });

  it('rejects impossible numbers with the field named', () => {
    const bad = buildChannelOptions(settings('x:1', { keepalive: { timeMs: 0, timeoutMs: null, permitWithoutCalls: false } }));
    expect(!bad.ok && bad.error).toMatchObject({ code: 'INVALID_REQUEST', details: { field: 'keepalive.timeMs' } });
    const badReceive = buildChannelOptions(settings('x:1', { maxReceiveBytes: -2 }));
    expect(!badReceive.ok && badReceive.error.details?.field).toBe('maxReceiveBytes');
  });
});

describe('ChannelPool with real servers', () => {
  let a: EchoServer;
  let b: EchoServer;
  let pool: ChannelPool;
  let registry: CallRegistry;

  beforeAll(async () => {
    [a, b] = await Promise.all([startEchoServer(), startEchoServer()]);
    pool = new ChannelPool();
    registry = new CallRegistry({ pool });
  });

  afterAll(async () => {
    await registry.dispose();
    pool.closeAll();
    await Promise.all([a.close(), b.close()]);
  });

  it('shares a channel for equal settings and opens another when anything differs', () => {
    const lease = (s: ConnectionSettings) => {
      const result = pool.acquire(s);
      if (!result.ok) throw new Error(result.error.message);
      return result.value.channelId;
    };
    const first = lease(settings(a.address));
    expect(lease(settings(`dns:///${a.address}`))).toBe(first);
    expect(lease(settings(a.address, { compression: 'gzip' }))).not.toBe(first);
    expect(lease(settings(b.address))).not.toBe(first);
    expect(pool.get(first)?.displayTarget).toBe(a.address);
  });

  it('round_robin over an ipv4: list spreads calls over both servers', async () => {
    const target = `ipv4:${a.address},${b.address}`;
    const before = [a.seenMetadata.length, b.seenMetadata.length];
    for (let i = 0; i < 6; i++) {
      const { started, call } = startEcho(registry, target, 'Unary', { requestJson: '{}', connection: { loadBalancing: 'round_robin' } });
      expect(started.ok).toBe(true);
      expect(statusOf(await call.ended).code).toBe(0);
    }
    expect(a.seenMetadata.length - (before[0] ?? 0)).toBeGreaterThan(0);
    expect(b.seenMetadata.length - (before[1] ?? 0)).toBeGreaterThan(0);
  });

  it('gzip compression still reports uncompressed message sizes and round-trips', async () => {
    const payload = Buffer.alloc(4096, 7).toString('base64');
    const { started, call } = startEcho(registry, a.address, 'Unary', { requestJson: JSON.stringify({ payload }), connection: { compression: 'gzip' } });
    expect(started.ok).toBe(true);
    const events = await call.ended;
    expect(statusOf(events).code).toBe(0);
    expect(messagesOf(events, 'sent')[0]?.bytes).toBeGreaterThan(4096);
    expect(a.requestSizes[a.requestSizes.length - 1]).toBe(messagesOf(events, 'sent')[0]?.bytes);
  });

  it('max receive size: a response over the limit fails with RESOURCE_EXHAUSTED', async () => {
    const payload = Buffer.alloc(2048, 1).toString('base64');
    const { started, call } = startEcho(registry, a.address, 'Unary', { requestJson: JSON.stringify({ payload }), connection: { maxReceiveBytes: 1024 } });
    expect(started.ok).toBe(true);
    expect(statusOf(await call.ended).codeName).toBe('RESOURCE_EXHAUSTED');
  });

  it('sends the workbench user agent', async () => {
    const { call } = startEcho(registry, a.address, 'Unary', { requestJson: '{}', connection: { userAgent: 'tester/1' } });
    await call.ended;
    const agent = a.seenMetadata[a.seenMetadata.length - 1]?.get('user-agent')[0];
    expect(String(agent)).toMatch(/^tester\/1 grpc-workbench\/0\.1\.0 grpc-node-js\//);
  });

  it('closeAll closes every channel and refuses new ones', () => {
    const own = new ChannelPool();
    const lease = own.acquire(settings(a.address));
    if (!lease.ok) throw new Error(lease.error.message);
    own.closeAll();
    expect(lease.value.channel.connectivityState()).toBe('SHUTDOWN');
    expect(own.list()).toHaveLength(0);
    const after = own.acquire(settings(a.address));
    expect(!after.ok && after.error.code).toBe('INTERNAL');
  });
});
