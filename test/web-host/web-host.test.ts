// The web host's security and mechanics, against a real http + WebSocket server on 127.0.0.1
// and a real `ws` client playing the page. The engine here is a small in-test WorkbenchApi.
import { networkInterfaces } from 'node:os';
import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES } from '../../shared/contract';
import { startWebHost, type RunningWebHost } from '../../electron/web-host/web-host';
import { MALFORMED_REQUESTS, VALID_REQUESTS } from './contract-payloads';
import { createFakeEngine, createStaticFixture, httpGet, openAuthenticatedPage, openPage, type FakeEngine, type PageClient, type StaticFixture } from './host-test-kit';

let fixture: StaticFixture;
let engine: FakeEngine;
let host: RunningWebHost;
const warnings: string[] = [];
const pages: PageClient[] = [];
const extraHosts: RunningWebHost[] = [];

async function page(): Promise<PageClient> {
  const opened = await openAuthenticatedPage(host.port, host.token);
  pages.push(opened);
  return opened;
}

beforeAll(async () => {
  fixture = createStaticFixture();
  engine = createFakeEngine();
  host = await startWebHost({ engine, staticDir: fixture.dir, port: 0, warn: (m) => warnings.push(m) });
});

afterEach(() => {
  for (const opened of pages.splice(0)) opened.socket.terminate();
});

afterAll(async () => {
  await host.close();
  await Promise.all(extraHosts.map((h) => h.close()));
  fixture.cleanup();
});

