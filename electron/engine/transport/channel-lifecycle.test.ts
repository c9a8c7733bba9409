import { readdirSync } from 'node:fs';
import { Metadata, type ServiceError } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultConnectionSettings, type ConnectionSettings } from '../../../shared/connection';
import { CallRegistry } from '../calls/call-registry';
import { ConnectionMonitor } from './connection-monitor';
import { ChannelPool, type ChannelLease } from './channel-pool';
import { startEchoServer, type EchoServer } from '../../../test/support/transport-server';
import { startEcho, statusOf } from '../../../test/support/transport-calls';
import { startPythonPeer, type PythonPeer } from '../../../test/support/python-peer';

function settings(target: string, overrides: Partial<ConnectionSettings> = {}): ConnectionSettings {
  return { ...defaultConnectionSettings(target), ...overrides };
}

function leaseOf(pool: ChannelPool, s: ConnectionSettings): ChannelLease {
  const lease = pool.acquire(s);
  if (!lease.ok) throw new Error(lease.error.message);
  return lease.value;
}

/** Open file descriptors of this process (sockets included), from /proc. */
function openDescriptors(): number {
  return readdirSync('/proc/self/fd').length;
}

async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function ownPool(options: ConstructorParameters<typeof ChannelPool>[0] = {}): { pool: ChannelPool; registry: CallRegistry; monitor: ConnectionMonitor } {
  const monitor = new ConnectionMonitor();
  const pool = new ChannelPool({ monitor, ...options });
  const registry = new CallRegistry({ pool });
  cleanups.push(async () => {
    await registry.dispose();
    pool.closeAll();
    monitor.dispose();
  });
  return { pool, registry, monitor };
}

async function echoServer(bindAddress?: string): Promise<EchoServer> {
  const server = await startEchoServer(bindAddress ? { bindAddress } : {});
  cleanups.push(() => server.close());
  return server;
}

describe('channel lifecycle', () => {
  it('a call holds a lease on its channel; once it ends the channel is idle, and closes after the idle time', async () => {
    const server = await echoServer();
    const { pool, registry, monitor } = ownPool({ idleCloseMs: 300 });
    const { started, call } = startEcho(registry, server.address, 'Unary', { requestJson: '{"delayMs":100}' });
    if (!started.ok) throw new Error(started.error.message);
    const { channelId } = started.value;
    expect(pool.summaries()).toEqual([expect.objectContaining({ channelId, target: server.address, settings: 'plaintext', activeCalls: 1, idleSince: null, closesAt: null })]);

    expect(statusOf(await call.ended).code).toBe(0);
    const idle = pool.summaries()[0];
    expect(idle?.activeCalls).toBe(0);
    expect(idle?.idleSince).toEqual(expect.any(Number));
    expect(idle?.closesAt).toBe((idle?.idleSince ?? 0) + 300);

    await until(() => pool.get(channelId) === null, 'the idle channel to close');
    // A page still showing the channel's Connection tab learns that it closed, and why.
    const snapshot = monitor.snapshot(channelId);
    expect(snapshot.ok && snapshot.value).toMatchObject({ state: 'SHUTDOWN', closed: { reason: expect.stringMatching(/without calls; the next call opens a new connection/) } });
    expect(snapshot.ok && snapshot.value.recentEvents.at(-1)).toMatchObject({ type: 'closed' });

    // The next call with the same settings opens a new channel and works.
    const again = startEcho(registry, server.address, 'Unary', { requestJson: '{}' });
    expect(again.started.ok && again.started.value.channelId).not.toBe(channelId);
    expect(statusOf(await again.call.ended).code).toBe(0);
  });

  it('a channel in use is never closed for being idle, and a lease released twice counts once', async () => {
    const server = await echoServer();
    const { pool } = ownPool({ idleCloseMs: 50, maxIdleChannels: 0 });
    const first = leaseOf(pool, settings(server.address));
    const second = leaseOf(pool, settings(server.address));
    first.release();
    first.release();
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(pool.summaries()[0]?.activeCalls).toBe(1);
    second.release();
    // With a cap of 0 idle channels, the last release closes it at once.
    expect(pool.get(second.channelId)).toBeNull();
  });

  it('many distinct settings keep the idle channels, and the open sockets, within the cap', async () => {
    const server = await echoServer();
    const cap = 4;
    const { pool, registry } = ownPool({ maxIdleChannels: cap });
    // Warm up once so grpc-js's own lazily opened descriptors are not counted.
    const warm = startEcho(registry, server.address, 'Unary', { requestJson: '{}', connection: { userAgent: 'warm' } });
    await warm.call.ended;
    const before = openDescriptors();
    const variants = 30;
    for (let i = 0; i < variants; i++) {
      const { started, call } = startEcho(registry, server.address, 'Unary', { requestJson: '{}', connection: { userAgent: `variant-${i}` } });
      expect(started.ok).toBe(true);
      expect(statusOf(await call.ended).code).toBe(0);
      expect(pool.list().length).toBeLessThanOrEqual(cap);
    }
    // Each open channel costs two descriptors here (client and server end of its socket); without
    // the cap all 30 would stay open (60 more descriptors). Closed sockets go a moment later.
    await until(() => openDescriptors() <= before + 2 * cap + 2, `open descriptors to drop to at most ${before + 2 * cap + 2} (now ${openDescriptors()})`);
  });

  it('closes a channel on request; the snapshot says why and a new call opens a new channel', async () => {
    const server = await echoServer();
    const { pool, monitor } = ownPool();
    const lease = leaseOf(pool, settings(server.address));
    expect(pool.close(lease.channelId, 'Closed from the Connections table.')).toBe(true);
    expect(pool.close(lease.channelId)).toBe(false);
    lease.release(); // after the close: harmless
    const snapshot = monitor.snapshot(lease.channelId);
    expect(snapshot.ok && snapshot.value.closed?.reason).toBe('Closed from the Connections table.');
    expect(leaseOf(pool, settings(server.address)).channelId).not.toBe(lease.channelId);
  });
});

