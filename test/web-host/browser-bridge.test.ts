// The renderer's bridge in a real browser (Debian's Chromium via Playwright) against the real
// web host: the page's own Origin and Host pass, the CSP lets the WebSocket through, the token
// leaves the address bar, a reload still works, and a wrong token reads as a clear failure.
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebHost, type RunningWebHost } from '../../electron/web-host/web-host';
import { LAUNCH_REFUSED_REASON, TOKEN_REFUSED_REASON } from '../../renderer/src/bridge/host-connection-status';
import { createFakeEngine, createStaticFixture, type StaticFixture } from './host-test-kit';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const repoRoot = resolve(__dirname, '..', '..');

// The page: connect, then report what it saw on window.bridgeReport.
const PAGE_SCRIPT = `
import { connectWorkbench } from './renderer/src/bridge/connect-workbench';
const events = [];
connectWorkbench().then(async (workbench) => {
  window.bridgeConnection = workbench;
  workbench.onEvents((batch) => events.push(batch.seq));
  const info = await workbench.invoke('shell:info', {});
  const emitted = await workbench.invoke('demo:start', { port: 3 });
  while (emitted.ok && events.length < 3) await new Promise((r) => setTimeout(r, 10));
  window.bridgeReport = {
    status: workbench.status(),
    info,
    events,
    hash: location.hash,
    stored: (globalThis as unknown as { sessionStorage: { getItem(key: string): string | null } }).sessionStorage.getItem('grpc-workbench.access-token'),
  };
});
`;

let fixture: StaticFixture;
let host: RunningWebHost;
let browser: Browser;
const cspViolations: string[] = [];

async function openReport(page: Page, url: string): Promise<Record<string, unknown>> {
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) cspViolations.push(message.text());
  });
  await page.goto(url);
  await page.waitForFunction(() => 'bridgeReport' in globalThis, undefined, { timeout: 15_000 });
  return page.evaluate(() => (globalThis as unknown as { bridgeReport: Record<string, unknown> }).bridgeReport);
}

describe.skipIf(!existsSync(CHROMIUM))('the bridge in Chromium', () => {
  beforeAll(async () => {
    fixture = createStaticFixture();
    writeFileSync(join(fixture.dir, 'index.html'), '<!doctype html><title>bridge</title><script type="module" src="./bridge-page.js"></script>');
    await build({
      stdin: { contents: PAGE_SCRIPT, resolveDir: repoRoot, loader: 'ts' },
      bundle: true,
      format: 'esm',
      platform: 'browser',
      outfile: join(fixture.dir, 'bridge-page.js'),
      logLevel: 'warning',
    });
    host = await startWebHost({ engine: createFakeEngine(), staticDir: fixture.dir, warn: () => undefined });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-proxy-server'] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    fixture?.cleanup();
  });

  it('connects with the printed URL, hides the token, and survives a reload', async () => {
    const page = await browser.newPage();
    const report = await openReport(page, host.url);
    expect(report.status).toEqual({ state: 'connected' });
    expect(report.info).toMatchObject({ ok: true, value: { shell: 'browser' } });
    expect(report.events).toHaveLength(3);
    expect(report.hash).toBe('');
    expect(report.stored).toBe(host.token);
    expect(page.url()).toBe(`${host.origin}/`);

    await page.reload();
    await page.waitForFunction(() => 'bridgeReport' in globalThis);
    const reloaded = await page.evaluate(() => (globalThis as unknown as { bridgeReport: Record<string, unknown> }).bridgeReport);
    expect(reloaded.status).toEqual({ state: 'connected' });
    expect(cspViolations).toEqual([]);
    await page.close();
  }, 30_000);

  it('opens from a one-time launch URL (no token in it), which works only once', async () => {
    const launchUrl = host.createLaunchUrl();
    expect(launchUrl).not.toContain(host.token);
    const page = await browser.newPage();
    const report = await openReport(page, launchUrl);
    expect(report.status).toEqual({ state: 'connected' });
    expect(report.info).toMatchObject({ ok: true, value: { shell: 'browser' } });
    expect(report.hash).toBe('');
    expect(report.stored).toBe(host.token);
    expect(page.url()).toBe(`${host.origin}/`);
    await page.close();

    const again = await browser.newPage();
    const reused = await openReport(again, launchUrl);
    expect(reused.status).toEqual({ state: 'failed', reason: LAUNCH_REFUSED_REASON });
    expect(reused.stored).toBeNull();
    await again.close();
  }, 30_000);

  it('reconnects when a URL with a new token is opened in the same tab (only the fragment changes)', async () => {
    const page = await browser.newPage();
    const report = await openReport(page, `${host.origin}/#token=the-token-of-a-host-that-was-restarted`);
    expect(report.status).toEqual({ state: 'failed', reason: TOKEN_REFUSED_REASON });
    await page.evaluate(() => Object.assign(globalThis, { sameDocument: true }));
    await page.goto(host.url); // only the fragment differs: a hashchange, no reload
    await page.waitForFunction(() => (globalThis as unknown as { bridgeConnection: { status(): { state: string } } }).bridgeConnection.status().state === 'connected', undefined, { timeout: 15_000 });
    expect(page.url()).toBe(`${host.origin}/`);
    const after = await page.evaluate(async () => {
      const connection = (globalThis as unknown as { bridgeConnection: { invoke(channel: string, request: unknown): Promise<unknown> } }).bridgeConnection;
      return { info: await connection.invoke('shell:info', {}), stored: (globalThis as unknown as { sessionStorage: { getItem(key: string): string | null } }).sessionStorage.getItem('grpc-workbench.access-token'), sameDocument: 'sameDocument' in globalThis };
    });
    expect(after).toMatchObject({ info: { ok: true, value: { shell: 'browser' } }, stored: host.token, sameDocument: true });
    await page.close();
  }, 30_000);

  it('shows why when the token is wrong', async () => {
    const page = await browser.newPage();
    const report = await openReport(page, `${host.origin}/#token=not-the-right-token`);
    expect(report.status).toEqual({ state: 'failed', reason: TOKEN_REFUSED_REASON });
    expect(report.stored).toBeNull(); // a refused token is forgotten
    await page.close();
  }, 30_000);
});
