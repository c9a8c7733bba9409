// The web host's security and mechanics, against a real http + WebSocket server on 127.0.0.1
// and a real `ws` client playing the page. The engine here is a small in-test WorkbenchApi.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { networkInterfaces } from 'node:os';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES } from '../../shared/contract';
import { openBrowser } from '../../electron/web-host/open-browser';
import { SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX } from '../../electron/web-host/socket-protocol';
import { startWebHost, UNAUTHENTICATED_MAX_PAYLOAD_BYTES, type RunningWebHost } from '../../electron/web-host/web-host';
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

  it('refuses to bind a non-loopback address unless told to expose it to the network', async () => {
    await expect(startWebHost({ engine, staticDir: fixture.dir, host: '0.0.0.0', warn: () => undefined })).rejects.toThrow(
      /will not listen on 0\.0\.0\.0 without exposeToNetwork \(--expose-to-network\).*anyone on the network who gets the token could make gRPC calls/,
    );
    const told: string[] = [];
    const exposed = await startWebHost({ engine, staticDir: fixture.dir, host: '0.0.0.0', exposeToNetwork: true, warn: (m) => told.push(m) });
    extraHosts.push(exposed);
    expect(told.join('\n')).toContain('which other machines can reach');
    const opened = await openAuthenticatedPage(exposed.port, exposed.token, { origin: exposed.origin });
    pages.push(opened);
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

  it('selects its own subprotocol and never echoes the token one', async () => {
    const opened = await page();
    expect(opened.socket.protocol).toBe(SUBPROTOCOL);
  });

  it('accepts the localhost origin when bound to loopback', async () => {
    pages.push(await openAuthenticatedPage(host.port, host.token, { origin: `http://localhost:${host.port}`, host: `localhost:${host.port}` }));
  });

  it('refuses a page that offers no token, at once, whatever it sends', async () => {
    const opened = await openPage(host.port);
    opened.send({ type: 'invoke', id: 1, channel: 'shell:info', request: {} });
    await expect(opened.closed).resolves.toMatchObject({ code: 4001 });
    expect(opened.messages).toEqual([]);
    // The old first-message hello is no way in either.
    const hello = await openPage(host.port, { protocols: [SUBPROTOCOL] });
    hello.send({ type: 'hello', token: host.token });
    await expect(hello.closed).resolves.toMatchObject({ code: 4001 });
    expect(hello.messages).toEqual([]);
  });

  it('refuses a wrong token at once, including one of a different length', async () => {
    for (const token of [`${host.token.slice(0, -1)}${host.token.endsWith('A') ? 'B' : 'A'}`, 'short', '', host.token + host.token]) {
      const opened = await openPage(host.port, { token });
      // Nothing sent: the host does not wait for the page before it refuses.
      await expect(opened.closed, token).resolves.toMatchObject({ code: 4001 });
      expect(opened.messages).toEqual([]);
    }
  });

  it.each([
    ['no token', null],
    ['a wrong token', 'not-the-token'],
  ])('cuts off a 1 MiB frame from a socket with %s without waiting for it', async (_name, token) => {
    const raw = await rawUpgrade(host.port, token === null ? [] : [SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${token}`]);
    expect(raw.response()).toMatch(/^HTTP\/1\.1 101 /);
    // A text frame announcing 1 MiB, then only its first KiB: a host that accepted the frame
    // would sit waiting (and buffering) for the rest. This one closes the socket instead.
    raw.socket.write(frameHeader(1024 * 1024));
    raw.socket.write(Buffer.alloc(1024, 0x20));
    await expect(Promise.race([raw.closed.then(() => 'closed'), sleep(3_000).then(() => 'still open')])).resolves.toBe('closed');
    expect(raw.firstFrame()).toEqual({ opcode: 0x8, closeCode: 4001 });
    expect(UNAUTHENTICATED_MAX_PAYLOAD_BYTES).toBeLessThanOrEqual(4096);
  });

  it('still takes large messages from an authenticated page', async () => {
    const opened = await page();
    const json = JSON.stringify({ text: 'x'.repeat(1024 * 1024) });
    await expect(opened.invoke(1, 'calls:write', { callId: 'c', json })).resolves.toEqual({ ok: true, value: null });
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
    const opened = await openAuthenticatedPage(small.port, small.token, { origin: small.origin });
    opened.send({ type: 'invoke', id: 1, channel: 'calls:write', request: { callId: 'c', json: 'x'.repeat(10_000) } });
    await expect(opened.closed).resolves.toMatchObject({ code: 1009 });
  });

  it('closes every page with "going away" when the host shuts down', async () => {
    const closing = await startWebHost({ engine, staticDir: fixture.dir, warn: () => undefined });
    const opened = await openAuthenticatedPage(closing.port, closing.token, { origin: closing.origin });
    await closing.close();
    await expect(opened.closed).resolves.toMatchObject({ code: 1001 });
    await expect(httpGet(closing.port, '/')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

/** POST /launch as the page does. */
function redeem(port: number, code: string, headers: Record<string, string> = { Origin: `http://127.0.0.1:${port}` }) {
  return httpGet(port, '/launch', { ...headers, 'X-Launch-Code': code }, 'POST');
}

function launchCodeOf(url: string): string {
  const match = /#launch=([A-Za-z0-9_-]+)$/.exec(url);
  if (match === null) throw new Error(`no launch code in ${url}`);
  return match[1]!;
}

describe('opening the browser without the token', () => {
  it('hands the opener a launch URL, never the token, on every platform', async () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      const argv: string[][] = [];
      const fakeSpawn = (command: string, args: string[]) => {
        argv.push([command, ...args]);
        return Object.assign(new EventEmitter(), { unref: () => undefined }) as unknown as ChildProcess;
      };
      openBrowser(host, platform, fakeSpawn);
      expect(argv).toHaveLength(1);
      const line = argv[0]!.join(' ');
      expect(line, platform).not.toContain(host.token);
      expect(line, platform).toContain(`${host.origin}/#launch=`);
      // ...and what the opener got does bring the page the token, once.
      const code = /#launch=([A-Za-z0-9_-]+)/.exec(line)![1]!;
      const traded = await redeem(host.port, code);
      expect(JSON.parse(traded.body), platform).toEqual({ token: host.token });
    }
  });

  it('trades a launch code for the token once, and not twice', async () => {
    const url = host.createLaunchUrl();
    expect(url).toMatch(new RegExp(`^${host.origin}/#launch=[A-Za-z0-9_-]{43}$`));
    expect(url).not.toContain(host.token);
    const first = await redeem(host.port, launchCodeOf(url));
    expect(first.status).toBe(200);
    expect(first.headers['cache-control']).toBe('no-store');
    expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(first.body)).toEqual({ token: host.token });
    const second = await redeem(host.port, launchCodeOf(url));
    expect(second.status).toBe(403);
    expect(second.body).not.toContain(host.token);
    expect(second.body).toContain('already used or has expired');
    expect(launchCodeOf(host.createLaunchUrl())).not.toBe(launchCodeOf(url)); // a new code each time
  });

  it('lets a launch code expire', async () => {
    const brief = await startWebHost({ engine, staticDir: fixture.dir, launchCodeTtlMs: 100, warn: () => undefined });
    extraHosts.push(brief);
    const code = launchCodeOf(brief.createLaunchUrl());
    await sleep(250);
    const late = await redeem(brief.port, code);
    expect(late.status).toBe(403);
    expect(late.body).not.toContain(brief.token);
  });

  it('refuses made-up codes, GET, and a missing or foreign Origin (without using the code up)', async () => {
    const code = launchCodeOf(host.createLaunchUrl());
    for (const made of ['', 'x', `${code.slice(0, -1)}${code.endsWith('A') ? 'B' : 'A'}`, code + code]) {
      expect((await redeem(host.port, made)).status, made).toBe(403);
    }
    expect((await httpGet(host.port, '/launch', { Origin: host.origin, 'X-Launch-Code': code })).status).toBe(405);
    expect((await redeem(host.port, code, {})).status).toBe(403);
    expect((await redeem(host.port, code, { Origin: 'http://evil.example' })).status).toBe(403);
    const answer = await redeem(host.port, code);
    expect(JSON.parse(answer.body)).toEqual({ token: host.token });
  });
});

interface RawUpgrade {
  socket: ReturnType<typeof connect>;
  closed: Promise<void>;
  /** The HTTP response head. */
  response(): string;
  /** The first WebSocket frame the host sent after the response. */
  firstFrame(): { opcode: number; closeCode: number | null } | null;
}

/** A WebSocket upgrade by hand, so a test can send frames no client library would. */
async function rawUpgrade(port: number, protocols: string[]): Promise<RawUpgrade> {
  const socket = connect({ host: '127.0.0.1', port });
  let received = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => (received = Buffer.concat([received, chunk])));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  const protocolLine = protocols.length === 0 ? '' : `Sec-WebSocket-Protocol: ${protocols.join(', ')}\r\n`;
  socket.write(
    `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: http://127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n${protocolLine}\r\n`,
  );
  await expect.poll(() => received.includes('\r\n\r\n')).toBe(true);
  const headEnd = () => received.indexOf('\r\n\r\n') + 4;
  return {
    socket,
    closed,
    response: () => received.subarray(0, headEnd()).toString('latin1'),
    firstFrame() {
      const frame = received.subarray(headEnd());
      if (frame.length < 2) return null;
      const opcode = frame[0]! & 0x0f;
      return { opcode, closeCode: opcode === 0x8 && frame.length >= 4 ? frame.readUInt16BE(2) : null };
    },
  };
}

/** The head of a masked text frame (FIN set) announcing a payload of this length. */
function frameHeader(length: number): Buffer {
  const header = Buffer.alloc(14);
  header[0] = 0x81;
  header[1] = 0x80 | 127;
  header.writeBigUInt64BE(BigInt(length), 2);
  randomBytes(4).copy(header, 10);
  return header;
}
