// The Gzip demo target in Chromium: our own node:http2 listener answers Echo with gzip-compressed
// messages (grpc-js's server never compresses). Use it from the sidebar's Demo targets, send the
// request gzip-compressed too, and both messages in the log say they travelled gzip, each with its
// size on the wire next to its serialized size.
import { expect, test } from '@playwright/test';
import { button, expectFinalStatus, openMethod, openWorkbench, responseTab, saveScreenshot, setRequestBody, startDemoFromUi, textbox, useWebHost } from '../support/workbench';

const host = useWebHost();

test('Gzip demo: Echo comes back gzip-compressed, and a gzip request says so too', async ({ page }) => {
  await openWorkbench(page, host());
  await startDemoFromUi(page);
  await openMethod(page, 'Echo');
  await page.getByText(/^Demo targets \(\d+\)/).click();
  const gzipTarget = page.getByRole('list', { name: 'Demo targets', exact: true }).getByRole('listitem', { name: 'Gzip demo', exact: true });
  await expect(gzipTarget).toContainText('gzip-compressed messages');
  const address = (await gzipTarget.locator('.demo-target-address').textContent()) ?? '';
  expect(address).toMatch(/^127\.0\.0\.1:\d+$/);
  await button(page, 'Use Gzip demo').click();
  await expect(textbox(page, 'Server address')).toHaveValue(address);

  await button(page, 'Connection settings').click();
  await page.getByRole('combobox', { name: 'Compression', exact: true }).selectOption('gzip');
  await setRequestBody(page, JSON.stringify({ message: 'squeeze me '.repeat(20) }));
  await button(page, 'Invoke').click();
  await expectFinalStatus(page, 'OK');

  const log = page.getByRole('log', { name: 'Stream messages', exact: true });
  const received = log.getByRole('article').filter({ hasText: 'received' });
  await expect(received).toContainText('squeeze me squeeze me');
  await expect(received).toContainText(/gzip · \d+ B on the wire/);
  const receivedOnWire = Number(/gzip · (\d+) B/.exec((await received.textContent()) ?? '')?.[1]);
  const receivedBytes = Number(/^([\d,]+) B$/.exec((await received.locator('.message-size').textContent()) ?? '')?.[1]?.replace(/,/g, ''));
  expect(receivedOnWire).toBeGreaterThan(0);
  expect(receivedOnWire).toBeLessThan(receivedBytes);
  const sent = log.getByRole('article').filter({ hasText: 'sent' });
  await expect(sent.locator('.message-size')).toHaveText('223 B');
  await expect(sent).toContainText(/gzip · \d+ B on the wire/);
  const sentOnWire = Number(/gzip · (\d+) B/.exec((await sent.textContent()) ?? '')?.[1]);
  expect(sentOnWire).toBeGreaterThan(0);
  expect(sentOnWire).toBeLessThan(100);
  await saveScreenshot(page, 'gzip-demo-messages');

  await responseTab(page, 'Timing').click();
  const timing = page.getByRole('table', { name: 'Timing', exact: true });
  await expect(timing.getByRole('row', { name: 'Response encoding', exact: true })).toContainText('gzip');
  await expect(timing.getByRole('row', { name: 'Request encoding', exact: true })).toContainText('1 message of 1 sent compressed');
  await saveScreenshot(page, 'gzip-demo-timing');
});
