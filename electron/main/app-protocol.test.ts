import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_SCHEME_PRIVILEGES, contentTypeFor, createAppRequestHandler, resolveAppPath } from './app-protocol';
import { contentSecurityPolicy } from './content-security-policy';

let base: string;
let root: string;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'workbench-protocol-'));
  root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>gRPC Workbench</title>');
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(root, 'assets', 'editor.worker-x1.js'), 'self.onmessage = () => {}');
  writeFileSync(join(base, 'secret.txt'), 'outside the renderer root');
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('resolveAppPath', () => {
  it('maps our URLs to files under the root', () => {
    expect(resolveAppPath(root, 'app://workbench/')).toBe(join(root, 'index.html'));
    expect(resolveAppPath(root, 'app://workbench/index.html')).toBe(join(root, 'index.html'));
    expect(resolveAppPath(root, 'app://workbench/assets/index-abc.js?v=1#x')).toBe(join(root, 'assets', 'index-abc.js'));
    expect(resolveAppPath(root, 'app://workbench/assets/a%20b.js')).toBe(join(root, 'assets', 'a b.js'));
  });

  it.each([
    'app://workbench/../secret.txt',
    'app://workbench/%2e%2e/secret.txt',
    'app://workbench/assets/%2e%2e/%2e%2e/secret.txt',
    'app://workbench/..%2fsecret.txt',
    'app://workbench/..%5csecret.txt',
    'app://workbench/%2fetc%2fpasswd',
    'app://workbench/assets%00.js',
    'app://workbench/%E0%A4%A',
    'app://other/index.html',
    'file:///etc/passwd',
    'not a url',
  ])('refuses %s', (url) => {
    const resolved = resolveAppPath(root, url);
    // Either refused outright or, for URLs the parser normalises (../ segments), still inside the root.
    if (resolved !== null) expect(resolved.startsWith(join(root, '/'))).toBe(true);
    expect(resolved).not.toBe(join(base, 'secret.txt'));
  });

  it('keeps dot segments the URL parser resolves inside the root', () => {
    expect(resolveAppPath(root, 'app://workbench/../secret.txt')).toBe(join(root, 'secret.txt'));
    expect(resolveAppPath(root, 'app://workbench/%2e%2e/secret.txt')).toBe(join(root, 'secret.txt'));
  });

  it('refuses encoded slashes, backslashes, NUL bytes and other hosts outright', () => {
    expect(resolveAppPath(root, 'app://workbench/assets/..%2f..%2fsecret.txt')).toBeNull();
    expect(resolveAppPath(root, 'app://workbench/..%2fsecret.txt')).toBeNull();
    expect(resolveAppPath(root, 'app://workbench/..%5csecret.txt')).toBeNull();
    expect(resolveAppPath(root, 'app://workbench/assets%00.js')).toBeNull();
    expect(resolveAppPath(root, 'app://other/index.html')).toBeNull();
  });
});

describe('createAppRequestHandler', () => {
  const handler = () => createAppRequestHandler(root);

  it('serves index.html with the CSP and a correct content type', async () => {
    const response = await handler()(new Request('app://workbench/'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('gRPC Workbench');
  });

  it('serves scripts and worker files as JavaScript', async () => {
    const response = await handler()(new Request('app://workbench/assets/editor.worker-x1.js'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await response.text()).toBe('self.onmessage = () => {}');
  });

  it('answers 404 for traversal, directories and missing files, never the file outside root', async () => {
    for (const url of ['app://workbench/%2e%2e/secret.txt', 'app://workbench/assets', 'app://workbench/missing.js']) {
      const response = await handler()(new Request(url));
      expect(response.status, url).toBe(404);
      expect(await response.text()).not.toContain('outside the renderer root');
    }
  });

  it('refuses methods other than GET and HEAD', async () => {
    const response = await handler()(new Request('app://workbench/index.html', { method: 'POST', body: 'x' }));
    expect(response.status).toBe(405);
    const head = await handler()(new Request('app://workbench/index.html', { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});

describe('scheme registration', () => {
  it('registers app:// as a standard, secure scheme', () => {
    expect(APP_SCHEME_PRIVILEGES.scheme).toBe('app');
    expect(APP_SCHEME_PRIVILEGES.privileges).toMatchObject({ standard: true, secure: true, supportFetchAPI: true });
    expect(APP_SCHEME_PRIVILEGES.privileges).not.toHaveProperty('bypassCSP');
  });

  it('knows the content types of a Vite build', () => {
    expect(contentTypeFor('a.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeFor('a.woff2')).toBe('font/woff2');
    expect(contentTypeFor('a.SVG')).toBe('image/svg+xml');
    expect(contentTypeFor('a.unknown')).toBe('application/octet-stream');
  });
});