describe('binding and the printed URL', () => {
  it('binds to loopback only by default and prints the token in the fragment', () => {
    expect(host.origin).toBe(`http://127.0.0.1:${host.port}`);
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${host.token}`);
    expect(host.token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes, base64url
  });

  const external = Object.values(networkInterfaces()).flat().find((a) => a !== undefined && a.family === 'IPv4' && !a.internal);
  it.skipIf(external === undefined)(`cannot be reached on another local interface (${external?.address ?? 'none'})`, async () => {
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) => {
      const socket = connect({ host: external!.address, port: host.port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(null);
      });
      socket.once('error', resolve);
    });
    expect(error?.code).toBe('ECONNREFUSED');
  });

  it('uses a new token for every run', async () => {
    const other = await startWebHost({ engine, staticDir: fixture.dir, warn: () => undefined });
    extraHosts.push(other);
    expect(other.token).not.toBe(host.token);
    expect(other.port).not.toBe(host.port);
  });
});

describe('HTTP', () => {
  it('serves index.html for / with the security headers', async () => {
    const answer = await httpGet(host.port, '/');
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('<title>gRPC Workbench</title>');
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answer.headers['cache-control']).toBe('no-cache');
    const csp = answer.headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("worker-src 'self' blob:");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("img-src 'self' data:");
    expect(csp).toContain("font-src 'self' data:");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${host.port}`);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['referrer-policy']).toBe('no-referrer');
  });

  it('serves assets with their content types; hashed assets may be cached for good', async () => {
    const js = await httpGet(host.port, '/assets/app-1a2b3c.js');
    expect(js.status).toBe(200);
    expect(js.body).toBe('console.log("app");');
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toContain('immutable');
    expect((await httpGet(host.port, '/assets/style-4d5e.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await httpGet(host.port, '/assets/codicon.ttf')).headers['content-type']).toBe('font/ttf');
    const head = await httpGet(host.port, '/assets/app-1a2b3c.js', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String('console.log("app");'.length));
    expect(head.body).toBe('');
  });

  it('lists no directories, serves no dotfiles, accepts only GET and HEAD', async () => {
    for (const path of ['/assets', '/assets/', '/.env', '/assets/../.env', '/missing.js']) {
      const answer = await httpGet(host.port, path);
      expect(answer.status, path).toBe(404);
      expect(answer.body, path).not.toContain('app-1a2b3c');
      expect(answer.body, path).not.toContain('SECRET');
      expect(answer.headers['content-security-policy'], path).toContain("default-src 'self'");
    }
    expect((await httpGet(host.port, '/favicon.ico')).status).toBe(204); // no icon in the build: quietly none
    const post = await httpGet(host.port, '/', {}, 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  it.each([
    '/../package.json',
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/secret.txt',
    '/..%2fsecret.txt',
    '/%2e%2e%2fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/%252e%252e/secret.txt',
    '/..\\secret.txt',
    '/%5c..%5csecret.txt',
    '/assets/..%5c..%5csecret.txt',
    '/secret.txt%00.js',
    '//etc/passwd',
    '/assets/leak.txt',
  ])('refuses path traversal: %s', async (path) => {
    const answer = await httpGet(host.port, path);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.body).not.toContain(fixture.secretText);
    expect(answer.body).not.toContain('"name"');
    expect(answer.body).not.toContain('root:');
  });

  it('refuses a Host header that is not ours (DNS rebinding)', async () => {
    for (const hostHeader of [`evil.example:${host.port}`, 'evil.example', `127.0.0.1:${host.port + 1}`, `127.0.0.1.evil.example:${host.port}`]) {
      const answer = await httpGet(host.port, '/', { Host: hostHeader });
      expect(answer.status, hostHeader).toBe(403);
      expect(answer.body).not.toContain('gRPC Workbench</title>');
      expect(answer.headers['content-security-policy']).toContain("default-src 'self'");
    }
    expect((await httpGet(host.port, '/', { Host: `localhost:${host.port}` })).status).toBe(200);
    expect(warnings.some((w) => w.includes('DNS rebinding'))).toBe(true);
  });

  it('refuses requests from a foreign Origin', async () => {
    const answer = await httpGet(host.port, '/assets/app-1a2b3c.js', { Origin: 'http://evil.example' });
    expect(answer.status).toBe(403);
    expect((await httpGet(host.port, '/', { Origin: `http://127.0.0.1:${host.port}` })).status).toBe(200);
  });
});

describe('WebSocket admission', () => {
  it('works with the right token and origin', async () => {
    const opened = await page();
    await expect(opened.invoke(1, 'shell:info', {})).resolves.toMatchObject({ ok: true, value: { shell: 'browser' } });
  });

  it('accepts the localhost origin when bound to loopback', async () => {
    const opened = await openPage(host.port, { origin: `http://localhost:${host.port}`, host: `localhost:${host.port}` });
    pages.push(opened);
    opened.send({ type: 'hello', token: host.token });
    await opened.waitFor((m) => m.type === 'ready');
  });

  it('refuses a page that sends no token (an invoke first)', async () => {
    const opened = await openPage(host.port);
    opened.send({ type: 'invoke', id: 1, channel: 'shell:info', request: {} });
    await expect(opened.closed).resolves.toMatchObject({ code: 4001 });
    expect(opened.messages).toEqual([]);
  });

  it('refuses a wrong token, including one of a different length', async () => {
    for (const token of [`${host.token.slice(0, -1)}${host.token.endsWith('A') ? 'B' : 'A'}`, 'short', '', host.token + host.token]) {
      const opened = await openPage(host.port);
      opened.send({ type: 'hello', token });
      await expect(opened.closed).resolves.toMatchObject({ code: 4001 });
      expect(opened.messages).toEqual([]);
    }
  });

  it('refuses an oversized hello without reading it', async () => {
    const opened = await openPage(host.port);
    opened.send({ type: 'hello', token: host.token, padding: 'x'.repeat(2_000) });
    await expect(opened.closed).resolves.toMatchObject({ code: 4001 });
  });

  it('closes a page that never presents its token', async () => {
    const quick = await startWebHost({ engine, staticDir: fixture.dir, authTimeoutMs: 100, warn: () => undefined });
    extraHosts.push(quick);
    const opened = await openPage(quick.port, { origin: quick.origin });
    await expect(opened.closed).resolves.toMatchObject({ code: 4002 });
  });

  it('refuses a foreign or missing Origin before the upgrade', async () => {
    await expect(openPage(host.port, { origin: 'http://evil.example' })).rejects.toMatchObject({ status: 403 });
    await expect(openPage(host.port, { origin: `http://127.0.0.1:${host.port + 1}` })).rejects.toMatchObject({ status: 403 });
    await expect(openPage(host.port, { origin: 'null' })).rejects.toMatchObject({ status: 403 });
    await expect(openPage(host.port, { origin: null })).rejects.toMatchObject({ status: 403 });
  });

  it('refuses a rebinding Host header before the upgrade', async () => {
    await expect(openPage(host.port, { host: `evil.example:${host.port}` })).rejects.toMatchObject({ status: 403 });
  });

  it('offers WebSockets only at /ws', async () => {
    await expect(openPage(host.port, { path: '/socket' })).rejects.toMatchObject({ status: 404 });
  });
});

/** NaN and Infinity become null in JSON (which is then valid): those cases cannot cross a socket. */
const hasNonFinite = (value: unknown): boolean =>
  typeof value === 'number' ? !Number.isFinite(value) : typeof value === 'object' && value !== null && Object.values(value).some(hasNonFinite);
const SOCKET_MALFORMED = MALFORMED_REQUESTS.filter((c) => !hasNonFinite(c.payload));

describe('the contract over the socket', () => {
  it.each(SOCKET_MALFORMED.map((c) => [c.channel, c.name, c] as const))('rejects %s with %s as INVALID_REQUEST naming the field', async (_channel, _name, testCase) => {
    const opened = await page();
    const before = engine.received.length;
    const result = await opened.invoke(7, testCase.channel, testCase.payload);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('INVALID_REQUEST');
    expect(result.error.message).toContain(`Invalid ${testCase.channel} request: ${testCase.field}:`);
    expect(engine.received.length).toBe(before);
  });

  it('covers every channel with a malformed payload', () => {
    expect(new Set(SOCKET_MALFORMED.map((c) => c.channel)).size).toBe(CHANNEL_NAMES.length);
  });

  it('passes every valid request through to the engine', async () => {
    const opened = await page();
    let id = 100;
    for (const channel of CHANNEL_NAMES) {
      if (channel === 'demo:stop' || channel === 'calls:halfClose') continue; // these two the fake throws / holds
      const result = await opened.invoke((id += 1), channel, VALID_REQUESTS[channel]);
      expect(result.ok, channel).toBe(true);
      expect(engine.received.at(-1), channel).toEqual({ channel, request: VALID_REQUESTS[channel] });
    }
  });

  it('rejects an unknown channel', async () => {
    const opened = await page();
    const result = await opened.invoke(3, 'engine:selfDestruct', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    if (!result.ok) expect(result.error.message).toContain('"engine:selfDestruct"');
  });

  it('turns an engine exception into INTERNAL and keeps the socket usable', async () => {
    const opened = await page();
    const failed = await opened.invoke(1, 'demo:stop', {});
    expect(failed).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    if (!failed.ok) expect(failed.error.message).toContain('the fake engine fell over');
    await expect(opened.invoke(2, 'protos:list', {})).resolves.toEqual({ ok: true, value: null });
    expect(opened.socket.readyState).toBe(opened.socket.OPEN);
  });

  it('answers concurrent invokes by id, whatever order they finish in', async () => {
    const opened = await page();
    const held = opened.invoke(1, 'calls:halfClose', { callId: 'c' });
    await expect(opened.invoke(2, 'shell:info', {})).resolves.toMatchObject({ ok: true });
    engine.releaseHeld();
    await expect(held).resolves.toEqual({ ok: true, value: null });
  });

  it('forwards event batches in order with increasing seq, once per page', async () => {
    const first = await page();
    const second = await page();
    const result = await first.invoke(1, 'demo:start', { port: 200 });
    expect(result).toEqual({ ok: true, value: { emitted: 200 } });
    for (const opened of [first, second]) {
      await opened.waitFor((m) => m.type === 'events' && (m.batch as { events: { address: string }[] }).events[0]?.address === 'n=199');
      const batches = opened.messages.filter((m) => m.type === 'events').map((m) => m.batch as { seq: number; events: { address: string }[] });
      expect(batches).toHaveLength(200);
      expect(batches.map((b) => b.events[0]?.address)).toEqual(Array.from({ length: 200 }, (_, i) => `n=${i}`));
      for (let i = 1; i < batches.length; i += 1) expect(batches[i]!.seq).toBe(batches[i - 1]!.seq + 1);
    }
  });

  it('unsubscribes from engine events when a page goes away', async () => {
    // Pages of earlier tests were cut off by afterEach; the host notices that asynchronously.
    await expect.poll(() => engine.listenerCount()).toBe(0);
    const opened = await page();
    expect(engine.listenerCount()).toBe(1);
    opened.socket.close();
    await opened.closed;
    await expect.poll(() => engine.listenerCount()).toBe(0);
  });

  it('disconnects a page that breaks the protocol', async () => {
    const garbage = await page();
    garbage.send('this is not json');
    await expect(garbage.closed).resolves.toMatchObject({ code: 1008 });
    const binary = await page();
    binary.socket.send(Buffer.from([1, 2, 3]));
    await expect(binary.closed).resolves.toMatchObject({ code: 1008 });
    const badId = await page();
    badId.send({ type: 'invoke', id: -1, channel: 'shell:info', request: {} });
    await expect(badId.closed).resolves.toMatchObject({ code: 1008 });
  });

  it('closes a page whose message exceeds the payload limit', async () => {
    const small = await startWebHost({ engine, staticDir: fixture.dir, maxPayloadBytes: 4_096, warn: () => undefined });
    extraHosts.push(small);
    const opened = await openPage(small.port, { origin: small.origin });
    opened.send({ type: 'hello', token: small.token });
    await opened.waitFor((m) => m.type === 'ready');
    opened.send({ type: 'invoke', id: 1, channel: 'calls:write', request: { callId: 'c', json: 'x'.repeat(10_000) } });
    await expect(opened.closed).resolves.toMatchObject({ code: 1009 });
  });

  it('closes every page with "going away" when the host shuts down', async () => {
    const closing = await startWebHost({ engine, staticDir: fixture.dir, warn: () => undefined });
    const opened = await openPage(closing.port, { origin: closing.origin });
    opened.send({ type: 'hello', token: closing.token });
    await opened.waitFor((m) => m.type === 'ready');
    await closing.close();
    await expect(opened.closed).resolves.toMatchObject({ code: 1001 });
    await expect(httpGet(closing.port, '/')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
