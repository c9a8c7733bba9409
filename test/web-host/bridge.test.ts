// The renderer's socket bridge against the real web host (a `ws` socket stands in for the
// browser's WebSocket; everything else is the code the page runs).
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { EventBatch } from '../../shared/contract';
import { startWebHost, type RunningWebHost } from '../../electron/web-host/web-host';
import { NO_TOKEN_REASON, TOKEN_REFUSED_REASON, type HostConnectionStatus } from '../../renderer/src/bridge/host-connection-status';
import { createSocketWorkbench, type SocketFactory, type SocketWorkbench } from '../../renderer/src/bridge/socket-workbench';
import { createFakeEngine, createStaticFixture, type FakeEngine, type StaticFixture } from './host-test-kit';

let fixture: StaticFixture;
let engine: FakeEngine;
let host: RunningWebHost;
const bridges: SocketWorkbench[] = [];

/** The page's WebSocket, played by `ws`; keeps every socket so a test can cut one. */
function nodeSockets(origin: string) {
  const opened: WebSocket[] = [];
  const factory: SocketFactory = (url, protocols, handlers) => {
    const socket = new WebSocket(url, protocols, { origin });
    opened.push(socket);
    socket.on('open', () => handlers.open());
    socket.on('message', (data) => handlers.message(data.toString()));
    socket.on('close', (code, reason) => handlers.close(code, reason.toString()));
    socket.on('error', () => undefined); // a close follows every error
    return { send: (text) => socket.send(text), close: (code, reason) => socket.close(code, reason) };
  };
  return { factory, opened };
}

function bridge(options: { token?: string | null; target?: RunningWebHost; onTokenRefused?: () => void } = {}) {
  const target = options.target ?? host;
  const sockets = nodeSockets(target.origin);
  const statuses: HostConnectionStatus[] = [];
  const workbench = createSocketWorkbench({
    url: `ws://127.0.0.1:${target.port}/ws`,
    token: options.token === undefined ? target.token : options.token,
    createSocket: sockets.factory,
    onTokenRefused: options.onTokenRefused,
    reconnectDelayMs: () => 20,
  });
  workbench.onStatus((status) => statuses.push(status));
  bridges.push(workbench);
  return { workbench, statuses, sockets: sockets.opened };
}

beforeAll(async () => {
  fixture = createStaticFixture();
  engine = createFakeEngine();
  host = await startWebHost({ engine, staticDir: fixture.dir, warn: () => undefined });
});

afterEach(() => {
  for (const workbench of bridges.splice(0)) workbench.close();
});

afterAll(async () => {
  await host.close();
  fixture.cleanup();
});

