// Live calls: every call the engine runs, from this page or any other, each cancellable; and a
// reloaded page leaves no orphan stream behind once the grace period is over.
import { expect, test, type Page } from '@playwright/test';
import { button, callStatus, expectFinalStatus, openMethod, openWorkbench, saveScreenshot, setRequestBody, startDemoFromUi, useWebHost } from '../support/workbench';

/** Short, so the reload case is over in seconds (the default is 10 s). */
const GRACE_MS = 5_000;
const host = useWebHost({ args: ['--orphan-grace-ms', String(GRACE_MS)] });

const liveCalls = (page: Page) => page.getByRole('region', { name: 'Live calls', exact: true });
const liveCall = (page: Page, method: string) => liveCalls(page).getByRole('article', { name: method, exact: true });

async function startCountUp(page: Page): Promise<void> {
  await openMethod(page, 'CountUp');
  await setRequestBody(page, '{"count": 100000, "intervalMs": 100}');
  await button(page, 'Invoke').click();
  await expect(callStatus(page)).toHaveText(/^Running/);
}

test('a running stream shows in Live calls with its counts and is cancelled from there', async ({ page }) => {
  await openWorkbench(page, host());
  await startDemoFromUi(page);
  await startCountUp(page);

  await expect(button(page, 'Live calls')).toContainText('1');
  await button(page, 'Live calls').click();
  const call = liveCall(page, 'demo.v1.DemoService.CountUp');
  await expect(call).toBeVisible();
  await expect(call).toContainText('server streaming');
  await expect(call).toContainText(/Running \d+ s/);
  await expect(call).toContainText(/1 sent · [1-9]\d* received/);
  await expect(call).not.toContainText('from another page');

  // A bidi stream beside it: both are listed.
  await openMethod(page, 'Chat');
  await button(page, 'Invoke').click();
  await expect(liveCall(page, 'demo.v1.DemoService.Chat')).toBeVisible();
  await expect(liveCalls(page).getByRole('article')).toHaveCount(2);
  await liveCalls(page).screenshot({ path: 'e2e/screenshots/live-calls-region.png' });
  await saveScreenshot(page, 'live-calls');

  await liveCall(page, 'demo.v1.DemoService.Chat').getByRole('button', { name: 'Cancel call', exact: true }).click();
  await expectFinalStatus(page, 'CANCELLED');
  await call.getByRole('button', { name: 'Cancel call', exact: true }).click();
  await expect(liveCalls(page).getByText('No calls are running.')).toBeVisible();
  await expect(button(page, 'Live calls')).toContainText('0');
});

test("another open tab sees this tab's stream as from another page and can cancel it", async ({ page, context }) => {
  await openWorkbench(page, host());
  await startDemoFromUi(page);
  await startCountUp(page);

  const other = await context.newPage();
  await openWorkbench(other, host());
  await button(other, 'Live calls').click();
  const call = liveCall(other, 'demo.v1.DemoService.CountUp');
  await expect(call).toContainText('from another page');
  await expect(call).not.toContainText('closed');
  await call.getByRole('button', { name: 'Cancel call', exact: true }).click();
  await expect(liveCalls(other).getByText('No calls are running.')).toBeVisible();
  // The tab that started it shows it cancelled.
  await expectFinalStatus(page, 'CANCELLED');
  await other.close();
});

test('a page reloaded during a stream leaves no orphan: its call is listed as from a closed page, then cancelled', async ({ page }) => {
  await openWorkbench(page, host());
  await startDemoFromUi(page);
  await startCountUp(page);

  await page.reload();
  await expect(button(page, 'Import protos')).toBeVisible();
  await button(page, 'Live calls').click();
  const orphan = liveCall(page, 'demo.v1.DemoService.CountUp');
  // Inside the grace the old page's stream still runs: a reconnecting page would keep it.
  await expect(orphan).toContainText('from another page (closed, ends soon)');
  await liveCalls(page).screenshot({ path: 'e2e/screenshots/live-calls-orphan.png' });
  // After it, the engine has cancelled it.
  await expect(liveCalls(page).getByText('No calls are running.')).toBeVisible({ timeout: GRACE_MS + 10_000 });
  await expect(button(page, 'Live calls')).toContainText('0');
});
