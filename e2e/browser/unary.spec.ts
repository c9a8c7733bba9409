// A unary call against the built-in demo server, with request metadata, as a user makes it:
// the metadata comes back as response headers and trailers, and the Timing tab has numbers.
import { expect, test } from '@playwright/test';
import {
  button,
  expectFinalStatus,
  openMethod,
  openWorkbench,
  responseTab,
  saveScreenshot,
  setRequestBody,
  startDemoFromUi,
  textbox,
  useWebHost,
} from '../support/workbench';

const host = useWebHost();

test('Echo with metadata: OK, headers and trailers echo it, timing has numbers', async ({ page }) => {
  await openWorkbench(page, host());
  await startDemoFromUi(page);
  await openMethod(page, 'Echo');

  await button(page, 'Add metadata').click();
  await textbox(page, 'Metadata key').fill('x-user');
  await textbox(page, 'Metadata value').fill('ada');
  await setRequestBody(page, '{"message": "hello from the browser"}');
  await button(page, 'Invoke').click();

  await expectFinalStatus(page, 'OK');
  const log = page.getByRole('log', { name: 'Stream messages', exact: true });
  await expect(log.getByRole('article').filter({ hasText: 'received' })).toContainText('hello from the browser');

  await responseTab(page, 'Headers').click();
  const headers = page.getByRole('table', { name: 'Response headers', exact: true });
  await expect(headers.getByRole('row').filter({ has: page.getByRole('cell', { name: 'echo-x-user', exact: true }) })).toContainText('ada');

  await responseTab(page, 'Trailers').click();
  const trailers = page.getByRole('table', { name: 'Response trailers', exact: true });
  await expect(trailers.getByRole('row').filter({ has: page.getByRole('cell', { name: 'trailer-echo-x-user', exact: true }) })).toContainText('ada');

  await responseTab(page, 'Timing').click();
  const timing = page.getByRole('table', { name: 'Timing', exact: true });
  for (const row of ['Time to connect', 'Time to headers', 'Time to first message', 'Total']) {
    await expect(timing.getByRole('row', { name: row, exact: true })).toContainText(/\d/);
  }
  await saveScreenshot(page, 'unary');
});
