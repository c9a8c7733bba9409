// The browser shell: one http server that serves the renderer build and carries the contract
// over a WebSocket at /ws. Every request must name us in its Host header (DNS rebinding),
// every cross-origin request and every WebSocket must come from our own origin, and every
// WebSocket must present the per-run token in its upgrade request before it can reach the
// engine or send a frame larger than 1 KiB.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { WebSocketServer } from 'ws';
import type { WorkbenchApi } from '../../shared/contract';
import type { PageOwnership } from '../engine/engine-api';
import { createValidatedDispatch } from '../engine/dispatch/validated-dispatch';
import { createAccessToken, tokensMatch } from './access-token';
import type { EventSenderLimits } from './event-sender';
import { createLaunchCodes, LAUNCH_CODE_TTL_MS } from './launch-codes';
import { createOriginPolicy, isLoopbackHost, networkExposureRisk, urlHost, type OriginPolicy } from './origin-policy';
import { securityHeaders } from './security-headers';
import { CLOSE_CODES, pageIdOf, presentedToken, SOCKET_PATH, SUBPROTOCOL } from './socket-protocol';
import { runSocketSession } from './socket-session';
import { createStaticResponder } from './static-files';

export interface WebHostOptions {
  /** With connectPage (the real engine), a closed page's calls are cancelled after a grace period. */
  engine: WorkbenchApi & Partial<PageOwnership>;
  /** The folder with the renderer build (index.html and assets/). */
  staticDir: string;
  /** Default 127.0.0.1: only this machine can connect. */
  host?: string;
  /**
   * Must be true to bind anything but a loopback address (--expose-to-network): then anyone on
   * the network who gets the token can use this workbench. Default false: such a host is refused.
   */
  exposeToNetwork?: boolean;
  /** Default 0: any free port. */
  port?: number;
  /** Largest WebSocket message accepted from an authenticated page. Default 80 MiB (a 64 MiB request JSON plus its envelope). */
  maxPayloadBytes?: number;
  /** How long a launch code (createLaunchUrl) stays valid. Default 60 s. */
  launchCodeTtlMs?: number;
  /** Where refusals and slow-page warnings go. Default: stderr. */
  warn?: (message: string) => void;
  eventLimits?: EventSenderLimits;
}

export interface RunningWebHost {
  /** The address to open, token included: http://127.0.0.1:PORT/#token=TOKEN */
  url: string;
  /** http://127.0.0.1:PORT */
  origin: string;
  port: number;
  token: string;
  /**
   * The address to open the browser on: http://127.0.0.1:PORT/#launch=CODE, with a one-time
   * code instead of the token, because a command line is readable by other local users (see
   * launch-codes.ts). Each call issues a new code.
   */
  createLaunchUrl(): string;
  /** Closes every socket and the server. Does not dispose the engine (its owner does). */
  close(): Promise<void>;
}

const DEFAULT_MAX_PAYLOAD_BYTES = 80 * 1024 * 1024;
/**
 * The largest frame a socket without the right token can send while it is being refused. Such
 * a socket only ever gets our close frame; anything bigger than this is cut off unread.
 */
export const UNAUTHENTICATED_MAX_PAYLOAD_BYTES = 1024;
/** How long pages get to answer our close frame before their sockets are cut. */
const CLOSE_GRACE_MS = 1_000;
/** Where the page trades a launch code for the token (POST, code in X-Launch-Code). */
export const LAUNCH_PATH = '/launch';
const LAUNCH_CODE_HEADER = 'x-launch-code';

function refuseUpgrade(socket: Duplex, status: number, reason: string, message: string): void {
  const body = `${message}\n`;
  socket.on('error', () => undefined);
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  socket.destroy();
}

function refuseRequest(response: ServerResponse, headers: Record<string, string>, message: string, status = 403): void {
  const body = `${message}\n`;
  response.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(body) });
  response.end(body);
}

