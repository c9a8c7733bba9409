import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultConnectionSettings, type ConnectionEvent, type ConnectionSettings, type KeepaliveSettings } from '../../../shared/connection';
import type { ChannelId } from '../../../shared/ids';
import { ChannelPool, type PooledChannel } from './channel-pool';
import { listChannelSockets } from './channelz-sockets';
import { ConnectionMonitor } from './connection-monitor';
import { startEchoServer, type EchoServer } from '../../../test/support/transport-server';
import { startStallableProxy, startStrictPingServer } from '../../../test/support/transport-peers';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function setup(): { monitor: ConnectionMonitor; pool: ChannelPool; events: Map<ChannelId, ConnectionEvent[]> } {
  const events = new Map<ChannelId, ConnectionEvent[]>();
  const monitor = new ConnectionMonitor({
    onEvent: (channelId, event) => {
      const list = events.get(channelId) ?? [];
      list.push(event);
      events.set(channelId, list);
    },
  });
  const pool = new ChannelPool({ monitor });
  cleanups.push(() => monitor.dispose(), () => pool.closeAll());
  return { monitor, pool, events };
}

async function server(): Promise<EchoServer> {
  const started = await startEchoServer();
  cleanups.push(() => started.close());
  return started;
}

function settings(target: string, keepalive: Partial<KeepaliveSettings>): ConnectionSettings {
  const base = defaultConnectionSettings(target);
  return { ...base, keepalive: { ...base.keepalive, ...keepalive } };
}

function open(pool: ChannelPool, connection: ConnectionSettings): PooledChannel {
  const lease = pool.acquire(connection);
  if (!lease.ok) throw new Error(lease.error.message);
  // Connect without a call: keepalive with permitWithoutCalls pings an idle connection.
  lease.value.channel.client.getChannel().getConnectivityState(true);
  return lease.value.channel;
}

function types(events: ConnectionEvent[] | undefined): string[] {
  return (events ?? []).map((e) => (e.type === 'state' ? `state:${e.state}` : e.type));
}

describe('connectivity', () => {
  it('reports the keepalive configuration, every state change with timestamps, and SHUTDOWN and why on close', async () => {
    const { monitor, pool, events } = setup();
    const echo = await server();
    const channel = open(pool, settings(echo.address, { timeMs: 30_000, timeoutMs: 5_000 }));
    await expect.poll(() => monitor.snapshot(channel.channelId).ok && channel.connectivityState()).toBe('READY');
    pool.close(channel.channelId, 'Closed by the test.');
    const seen = events.get(channel.channelId) ?? [];
    expect(types(seen)).toEqual(['keepalive_config', 'state:IDLE', 'state:CONNECTING', 'state:READY', 'state:SHUTDOWN', 'closed']);
    expect(seen.at(-1)).toMatchObject({ type: 'closed', reason: 'Closed by the test.' });
    expect(seen[0]).toMatchObject({ type: 'keepalive_config', keepaliveTimeMs: 30_000, keepaliveTimeoutMs: 5_000, permitWithoutCalls: false });
    for (let i = 1; i < seen.length; i++) expect(seen[i]?.timeMs).toBeGreaterThanOrEqual(seen[i - 1]?.timeMs ?? 0);
    expect(seen.every((e) => Math.abs(e.at - Date.now()) < 60_000)).toBe(true);
    // A closed channel's last snapshot stays, saying when and why it closed.
    const closed = monitor.snapshot(channel.channelId);
    expect(closed.ok && closed.value).toMatchObject({ state: 'SHUTDOWN', closed: { reason: 'Closed by the test.', at: expect.any(Number) } });
  });
});

