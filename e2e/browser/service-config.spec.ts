// Service config in Chromium against the demo server: a mistake names its field under the
// field and the engine refuses that call with the same message; cleared, Echo works again; a
// retryPolicy makes Flaky succeed on its third attempt, shown in Timing (Attempts row and bars).
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { button, expectFinalStatus, openMethod, openWorkbench, responseTab, saveScreenshot, setRequestBody, startDemoFromUi, textbox, useWebHost } from '../support/workbench';

const host = useWebHost();
const RETRY_CONFIG = '{"methodConfig":[{"name":[{"service":"demo.v1.DemoService"}],"retryPolicy":{"maxAttempts":4,"initialBackoff":"0.01s","maxBackoff":"0.05s","backoffMultiplier":2,"retryableStatusCodes":["UNAVAILABLE"]}}]}';

test('an invalid service config names its field and refuses only the call; a retryPolicy retries Flaky to OK with three attempts', async ({ page }) => {
  await openWorkbench(page, host());
  await startDemoFromUi(page);
  await openMethod(page, 'Echo');
  await button(page, 'Connection settings').click();
  const field = textbox(page, 'Service config');
  await field.fill(RETRY_CONFIG.replace('"maxAttempts":4', '"maxAttempts":1'));
  await expect(page.getByRole('alert').filter({ hasText: 'methodConfig[0].retryPolicy.maxAttempts' })).toBeVisible();
  await saveScreenshot(page, 'service-config-error');
  await setRequestBody(page, '{"message": "hi"}');
  await button(page, 'Invoke').click();
  await expect(page.getByText(/Service config: methodConfig\[0\]\.retryPolicy\.maxAttempts/).first()).toBeVisible();
  await field.fill('');
  await button(page, 'Invoke').click();
  await expectFinalStatus(page, 'OK');

  await openMethod(page, 'Flaky');
  await button(page, 'Connection settings').click();
  await textbox(page, 'Service config').fill(RETRY_CONFIG);
  await setRequestBody(page, JSON.stringify({ key: `e2e-${Date.now()}`, failAttempts: 2 }));
  await button(page, 'Invoke').click();
  await expectFinalStatus(page, 'OK');
  await responseTab(page, 'Timing').click();
  const timing = page.getByRole('table', { name: 'Timing' });
  await expect(timing.getByRole('row', { name: 'Attempts', exact: true })).toContainText('3 · UNAVAILABLE, UNAVAILABLE, OK');
  await expect(page.getByRole('img', { name: /^Attempt \d: / })).toHaveCount(3);
  await expect(page.getByRole('img', { name: 'Attempt 2: UNAVAILABLE' })).toBeVisible();
  await saveScreenshot(page, 'service-config-attempts');
  // The bars sit under the waterfall, below the fold of the Timing tab (Connection settings open
  // leave it little height): the tab scrolls, and the waterfall keeps its full height, nothing cut off.
  const bars = page.getByRole('group', { name: 'Attempts', exact: true });
  await bars.scrollIntoViewIfNeeded();
  const cutOff = await bars.evaluate((el) => {
    const box = el.closest('.waterfall');
    return box === null ? null : box.scrollHeight - box.clientHeight;
  });
  expect(cutOff).toBe(0);
  await saveScreenshot(page, 'attempt-bars');
  await bars.screenshot({ path: join(process.cwd(), 'e2e', 'screenshots', 'attempt-bars-closeup.png') });
});