function pathnameOf(url: string | undefined): string {
  return (url ?? '').split(/[?#]/, 1)[0] ?? '';
}

/** The host to put in the printed URL: loopback by IP (no resolver surprises), others as given. */
function displayHost(boundHost: string): string {
  if (boundHost === '0.0.0.0' || boundHost === '::') return '127.0.0.1';
  if (boundHost.toLowerCase() === 'localhost') return 'localhost';
  return urlHost(boundHost);
}

function listen(server: ReturnType<typeof createServer>, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const hint = error.code === 'EADDRINUSE' ? ' The port is in use: choose another with --port, or --port 0 for any free port.' : '';
      reject(new Error(`gRPC Workbench could not listen on ${urlHost(host)}:${port}: ${error.message}.${hint}`));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Selects our protocol when offered; never one of the others (the token is one of them). */
function selectProtocol(offered: Set<string>): string | false {
  return offered.has(SUBPROTOCOL) ? SUBPROTOCOL : false;
}

export async function startWebHost(options: WebHostOptions): Promise<RunningWebHost> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host) && options.exposeToNetwork !== true) {
    throw new Error(`gRPC Workbench will not listen on ${urlHost(host)} without exposeToNetwork (--expose-to-network): ${networkExposureRisk(host)}`);
  }
  const warn = options.warn ?? ((message: string) => process.stderr.write(`[web-host] ${message}\n`));
  const token = createAccessToken();
  const launchCodes = createLaunchCodes(options.launchCodeTtlMs ?? LAUNCH_CODE_TTL_MS);
  const dispatch = createValidatedDispatch(options.engine);
  const serveStatic = createStaticResponder(options.staticDir);
  // Two servers because ws fixes a socket's message limit when it opens: only a socket whose
  // upgrade presented the token gets the large one. Without the token, the socket still opens
  // (a browser cannot see the HTTP status of a refused upgrade, so it could not tell "wrong
  // token: stop and say so" from "host down: retry"), but on the gate, which closes it at once
  // with tokenRefused and cuts off any frame above 1 KiB unread.
  const sockets = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES, handleProtocols: selectProtocol });
  const gate = new WebSocketServer({ noServer: true, maxPayload: UNAUTHENTICATED_MAX_PAYLOAD_BYTES, handleProtocols: selectProtocol });
  // Set once the port is known; no request can arrive before listen() has resolved.
  let policy: OriginPolicy | null = null;
  let headers: Record<string, string> = {};

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    if (policy === null) return void response.destroy();
    if (!policy.isAllowedHost(request.headers.host)) {
      warn(`Refused an HTTP request for Host ${JSON.stringify(request.headers.host ?? '')} (possible DNS rebinding).`);
      return refuseRequest(response, headers, `This server answers only requests for ${policy.hosts.join(' or ')}.`);
    }
    const origin = request.headers.origin;
    if (origin !== undefined && !policy.isAllowedOrigin(origin)) {
      warn(`Refused an HTTP request from origin ${JSON.stringify(origin)}.`);
      return refuseRequest(response, headers, 'Cross-origin requests are not allowed.');
    }
    if (pathnameOf(request.url) === LAUNCH_PATH) return redeemLaunchCode(request, response);
    serveStatic(request, response, headers).catch((cause: unknown) => {
      warn(`Serving ${request.url ?? ''} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
      if (!response.headersSent) response.writeHead(500, headers);
      response.end();
    });
  });

  const redeemLaunchCode = (request: IncomingMessage, response: ServerResponse): void => {
    if (request.method !== 'POST') return refuseRequest(response, { ...headers, Allow: 'POST' }, 'Use POST.', 405);
    // Browsers send Origin on every POST; the page's own fetch passes, a form elsewhere does not.
    if (request.headers.origin === undefined) return refuseRequest(response, headers, 'Missing Origin.');
    if (!launchCodes.redeem(request.headers[LAUNCH_CODE_HEADER])) {
      warn('Refused a launch code: unknown, already used or expired.');
      return refuseRequest(response, headers, 'This launch link was already used or has expired: open the URL gRPC Workbench printed.');
    }
    const body = JSON.stringify({ token });
    response.writeHead(200, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(body) });
    response.end(body);
  };

  const refuseToken = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    warn('Refused a WebSocket connection: missing or wrong access token.');
    gate.handleUpgrade(request, socket, head, (webSocket) => {
      webSocket.on('error', () => undefined); // e.g. a frame above the gate's limit: it is closing anyway
      const cut = setTimeout(() => webSocket.terminate(), CLOSE_GRACE_MS);
      cut.unref();
      webSocket.on('close', () => clearTimeout(cut));
      webSocket.close(CLOSE_CODES.tokenRefused, 'access token refused');
    });
  };

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (policy === null) return void socket.destroy();
    if (pathnameOf(request.url) !== SOCKET_PATH) return refuseUpgrade(socket, 404, 'Not Found', `WebSockets are served only at ${SOCKET_PATH}.`);
    if (!policy.isAllowedHost(request.headers.host)) {
      warn(`Refused a WebSocket for Host ${JSON.stringify(request.headers.host ?? '')} (possible DNS rebinding).`);
      return refuseUpgrade(socket, 403, 'Forbidden', 'Wrong Host header.');
    }
    // Browsers always send Origin on WebSockets; a missing one is refused like a foreign one.
    if (!policy.isAllowedOrigin(request.headers.origin)) {
      warn(`Refused a WebSocket from origin ${JSON.stringify(request.headers.origin ?? '(none)')}.`);
      return refuseUpgrade(socket, 403, 'Forbidden', 'Wrong or missing Origin.');
    }
    const presented = presentedToken(request.headers['sec-websocket-protocol']);
    if (presented === null || !tokensMatch(token, presented)) return refuseToken(request, socket, head);
    // A page that names itself keeps its calls across WebSocket reconnects; one that does not
    // (an older page, a script) is one page per socket.
    const pageId = pageIdOf(request.url) ?? `socket-${randomUUID()}`;
    const { connectPage } = options.engine;
    sockets.handleUpgrade(request, socket, head, (webSocket) => {
      runSocketSession({
        socket: webSocket,
        dispatch,
        events: options.engine,
        caller: { pageId },
        pages: connectPage === undefined ? undefined : { connectPage: (id) => connectPage.call(options.engine, id) },
        warn,
        eventLimits: options.eventLimits,
      });
    });
  });

  const port = await listen(server, host, options.port ?? 0);
  policy = createOriginPolicy(host, port);
  headers = securityHeaders(policy);
  if (!isLoopbackHost(host)) {
    warn(`Listening on ${urlHost(host)}:${port} (--expose-to-network), which other machines can reach: anyone on the network who has the token can use this workbench.`);
  }

  const origin = `http://${displayHost(host)}:${port}`;
  let closing: Promise<void> | null = null;
  const close = (): Promise<void> =>
    (closing ??= new Promise<void>((resolve) => {
      for (const client of sockets.clients) client.close(CLOSE_CODES.goingAway, 'the gRPC Workbench host is shutting down');
      for (const client of gate.clients) client.terminate();
      const cut = setTimeout(() => {
        for (const client of sockets.clients) client.terminate();
        server.closeAllConnections();
      }, CLOSE_GRACE_MS);
      cut.unref();
      sockets.close();
      gate.close();
      server.close(() => {
        clearTimeout(cut);
        resolve();
      });
      // Idle keep-alive connections would hold server.close() open.
      server.closeIdleConnections();
    }));

  const createLaunchUrl = (): string => `${origin}/#launch=${launchCodes.issue()}`;
  return { url: `${origin}/#token=${token}`, origin, port, token, createLaunchUrl, close };
}
