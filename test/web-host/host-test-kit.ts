// Helpers for the web host tests: a small in-test WorkbenchApi (to test the host's mechanics,
// not the engine), a renderer build folder, and a real `ws` client playing the page.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { ChannelName, EventBatch, WorkbenchApi } from '../../shared/contract';
import { ok, type Result } from '../../shared/result';
import { socketProtocols } from '../../electron/web-host/socket-protocol';

export interface FakeEngine extends WorkbenchApi {
  /** Requests that reached the engine (so after validation). */
  received: { channel: ChannelName; request: unknown }[];
  listenerCount(): number;
  emit(batch: EventBatch): void;
  /** Resolves every invoke that is being held (see 'calls:halfClose'). */
  releaseHeld(): void;
}

/**
 * shell:info answers; demo:stop throws (an engine bug); demo:start emits `port` event batches
 * before answering; calls:halfClose is held until releaseHeld(); everything else answers null.
 */
export function createFakeEngine(): FakeEngine {
  const listeners = new Set<(batch: EventBatch) => void>();
  const received: FakeEngine['received'] = [];
  const held: (() => void)[] = [];
  let seq = 0;
  const emit = (batch: EventBatch) => {
    for (const listener of [...listeners]) listener(batch);
  };
  const invoke = async (channel: ChannelName, request: unknown): Promise<Result<unknown>> => {
    received.push({ channel, request });
    switch (channel) {
      case 'shell:info':
        return ok({ shell: 'browser', platform: 'linux', version: 'test', nativeDialogs: false, homeDir: '/home/test' });
      case 'demo:stop':
        throw new Error('the fake engine fell over');
      case 'demo:start': {
        const count = (request as { port: number | null }).port ?? 0;
        for (let i = 0; i < count; i += 1) {
          seq += 1;
          emit({ seq, events: [{ kind: 'demo', running: true, address: `n=${i}` }] });
        }
        return ok({ emitted: count });
      }
      case 'calls:halfClose':
        return new Promise((resolve) => held.push(() => resolve(ok(null))));
      default:
        return ok(null);
    }
  };
  return {
    invoke: invoke as WorkbenchApi['invoke'],
    onEvents(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    received,
    listenerCount: () => listeners.size,
    emit,
    releaseHeld: () => held.splice(0).forEach((release) => release()),
  };
}

export interface StaticFixture {
  /** The build folder to serve. */
  dir: string;
  /** A secret file beside (outside) the build folder. */
  secretPath: string;
  secretText: string;
  cleanup(): void;
}

export function createStaticFixture(): StaticFixture {
  const base = mkdtempSync(join(tmpdir(), 'web-host-'));
  const dir = join(base, 'renderer');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>gRPC Workbench</title><script type="module" src="./assets/app-1a2b3c.js"></script>');
  writeFileSync(join(dir, 'assets', 'app-1a2b3c.js'), 'console.log("app");');
  writeFileSync(join(dir, 'assets', 'style-4d5e.css'), 'body{}');
  writeFileSync(join(dir, 'assets', 'codicon.ttf'), Buffer.from([0, 1, 0, 0]));
  writeFileSync(join(dir, '.env'), 'SECRET=dotfile');
  const secretText = 'TOP-SECRET-OUTSIDE-THE-BUILD';
  const secretPath = join(base, 'secret.txt');
  writeFileSync(secretPath, secretText);
  // A link inside the build that leads out of it must not be followed.
  symlinkSync(secretPath, join(dir, 'assets', 'leak.txt'));
  return { dir, secretPath, secretText, cleanup: () => rmSync(base, { recursive: true, force: true }) };
}

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A raw HTTP request: the path is sent exactly as given (no normalization). */
export function httpGet(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method, headers: { Host: `127.0.0.1:${port}`, ...headers }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

export interface PageClient {
  socket: WebSocket;
  /** Every parsed message from the host, in order. */
  messages: { type: string; [key: string]: unknown }[];
  /** Resolves with the close code and reason. */
  closed: Promise<{ code: number; reason: string }>;
  send(message: unknown): void;
  /** Waits until a message matching the predicate has arrived (or fails after timeoutMs). */
  waitFor<T extends PageClient['messages'][number]>(predicate: (message: PageClient['messages'][number]) => boolean, timeoutMs?: number): Promise<T>;
  invoke(id: number, channel: string, request: unknown): Promise<Result<unknown>>;
}

export interface OpenOptions {
  /** Offered as the page does (socketProtocols); absent: no subprotocols at all. */
  token?: string;
  /** Subprotocols to offer as given (instead of token). */
  protocols?: string[];
  origin?: string | null;
  host?: string;
  path?: string;
  address?: string;
}

/** Opens a WebSocket like a page would. Rejects with the HTTP status when the upgrade is refused. */
export function openPage(port: number, options: OpenOptions = {}): Promise<PageClient> {
  const address = options.address ?? '127.0.0.1';
  const headers: Record<string, string> = {};
  if (options.host !== undefined) headers.Host = options.host;
  const origin = options.origin === undefined ? `http://127.0.0.1:${port}` : options.origin;
  const protocols = options.protocols ?? (options.token === undefined ? [] : socketProtocols(options.token));
  const socket = new WebSocket(`ws://${address}:${port}${options.path ?? '/ws'}`, protocols, { headers, ...(origin === null ? {} : { origin }) });
  const messages: PageClient['messages'] = [];
  const waiters = new Set<() => void>();
  socket.on('message', (data) => {
    messages.push(JSON.parse(data.toString()) as PageClient['messages'][number]);
    for (const wake of [...waiters]) wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  const client: PageClient = {
    socket,
    messages,
    closed,
    send: (message) => socket.send(typeof message === 'string' ? message : JSON.stringify(message)),
    waitFor: (predicate, timeoutMs = 5_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(predicate);
          if (found === undefined) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found as never);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`Timed out waiting for a message; got ${JSON.stringify(messages).slice(0, 500)}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      }),
    async invoke(id, channel, request) {
      client.send({ type: 'invoke', id, channel, request });
      const answer = await client.waitFor((m) => m.type === 'result' && m.id === id);
      return answer.result as Result<unknown>;
    },
  };
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(client));
    socket.once('unexpected-response', (req, res) => {
      reject(Object.assign(new Error(`upgrade refused with HTTP ${res.statusCode}`), { status: res.statusCode }));
      res.resume();
      req.destroy();
    });
    socket.on('error', reject);
  });
}

/** Opens a page that presents the token in its upgrade; resolves once the host said ready. */
export async function openAuthenticatedPage(port: number, token: string, options: OpenOptions = {}): Promise<PageClient> {
  const page = await openPage(port, { ...options, token });
  await page.waitFor((m) => m.type === 'ready');
  return page;
}
