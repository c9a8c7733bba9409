// Messages the page does not hold are reachable: the log shows a skipped range as "N messages not
// loaded" in its place, and scrolling it into view (or Load messages) brings those messages from
// the engine, in order, with their real indexes and JSON.
import { expect, test, type Page } from '@playwright/test';
import { button, expectFinalStatus, messageCounts, openMethod, openWorkbench, saveScreenshot, setRequestBody, startDemoFromUi, useWebHost } from '../support/workbench';

const host = useWebHost();

const log = (page: Page) => page.getByRole('log', { name: 'Stream messages', exact: true });
const skippedRows = (page: Page) => log(page).getByRole('group', { name: /messages? not loaded$/ });
/** A collapsed message row's height (MessagesView.tsx). */
const ROW_HEIGHT = 47;
const scrollLogTo = (page: Page, top: number) => page.locator('.messages-scroll').evaluate((el, y) => (el.scrollTop = y), top);

test('a 3,000-message stream kept to the last 1,000: scrolling up loads #1500 in place, Load messages the earliest', async ({ page }) => {
  await openWorkbench(page, host());
  await startDemoFromUi(page);
  await openMethod(page, 'CountUp');
  await page.getByRole('combobox', { name: 'Messages kept per call' }).selectOption('1000');
  await setRequestBody(page, '{"count": 3000, "intervalMs": 0}');
  await button(page, 'Invoke').click();
  await expectFinalStatus(page, 'OK');
  await expect(messageCounts(page)).toHaveText(/^1 sent · 3,000 received$/);

  // The page holds the last 1,000; the 2,001 before them (the request and responses #0-#1999) are
  // a row at the top. The user scrolls up until that row is partly above the view: the messages
  // right above the ones they came from load in its place, and the view stays where it was.
  await expect(page.getByText('Showing 1,000 of 3,001 · 2,001 not loaded')).toBeVisible();
  await scrollLogTo(page, 20);
  await expect(skippedRows(page).first()).toBeVisible();
  await expect(page.getByText('Showing 1,500 of 3,001 · 1,501 not loaded')).toBeVisible({ timeout: 10_000 });
  // Still in view: #2000, with the loaded #1999 right above it.
  await expect(log(page).getByRole('article').filter({ hasText: '#2000' })).toBeInViewport();
  await expect(log(page).getByRole('article').filter({ hasText: '#1999' })).toBeVisible();
  // Further up, at the top of what was loaded: message #1500, with its JSON.
  await scrollLogTo(page, ROW_HEIGHT);
  const m1500 = log(page).getByRole('article').filter({ hasText: '#1500' });
  await expect(m1500).toBeInViewport();
  await expect(m1500).toContainText('"index":1500');
  await expect(m1500).toContainText('received');
  await saveScreenshot(page, 'message-ranges-scrolled-up');
  // The row above is still partly in view: the 500 before #1500 load too, and #1500 stays where it is.
  await expect(page.getByText('Showing 2,000 of 3,001 · 1,001 not loaded')).toBeVisible({ timeout: 10_000 });
  await expect(m1500).toBeInViewport();

  // The rest of that range stays a row until it is wanted. Back at the top, Load messages brings
  // its first part at once (clicked in the page as soon as the row renders: staying in view would
  // load it too, 200 ms later).
  const clicked = await page.evaluate(`new Promise((resolve) => {
    const scroller = document.querySelector('.messages-scroll');
    scroller.scrollTop = 0;
    const started = performance.now();
    const tryClick = () => {
      const row = document.querySelector('.message-skipped');
      const load = row && [...row.querySelectorAll('button')].find((b) => b.textContent === 'Load messages');
      if (load) { load.click(); resolve(row.getAttribute('aria-label')); }
      else if (performance.now() - started > 150) resolve(null);
      else requestAnimationFrame(tryClick);
    };
    requestAnimationFrame(tryClick);
  })`);
  expect(clicked, 'the skipped row at the top, with its Load messages button').toBe('1,001 messages not loaded');
  // The request (sent #0, position 0) and the first responses, in order above the rest.
  const request = log(page).getByRole('article').filter({ has: page.getByText('sent', { exact: true }) });
  await expect(request).toHaveCount(1, { timeout: 10_000 });
  await expect(request).toContainText('#0');
  await expect(request).toContainText('{"count":3000}');
  await expect(log(page).getByRole('article').filter({ hasText: '#12' }).first()).toContainText('"index":12');
  await saveScreenshot(page, 'message-ranges-loaded');

  // Scrolling down to the rest of the range (after the 500 loaded) shows its row, which loads in turn.
  await scrollLogTo(page, 498 * ROW_HEIGHT);
  await expect(skippedRows(page).first()).toHaveAccessibleName('501 messages not loaded');
  await saveScreenshot(page, 'message-ranges-skipped-row');
  await expect(log(page).getByRole('article').filter({ hasText: '#499' }).filter({ hasText: '"index":499' })).toBeVisible({ timeout: 10_000 });
  await expect(page.getByText('Showing 3,000 of 3,001 · 1 not loaded')).toBeVisible();
});
