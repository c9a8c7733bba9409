// Ending a call early, against the demo server's Slow method: by the user (Cancel) and by a
// deadline (Deadline (ms)).
import { expect, test } from '@playwright/test';
import { button, callStatus, expectFinalStatus, openMethod, openWorkbench, saveScreenshot, setRequestBody, startDemoFromUi, textbox, useWebHost } from '../support/workbench';

const host = useWebHost();

test('Slow 10 s, then Cancel: CANCELLED at once', async ({ page }) => {
  await openWorkbench(page, host());
  await startDemoFromUi(page);
  await openMethod(page, 'Slow');
  await setRequestBody(page, '{"delayMs": 10000}');
  await button(page, 'Invoke').click();
  await expect(callStatus(page)).toHaveText(/^Running/);
  await expect(button(page, 'Invoke')).toBeDisabled();

  await button(page, 'Cancel').click();
  // Well before the 10 s the server would take.
  await expectFinalStatus(page, 'CANCELLED', 5_000);
  await expect(button(page, 'Invoke')).toBeEnabled();
  await saveScreenshot(page, 'cancel');
});

test('Slow 10 s with Deadline (ms) 300: DEADLINE_EXCEEDED', async ({ page }) => {
  await openWorkbench(page, host());
  await startDemoFromUi(page);
  await openMethod(page, 'Slow');
  await setRequestBody(page, '{"delayMs": 10000}');
  await textbox(page, 'Deadline (ms)').fill('300');
  const startedAt = Date.now();
  await button(page, 'Invoke').click();

  await expectFinalStatus(page, 'DEADLINE_EXCEEDED', 5_000);
  // A correctness check of the deadline, not a speed test: it cannot end before 300 ms.
  expect(Date.now() - startedAt).toBeGreaterThanOrEqual(300);
  await saveScreenshot(page, 'deadline');
});
