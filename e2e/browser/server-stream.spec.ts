// Server streaming against the demo server: every message of a 2,000-message stream is
// counted, and while a big stream pours in the UI still answers clicks at once.
import { expect, test, type Page } from '@playwright/test';
import {
  button,
  callStatus,
  expectFinalStatus,
  messageCounts,
  openMethod,
  openWorkbench,
  responseTab,
  saveScreenshot,
  setRequestBody,
  startDemoFromUi,
  useWebHost,
} from '../support/workbench';

const host = useWebHost();

test('CountUp streams 2,000 messages: 1 sent · 2000 received, OK', async ({ page }) => {
  await openWorkbench(page, host());
  await startDemoFromUi(page);
  await openMethod(page, 'CountUp');
  await setRequestBody(page, '{"count": 2000, "intervalMs": 0}');
  await button(page, 'Invoke').click();

  await expectFinalStatus(page, 'OK');
  await expect(messageCounts(page)).toHaveText(/^1 sent · 2,?000 received$/);
  // The log follows the tail on its own; a known renderer bug sometimes stops that during a fast
  // stream though nobody scrolled (see the e2e report), and a user then presses Jump to latest.
  const jumpToLatest = button(page, 'Jump to latest');
  if (await jumpToLatest.isVisible()) {
    const note = 'Stream messages stopped following the tail without a user scroll';
    test.info().annotations.push({ type: 'ui-bug', description: note });
    console.log(`[server-stream] known UI bug: ${note}`);
    await jumpToLatest.click();
  }
  const log = page.getByRole('log', { name: 'Stream messages', exact: true });
  await expect(log.getByRole('article').last()).toContainText('"index":1999');
  await saveScreenshot(page, 'server-stream-2000');
});

test('while 100,000 messages stream in, the Headers tab opens at once; Cancel ends it CANCELLED', async ({ page }) => {
  await openWorkbench(page, host());
  await startDemoFromUi(page);
  await openMethod(page, 'CountUp');
  await setRequestBody(page, '{"count": 100000, "intervalMs": 0}');
  await button(page, 'Invoke').click();

  // Wait until thousands of messages have poured into the Messages view, then use the UI while
  // more keep coming.
  await expect(messageCounts(page)).toHaveText(/· \d{1,3},\d{3} received$/);
  await expect(callStatus(page)).toHaveText(/^Running/);

  // A responsiveness check, generous on purpose: a UI that renders every message on the main
  // thread takes seconds to answer a click here. The click is a raw mouse click on the tab, as a
  // user's (Playwright's locator.click() first waits for the page to be idle enough for its
  // checks, which would hide the very delay measured). The time is taken in the page, from the
  // pointerdown's timestamp (set when the click happened, so time the event waited behind a busy
  // main thread counts) to the frame after the panel appeared.
  const headersTab = responseTab(page, 'Headers');
  const box = await headersTab.boundingBox();
  expect(box, 'the Headers tab is on screen').not.toBeNull();
  const latency = await armClickToVisible(page, 'table[aria-label="Response headers"]');
  const startedAt = Date.now();
  await page.mouse.click((box?.x ?? 0) + (box?.width ?? 0) / 2, (box?.y ?? 0) + (box?.height ?? 0) / 2);
  await expect(page.getByRole('table', { name: 'Response headers', exact: true })).toBeVisible();
  const wallClockMs = Date.now() - startedAt;
  const clickToVisibleMs = await latency();
  console.log(`[server-stream] Headers click to visible: ${Math.round(clickToVisibleMs)} ms in the page (${wallClockMs} ms wall clock, with Playwright's polling)`);
  expect(clickToVisibleMs, `Headers panel took ${Math.round(clickToVisibleMs)} ms to show during the stream`).toBeLessThan(1000);
  await expect(headersTab).toHaveAttribute('aria-selected', 'true');

  await expect(callStatus(page), 'the stream was still running when Cancel was pressed').toHaveText(/^Running/);
  await button(page, 'Cancel').click();
  await expectFinalStatus(page, 'CANCELLED');
  await expect(button(page, 'Invoke')).toBeEnabled();
  await saveScreenshot(page, 'server-stream-cancel');
});

/**
 * Starts watching for the next pointerdown and for an element matching `selector` to appear after
 * it; the returned function resolves to the milliseconds between the two (to the next frame).
 * The page code is a string: the Node-side tsconfig has no DOM types, and adding them would
 * hide DOM use in the engine.
 */
async function armClickToVisible(page: Page, selector: string): Promise<() => Promise<number>> {
  await page.evaluate(`
    globalThis.clickToVisible = new Promise((resolve) => {
      let downAt = null;
      const observer = new MutationObserver(() => {
        if (downAt === null || !document.querySelector(${JSON.stringify(selector)})) return;
        observer.disconnect();
        const from = downAt;
        requestAnimationFrame(() => resolve(performance.now() - from));
      });
      document.addEventListener('pointerdown', (event) => { downAt = event.timeStamp; }, { capture: true, once: true });
      observer.observe(document.body, { childList: true, subtree: true });
    });
    undefined; // the script's value: evaluate() would otherwise wait for the promise
  `);
  return async () => Number(await page.evaluate('globalThis.clickToVisible'));
}
