// Serves the renderer build (out/renderer) read-only: GET and HEAD, files only (no directory
// listings), nothing outside the build folder (no "..", no dotfiles, no symlinks leading out).
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, isAbsolute, join, relative, sep } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

export function contentTypeFor(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** Vite puts content-hashed files in assets/: they never change, so browsers may keep them. */
function cacheControlFor(relativePath: string): string {
  if (relativePath.startsWith(`assets${sep}`)) return 'public, max-age=31536000, immutable';
  // index.html names the current hashed assets (and is where the token arrives): always fresh.
  return 'no-cache';
}

type Resolution = { ok: true; relativePath: string } | { ok: false; status: number; message: string };

/** Maps a request path to a file path inside the build folder, or says why it cannot. */
export function resolveRequestPath(rawUrl: string): Resolution {
  const pathname = rawUrl.split(/[?#]/, 1)[0] ?? '';
  if (!pathname.startsWith('/')) return { ok: false, status: 400, message: 'Bad request path.' };
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { ok: false, status: 400, message: 'Bad request path encoding.' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { ok: false, status: 400, message: 'Bad request path.' };
  const segments = decoded.split('/').filter((segment) => segment !== '');
  // ".." and "." (traversal) and dotfiles are refused outright rather than normalized away.
  if (segments.some((segment) => segment.startsWith('.'))) return { ok: false, status: 404, message: 'Not found.' };
  if (segments.length === 0) return { ok: true, relativePath: 'index.html' };
  return { ok: true, relativePath: join(...segments) };
}

function isInside(root: string, candidate: string): boolean {
  const rel = relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

export interface StaticResponder {
  (request: IncomingMessage, response: ServerResponse, headers: Record<string, string>): Promise<void>;
}

function sendText(response: ServerResponse, status: number, text: string, headers: Record<string, string>, extra: Record<string, string> = {}): void {
  response.writeHead(status, { ...headers, ...extra, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

export function createStaticResponder(staticDir: string): StaticResponder {
  let rootReal: Promise<string | null> | null = null;
  const root = () => (rootReal ??= realpath(staticDir).catch(() => null));

  return async (request, response, headers) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendText(response, 405, 'Method not allowed.', headers, { Allow: 'GET, HEAD' });
      return;
    }
    const resolved = resolveRequestPath(request.url ?? '/');
    if (!resolved.ok) {
      sendText(response, resolved.status, resolved.message, headers);
      return;
    }
    const rootPath = await root();
    if (rootPath === null) {
      rootReal = null; // the build may appear later
      sendText(response, 503, `The renderer is not built (no ${staticDir}). Run "npm run build:renderer", then reload.`, headers);
      return;
    }
    const candidate = join(rootPath, resolved.relativePath);
    const filePath = await realpath(candidate).catch(() => null);
    const info = filePath !== null && isInside(rootPath, filePath) ? await stat(filePath).catch(() => null) : null;
    if (filePath === null || info === null || !info.isFile()) {
      if (resolved.relativePath === 'favicon.ico') {
        // Browsers ask for it unprompted; "no icon" is not an error worth a console message.
        response.writeHead(204, { ...headers, 'Cache-Control': 'no-cache' });
        response.end();
        return;
      }
      sendText(response, 404, 'Not found.', headers);
      return;
    }
    response.writeHead(200, {
      ...headers,
      'Content-Type': contentTypeFor(filePath),
      'Content-Length': info.size,
      'Cache-Control': cacheControlFor(resolved.relativePath),
    });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    const stream = createReadStream(filePath);
    stream.on('error', () => response.destroy());
    stream.pipe(response);
  };
}
