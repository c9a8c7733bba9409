// Keepalive and the Connection tab: with Keepalive time (ms) 1000 the channel pings the demo
// server while a 3-second stream runs, and the tab shows READY and the pings live.
import { expect, test } from '@playwright/test';
import { button, expectFinalStatus, messageCounts, openMethod, openWorkbench, responseTab, saveScreenshot, setRequestBody, startDemoFromUi, useWebHost } from '../support/workbench';

const host = useWebHost();

test('Keepalive time 1000 ms without calls: READY, the Keepalive table counts pings', async ({ page }) => {
  await openWorkbench(page, host());
  await startDemoFromUi(page);
  await openMethod(page, 'CountUp');

  await button(page, 'Connection settings').click();
  await page.getByRole('textbox', { name: 'Keepalive time (ms)', exact: true }).fill('1000');
  await page.getByRole('checkbox', { name: 'Keepalive without calls', exact: true }).check();
  await setRequestBody(page, '{"count": 10, "intervalMs": 300}');
  await button(page, 'Invoke').click();

  await responseTab(page, 'Connection').click();
  await expect(page.getByRole('status', { name: 'Connectivity state', exact: true })).toHaveText('READY');
  const keepalive = page.getByRole('table', { name: 'Keepalive', exact: true });
  await expect(keepalive.getByRole('row', { name: 'Keepalive time', exact: true })).toContainText('1,000 ms');
  // grpc-js pings once per Keepalive time; the demo server (grpc-js) accepts that rate.
  await expect(keepalive.getByRole('row', { name: 'Pings sent', exact: true })).toContainText(/[1-9]/, { timeout: 10_000 });
  await expect(keepalive.getByRole('row', { name: 'Ping acks', exact: true })).toContainText(/[1-9]/, { timeout: 10_000 });
  await expect(keepalive.getByRole('row', { name: 'Last ping RTT', exact: true })).toContainText(/\d+(\.\d+)? ?ms/);

  await expectFinalStatus(page, 'OK');
  await expect(messageCounts(page)).toHaveText('1 sent · 10 received');
  // Without calls the connection stays up and keeps pinging.
  await expect(page.getByRole('status', { name: 'Connectivity state', exact: true })).toHaveText('READY');
  await saveScreenshot(page, 'connection-keepalive');
});