describe('keepalive', () => {
  it('counts pings and acks with an RTT against a grpc-js server, attributed to the right channel', async () => {
    const { monitor, pool } = setup();
    const [a, b] = await Promise.all([server(), server()]);
    const pinging = open(pool, settings(a.address, { timeMs: 100, permitWithoutCalls: true }));
    const quiet = open(pool, settings(b.address, {}));
    await expect.poll(() => {
      const snapshot = monitor.snapshot(pinging.channelId);
      return snapshot.ok ? snapshot.value.keepalive.pingAcks : 0;
    }, { timeout: 5_000 }).toBeGreaterThanOrEqual(3);
    const snapshot = monitor.snapshot(pinging.channelId);
    if (!snapshot.ok) throw new Error(snapshot.error.message);
    const { keepalive, recentEvents, state } = snapshot.value;
    expect(state).toBe('READY');
    expect(keepalive.pingsSent).toBeGreaterThanOrEqual(keepalive.pingAcks);
    expect(keepalive.lastPingRttMs).toBeGreaterThan(0);
    expect(keepalive.lastPingRttMs).toBeLessThan(1_000);
    const acks = recentEvents.filter((e): e is Extract<ConnectionEvent, { type: 'ping_ack' }> => e.type === 'ping_ack');
    expect(acks.length).toBe(keepalive.pingAcks);
    expect(acks.every((e) => e.rttMs > 0)).toBe(true);
    // grpc-js's own count (channelz) agrees with ours for this channel's socket.
    const sockets = listChannelSockets(pinging.client.getChannel().getChannelzRef().id);
    expect(sockets).toHaveLength(1);
    expect(sockets[0]?.keepAlivesSent).toBeGreaterThanOrEqual(keepalive.pingsSent);
    expect(sockets[0]?.keepAlivesSent).toBeLessThanOrEqual(keepalive.pingsSent + 1);
    // The channel without keepalive saw none of those pings.
    const other = monitor.snapshot(quiet.channelId);
    expect(other.ok && other.value.keepalive).toMatchObject({ pingsSent: 0, pingAcks: 0, keepaliveTimeMs: null });
  });

  it('reports GOAWAY ENHANCE_YOUR_CALM "too_many_pings" from a python3-grpcio server, and the doubled interval', async () => {
    const { monitor, pool, events } = setup();
    const strict = await startStrictPingServer();
    cleanups.push(() => strict.close());
    const channel = open(pool, settings(`127.0.0.1:${strict.port}`, { timeMs: 100, permitWithoutCalls: true }));
    await expect.poll(() => {
      const snapshot = monitor.snapshot(channel.channelId);
      return snapshot.ok ? snapshot.value.keepalive.lastGoaway : null;
    }, { timeout: 8_000 }).not.toBeNull();
    const snapshot = monitor.snapshot(channel.channelId);
    if (!snapshot.ok) throw new Error(snapshot.error.message);
    expect(snapshot.value.keepalive.lastGoaway).toMatchObject({ errorCode: 11, errorName: 'ENHANCE_YOUR_CALM', debugData: 'too_many_pings' });
    expect(snapshot.value.keepalive.pingsSent).toBeGreaterThanOrEqual(3); // C-core allows max_ping_strikes (2) bad pings first
    expect(snapshot.value.keepalive.keepaliveTimeMs).toBe(200);
    const seen = types(events.get(channel.channelId));
    expect(seen.slice(seen.indexOf('goaway'))).toEqual(expect.arrayContaining(['goaway', 'keepalive_config']));
  });

  it('reports a ping timeout when the server stops answering', async () => {
    const { monitor, pool, events } = setup();
    const echo = await server();
    const proxy = await startStallableProxy(echo.port);
    cleanups.push(() => proxy.close());
    const channel = open(pool, settings(`127.0.0.1:${proxy.port}`, { timeMs: 100, timeoutMs: 200, permitWithoutCalls: true }));
    await expect.poll(() => {
      const snapshot = monitor.snapshot(channel.channelId);
      return snapshot.ok ? snapshot.value.keepalive.pingAcks : 0;
    }, { timeout: 5_000 }).toBeGreaterThanOrEqual(1);
    proxy.stall();
    await expect.poll(() => {
      const snapshot = monitor.snapshot(channel.channelId);
      return snapshot.ok ? snapshot.value.keepalive.pingTimeouts : 0;
    }, { timeout: 5_000 }).toBe(1);
    const seen = types(events.get(channel.channelId));
    const timeoutAt = seen.indexOf('ping_timeout');
    expect(seen[timeoutAt - 1]).toBe('ping_sent');
    // grpc-js drops the connection after the timeout; the state leaves READY.
    await expect.poll(() => channel.connectivityState()).not.toBe('READY');
  });

  it('attributes pings on a unix socket', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'monitor-uds-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const echo = await startEchoServer({ bindAddress: `unix://${join(dir, 'echo.sock')}` });
    cleanups.push(() => echo.close());
    const { monitor, pool } = setup();
    const channel = open(pool, settings(`unix://${join(dir, 'echo.sock')}`, { timeMs: 100, permitWithoutCalls: true }));
    await expect.poll(() => {
      const snapshot = monitor.snapshot(channel.channelId);
      return snapshot.ok ? snapshot.value.keepalive.pingAcks : 0;
    }, { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
  });

  it('bounds the recent events of a snapshot', async () => {
    const events: ConnectionEvent[] = [];
    const monitor = new ConnectionMonitor({ recentEventsLimit: 5, onEvent: (_id, event) => events.push(event) });
    const pool = new ChannelPool({ monitor });
    cleanups.push(() => monitor.dispose(), () => pool.closeAll());
    const echo = await server();
    const channel = open(pool, settings(echo.address, { timeMs: 50, permitWithoutCalls: true }));
    await expect.poll(() => events.length, { timeout: 5_000 }).toBeGreaterThan(10);
    const snapshot = monitor.snapshot(channel.channelId);
    if (!snapshot.ok) throw new Error(snapshot.error.message);
    expect(snapshot.value.recentEvents).toHaveLength(5);
    expect(snapshot.value.recentEvents).toEqual(events.slice(-5));
  });
});