describe('the socket bridge', () => {
  it('connects, answers invokes and reports its status', async () => {
    const { workbench, statuses } = bridge();
    expect(workbench.status()).toEqual({ state: 'connecting' });
    // Made before the socket is ready: waits for it instead of failing.
    const early = workbench.invoke('shell:info', {});
    await workbench.firstAttempt();
    expect(workbench.status()).toEqual({ state: 'connected' });
    expect(statuses).toEqual([{ state: 'connected' }]);
    await expect(early).resolves.toMatchObject({ ok: true, value: { shell: 'browser' } });
    const invalid = await workbench.invoke('demo:start', { port: 70_000 });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
  });

  it('delivers event batches in order to every listener until it unsubscribes', async () => {
    const { workbench } = bridge();
    await workbench.firstAttempt();
    const first: EventBatch[] = [];
    const second: EventBatch[] = [];
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const stopBroken = workbench.onEvents(() => {
      throw new Error('a broken listener');
    });
    workbench.onEvents((batch) => first.push(batch));
    const stopSecond = workbench.onEvents((batch) => second.push(batch));
    await workbench.invoke('demo:start', { port: 50 });
    await expect.poll(() => first.length).toBe(50);
    expect(first.map((b) => b.seq)).toEqual(Array.from({ length: 50 }, (_, i) => first[0]!.seq + i));
    expect(second).toHaveLength(50);
    expect(error).toHaveBeenCalled(); // the broken listener was reported, the others still ran
    stopBroken();
    error.mockRestore();
    stopSecond();
    await workbench.invoke('demo:start', { port: 5 });
    await expect.poll(() => first.length).toBe(55);
    expect(second).toHaveLength(50);
  });

  it('fails with a clear reason when the token is refused, and stops retrying', async () => {
    const refused = vi.fn();
    const { workbench, sockets } = bridge({ token: 'not-the-token', onTokenRefused: refused });
    await workbench.firstAttempt();
    expect(workbench.status()).toEqual({ state: 'failed', reason: TOKEN_REFUSED_REASON });
    expect(TOKEN_REFUSED_REASON).toBe("This page's access token was refused: open the exact URL the host printed.");
    expect(refused).toHaveBeenCalledOnce();
    await expect(workbench.invoke('shell:info', {})).resolves.toEqual({ ok: false, error: { code: 'INTERNAL', message: TOKEN_REFUSED_REASON } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sockets).toHaveLength(1);
  });

  it('reconnects with the token of a restarted host on the same port (the page took it from a new fragment)', async () => {
    const first = await startWebHost({ engine, staticDir: fixture.dir, warn: () => undefined });
    const { workbench, sockets } = bridge({ target: first });
    await workbench.firstAttempt();
    expect(workbench.status()).toEqual({ state: 'connected' });
    await first.close();
    const restarted = await startWebHost({ engine, staticDir: fixture.dir, port: first.port, warn: () => undefined });
    try {
      // The old token is refused by the new host: the page says so and stops retrying...
      await expect.poll(() => workbench.status(), { timeout: 5_000 }).toEqual({ state: 'failed', reason: TOKEN_REFUSED_REASON });
      // ...until the user opens the new URL in the same tab (only its fragment changes).
      workbench.setToken(restarted.token);
      expect(workbench.status()).toEqual({ state: 'connecting' });
      const queued = workbench.invoke('shell:info', {});
      await expect.poll(() => workbench.status()).toEqual({ state: 'connected' });
      await expect(queued).resolves.toMatchObject({ ok: true, value: { shell: 'browser' } });
      const count = sockets.length;
      workbench.setToken(restarted.token); // the same URL again: nothing to do
      expect(sockets).toHaveLength(count);
      expect(workbench.status()).toEqual({ state: 'connected' });
    } finally {
      workbench.close();
      await restarted.close();
    }
  });

  it('can be told it has no token any more, with a reason', async () => {
    const { workbench } = bridge();
    await workbench.firstAttempt();
    workbench.setToken(null, 'the launch link was used');
    expect(workbench.status()).toEqual({ state: 'failed', reason: 'the launch link was used' });
    await expect(workbench.invoke('shell:info', {})).resolves.toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('treats a token that cannot be sent in a subprotocol as refused, without a socket', async () => {
    const refused = vi.fn();
    const { workbench, sockets } = bridge({ token: 'has spaces, commas', onTokenRefused: refused });
    await workbench.firstAttempt();
    expect(workbench.status()).toEqual({ state: 'failed', reason: TOKEN_REFUSED_REASON });
    expect(refused).toHaveBeenCalledOnce();
    expect(sockets).toHaveLength(0);
  });

  it('fails at once, without a socket, when the page has no token', async () => {
    const { workbench, sockets } = bridge({ token: null });
    await workbench.firstAttempt();
    expect(workbench.status()).toEqual({ state: 'failed', reason: NO_TOKEN_REASON });
    expect(sockets).toHaveLength(0);
  });

  it('resolves pending invokes with an error when the connection drops, then reconnects', async () => {
    const { workbench, statuses, sockets } = bridge();
    await workbench.firstAttempt();
    const held = workbench.invoke('calls:halfClose', { callId: 'c' as never });
    await expect.poll(() => engine.received.some((r) => r.channel === 'calls:halfClose')).toBe(true);
    sockets[0]!.terminate();
    const lost = await held;
    expect(lost.ok).toBe(false);
    if (!lost.ok) {
      expect(lost.error.code).toBe('INTERNAL');
      expect(lost.error.message).toMatch(/^Lost the connection to the gRPC Workbench host/);
    }
    await expect.poll(() => workbench.status().state).toBe('connected');
    expect(statuses.map((s) => s.state)).toEqual(['connected', 'reconnecting', 'connected']);
    expect(statuses[1]).toMatchObject({ attempt: 1, retryInMs: 20 });
    expect(sockets).toHaveLength(2);
    await expect(workbench.invoke('shell:info', {})).resolves.toMatchObject({ ok: true });
    engine.releaseHeld();
  });

  it('keeps retrying while the host is gone, answering invokes with an error meanwhile', async () => {
    const temporary = await startWebHost({ engine, staticDir: fixture.dir, warn: () => undefined });
    const { workbench, sockets } = bridge({ target: temporary });
    await workbench.firstAttempt();
    await temporary.close();
    await expect.poll(() => sockets.length).toBeGreaterThanOrEqual(3);
    const status = workbench.status();
    expect(status.state).toBe('reconnecting');
    if (status.state === 'reconnecting') {
      expect(status.attempt).toBeGreaterThanOrEqual(2);
      expect(status.reason).toContain('Is npm run web still running?');
    }
    const answer = await workbench.invoke('shell:info', {});
    expect(answer).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    workbench.close();
    const count = sockets.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sockets.length).toBe(count); // closed for good: no more attempts
    expect(workbench.status().state).toBe('failed');
  });
});
