// The Connections table in the Connection tab: it lists the channel of the call to the demo
// server; Reconnect gives it a fresh connection (READY again, same row) and Close connection
// closes it, which the tab's header then says, with why.
import { expect, test } from '@playwright/test';
import { button, expectFinalStatus, openMethod, openWorkbench, responseTab, saveScreenshot, setRequestBody, startDemoFromUi, useWebHost } from '../support/workbench';

const host = useWebHost();

test('Connections lists the demo channel; Reconnect and Close connection work', async ({ page }) => {
  await openWorkbench(page, host());
  await startDemoFromUi(page);
  await openMethod(page, 'Echo');
  await setRequestBody(page, '{"message": "hi"}');
  await button(page, 'Invoke').click();
  await expectFinalStatus(page, 'OK');

  await responseTab(page, 'Connection').click();
  const table = page.getByRole('table', { name: 'Connections', exact: true });
  const rows = table.getByRole('row').filter({ hasText: 'ch-' });
  await expect(rows).toHaveCount(1);
  const row = rows.first();
  await expect(row).toContainText(/127\.0\.0\.1:\d+/);
  await expect(row).toContainText('plaintext');
  await expect(row).toContainText('READY');
  await expect(row).toContainText(/idle \d+ s, closes in \d+ min/);
  await expect(row).toContainText('this call');
  await saveScreenshot(page, 'connections-table');

  await row.getByRole('button', { name: 'Reconnect', exact: true }).click();
  await expect(rows).toHaveCount(1);
  await expect(row).toContainText('READY');

  await row.getByRole('button', { name: 'Close connection', exact: true }).click();
  await expect(table.getByRole('row').filter({ hasText: 'ch-' })).toHaveCount(0);
  await expect(page.getByRole('note', { name: 'Connection closed', exact: true })).toContainText('Closed from the Connections table');
  await expect(page.getByRole('status', { name: 'Connectivity state', exact: true })).toHaveText('SHUTDOWN');
  await saveScreenshot(page, 'connections-closed');

  // The next call opens a new channel, listed again.
  await button(page, 'Invoke').click();
  await expectFinalStatus(page, 'OK');
  await expect(page.getByRole('table', { name: 'Connections', exact: true }).getByRole('row').filter({ hasText: 'ch-' })).toHaveCount(1, { timeout: 5_000 });
});