describe('reconnect at once after a server restart', () => {
  it('a call right after a grpc-js server comes back on the same port succeeds, on the same channel', async () => {
    const server = await echoServer();
    const address = server.address;
    const { pool, registry } = ownPool();
    const first = startEcho(registry, address, 'Unary', { requestJson: '{}' });
    expect(statusOf(await first.call.ended).code).toBe(0);
    const channelId = first.started.ok ? first.started.value.channelId : null;

    await server.close();
    const failed = startEcho(registry, address, 'Unary', { requestJson: '{}' });
    expect(statusOf(await failed.call.ended).codeName).toBe('UNAVAILABLE');
    await until(() => pool.get(channelId!)?.connectivityState() === 'TRANSIENT_FAILURE', 'the channel to be in backoff');

    await echoServer(address);
    // grpc-js would refuse this call until its backoff (about 1 s) ends; the pool reconnects first.
    const next = startEcho(registry, address, 'Unary', { requestJson: '{}' });
    expect(next.started.ok && next.started.value.channelId).toBe(channelId);
    expect(statusOf(await next.call.ended).code).toBe(0);
  });

  it('the same against python3-grpcio restarted on the same port', async () => {
    const emptyCall = (lease: ChannelLease): Promise<ServiceError | null> =>
      new Promise((resolve) => {
        const identity = (b: Buffer): Buffer => b;
        lease.channel.client.makeUnaryRequest('/grpc.testing.TestService/EmptyCall', identity, identity, Buffer.alloc(0), new Metadata(), {}, (e) => resolve(e ?? null));
      });
    const peer = await startPythonPeer('interop_server.py');
    const port = peer.port;
    cleanups.push(() => peer.stop());
    const { pool } = ownPool();
    const target = settings(peer.address);
    const lease = leaseOf(pool, target);
    expect(await emptyCall(lease)).toBeNull();
    await peer.stop();
    expect((await emptyCall(leaseOf(pool, target)))?.code).toBe(14);
    await until(() => lease.channel.connectivityState() === 'TRANSIENT_FAILURE', 'the channel to be in backoff');

    const restarted: PythonPeer = await startPythonPeer('interop_server.py', [], { env: { FIXTURE_PORT: String(port) } });
    cleanups.push(() => restarted.stop());
    const after = leaseOf(pool, target);
    expect(after.channelId).toBe(lease.channelId);
    expect(await emptyCall(after)).toBeNull();
  });

  it('a reconnect while a stream runs lets the stream finish on its connection', async () => {
    const server = await echoServer();
    const { pool, registry } = ownPool();
    const { started, call } = startEcho(registry, server.address, 'ServerStream', { requestJson: '{"repeat":5,"intervalMs":40}' });
    if (!started.ok) throw new Error(started.error.message);
    await until(() => call.events.some((e) => e.type === 'message' && e.direction === 'received'), 'the first streamed message');
    expect(pool.reconnect(started.value.channelId)).toBe(true);
    const events = await call.ended;
    expect(statusOf(events).code).toBe(0);
    expect(events.filter((e) => e.type === 'message' && e.direction === 'received')).toHaveLength(5);
  });

  it('a call waiting for ready on a channel in backoff is not cut off when a new call reconnects the channel', async () => {
    const server = await echoServer();
    const address = server.address;
    await server.close();
    const { pool } = ownPool();
    const waiting = leaseOf(pool, settings(address));
    const identity = (b: Buffer): Buffer => b;
    const waited = new Promise<ServiceError | null>((resolve) => {
      waiting.channel.client.makeUnaryRequest('/transport.test.EchoService/Unary', identity, identity, Buffer.alloc(0), new Metadata({ waitForReady: true }), { deadline: Date.now() + 8_000 }, (e) => resolve(e ?? null));
    });
    await until(() => waiting.channel.connectivityState() === 'TRANSIENT_FAILURE', 'the channel to be in backoff');
    await echoServer(address);
    const waitingClient = waiting.channel.client;
    const next = leaseOf(pool, settings(address)); // replaces the client: the waiting call stays on the old one
    expect(next.channelId).toBe(waiting.channelId);
    expect(next.channel.client).not.toBe(waitingClient);
    expect(await waited).toBeNull();
  }, 10_000);

  it('reconnect() gives the channel a fresh connection and keeps its id', async () => {
    const server = await echoServer();
    const { pool } = ownPool();
    const lease = leaseOf(pool, settings(server.address));
    const oldClient = lease.channel.client;
    expect(pool.reconnect(lease.channelId)).toBe(true);
    expect(lease.channel.client).not.toBe(oldClient);
    await until(() => lease.channel.connectivityState() === 'READY', 'the reconnected channel to be READY');
    expect(pool.reconnect('ch-none' as typeof lease.channelId)).toBe(false);
  });
});
