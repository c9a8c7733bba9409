import type { Browser, BrowserContext, Page } from 'playwright-core';

/**
 * Drives the real UI the way a user does, by role and accessible name (the names in the UI
 * contract), plus a few in-page probes installed before the app loads:
 *  - every long task (PerformanceObserver 'longtask', buffered) with its start and duration;
 *  - the moment the next click lands (capture listener), and the moment `Message counts`
 *    first shows the awaited number received (MutationObserver), both in page time.
 */
const PROBES = `
(() => {
  const bench = { longTasks: [], armed: false, clickAt: null, doneAt: null, target: 0, sawBelow: false, observer: null };
  window.__bench = bench;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) { bench.longTaskError = String(e); }
  document.addEventListener('click', () => {
    if (bench.armed && bench.clickAt === null) bench.clickAt = performance.now();
  }, true);
  bench.received = () => {
    const el = document.querySelector('[role="status"][aria-label="Message counts"]');
    const m = el && /([\\d,]+) received/.exec(el.textContent || '');
    return m ? Number(m[1].replace(/,/g, '')) : -1;
  };
  bench.check = () => {
    if (bench.clickAt === null || bench.doneAt !== null) return;
    const n = bench.received();
    if (n >= 0 && n < bench.target) bench.sawBelow = true;
    else if (bench.sawBelow && n >= bench.target) bench.doneAt = performance.now();
  };
  bench.markCut = () => { bench.doneAt = performance.now(); bench.receivedAtCut = bench.received(); };
  bench.running = () => (document.querySelector('[role="status"][aria-label="Call status"]')?.textContent || '').includes('Running');
  bench.result = (wasCut) => {
    const start = bench.clickAt, end = bench.doneAt;
    return {
      ms: end - start,
      received: wasCut ? bench.receivedAtCut : bench.received(),
      longTasks: bench.longTasks.filter((t) => t.start >= start - 1 && t.start <= end).map((t) => t.duration),
      cut: wasCut,
    };
  };
  bench.arm = (target) => {
    bench.armed = true; bench.clickAt = null; bench.doneAt = null; bench.target = target; bench.sawBelow = false;
    if (bench.observer) bench.observer.disconnect();
    const el = document.querySelector('[role="status"][aria-label="Message counts"]');
    if (!el) throw new Error('no Message counts status on the page');
    bench.observer = new MutationObserver(bench.check);
    bench.observer.observe(el, { subtree: true, childList: true, characterData: true });
  };
})();
`;

interface BenchProbe {
  doneAt: number | null;
  arm(target: number): void;
  received(): number;
  markCut(): void;
  running(): boolean;
  result(wasCut: boolean): StreamInPage;
}
/** The page's global as the probes leave it (the node tsconfig has no DOM types). */
interface PageGlobal {
  __bench: BenchProbe;
}

export interface OpenedApp {
  context: BrowserContext;
  page: Page;
  /** Page errors seen so far (uncaught exceptions). */
  errors: string[];
}

export async function openApp(browser: Browser, url: string): Promise<OpenedApp> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.addInitScript(PROBES);
  await page.goto(url);
  return { context, page, errors };
}

/** The app shell is up: the Services tree is in the DOM and `Start demo server` can be clicked. */
export async function waitForAppShell(page: Page, timeoutMs: number): Promise<void> {
  await page.getByRole('tree', { name: 'Services' }).waitFor({ state: 'attached', timeout: timeoutMs });
  await page.getByRole('button', { name: 'Start demo server' }).waitFor({ state: 'visible', timeout: timeoutMs });
}

/** Clicks `Start demo server` and waits until the demo's methods are listed in the Services tree. */
export async function startDemoFromUi(page: Page, timeoutMs: number): Promise<void> {
  await page.getByRole('button', { name: 'Start demo server' }).click({ timeout: timeoutMs });
  await page.getByRole('tree', { name: 'Services' }).getByRole('treeitem', { name: 'CountUp', exact: true }).first().waitFor({ timeout: timeoutMs });
}

/** Opens the method's request tab and points it at `address` (the demo server in its own process). */
export async function openMethod(page: Page, method: string, address: string): Promise<void> {
  await page.getByRole('tree', { name: 'Services' }).getByRole('treeitem', { name: method, exact: true }).first().click();
  const target = page.getByRole('textbox', { name: 'Server address', exact: true });
  await target.fill(address);
}

/** Replaces the Monaco editor's text by typing (Monaco's auto-closing is typed over as a user would). */
export async function setRequestBody(page: Page, json: string): Promise<void> {
  const editor = page.getByRole('textbox', { name: 'Request body', exact: true });
  await editor.focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(json);
}

export interface StreamInPage {
  /** Page time from the click on Invoke to `Message counts` showing every message received (or to the cut-off). */
  ms: number;
  received: number;
  /** Long tasks (>= 50 ms) that started between the click and the end. */
  longTasks: number[];
  /** Cancelled (button `Cancel`) at the cut-off before every message arrived. */
  cut: boolean;
}

/**
 * Clicks Invoke and waits until `Message counts` shows `count` received. After cutoffMs it
 * clicks Cancel instead and reports what had arrived by then (cut: true).
 */
export async function invokeAndCount(page: Page, count: number, cutoffMs: number): Promise<StreamInPage> {
  await page.evaluate((target) => (globalThis as unknown as PageGlobal).__bench.arm(target), count);
  await page.getByRole('button', { name: 'Invoke', exact: true }).click();
  let cut = false;
  try {
    await page.waitForFunction(() => (globalThis as unknown as PageGlobal).__bench.doneAt !== null, null, { timeout: cutoffMs, polling: 250 });
  } catch {
    cut = true;
    // The figure is what had arrived at the cut-off, not what trickled in while cancelling.
    await page.evaluate(() => (globalThis as unknown as PageGlobal).__bench.markCut());
    await page.getByRole('button', { name: 'Cancel', exact: true }).click({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Invoke', exact: true }).waitFor({ state: 'visible', timeout: 10_000 });
    await page.waitForFunction(() => !(globalThis as unknown as PageGlobal).__bench.running(), null, { timeout: 15_000, polling: 100 });
  }
  return page.evaluate((wasCut) => (globalThis as unknown as PageGlobal).__bench.result(wasCut), cut);
}

/** Status text of `Call status` (e.g. OK, CANCELLED). */
export async function callStatus(page: Page): Promise<string> {
  return ((await page.getByRole('status', { name: 'Call status', exact: true }).textContent()) ?? '').trim();
}

/** Renderer JS heap after a forced GC, in MB, through the DevTools protocol. */
export async function heapAfterGcMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const usage = await cdp.send('Runtime.getHeapUsage');
    return usage.usedSize / (1024 * 1024);
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}
