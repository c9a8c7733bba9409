// A server that is not a gRPC server (a plain HTTP/2 web server the spec starts itself): the
// call and server reflection both say so, with the HTTP status and content-type it answered,
// instead of grpc-js's "Received message larger than max (1752460652 ...)".
import { expect, test } from '@playwright/test';
import { startPlainHttp2Server, type PlainServer } from '../../test/support/non-grpc-peers';
import { button, callStatus, expectFinalStatus, openMethod, openWorkbench, saveScreenshot, startDemoFromUi, textbox, useWebHost } from '../support/workbench';

const host = useWebHost();
let web: PlainServer | null = null;

test.beforeAll(async () => {
  web = await startPlainHttp2Server(200, 'text/html', '<!doctype html><html><body>Welcome</body></html>');
});
test.afterAll(async () => {
  await web?.close();
});

test('Invoke against a plain HTTP/2 web server: Call status says it is not a gRPC server', async ({ page }) => {
  const address = web?.address ?? '';
  await openWorkbench(page, host());
  await startDemoFromUi(page);
  await openMethod(page, 'Echo');
  await textbox(page, 'Server address').fill(address);
  await button(page, 'Invoke').click();

  await expectFinalStatus(page, 'RESOURCE_EXHAUSTED');
  await expect(callStatus(page)).toContainText(`The server at ${address} is not a gRPC server: it answered HTTP 200 with content-type "text/html"`);
  await saveScreenshot(page, 'not-grpc-call');

  // The explanation is longer than the bar's four lines: the whole of it is one click away.
  const more = button(page, 'Show full message');
  await expect(callStatus(page).locator('.status-message')).not.toHaveClass(/expanded/);
  await more.click();
  await expect(callStatus(page).locator('.status-message')).toHaveClass(/expanded/);
  await expect(button(page, 'Show less')).toHaveAttribute('aria-expanded', 'true');
  await saveScreenshot(page, 'not-grpc-call-full-message');
});

test('Use server reflection against it: the dialog says the same', async ({ page }) => {
  const address = web?.address ?? '';
  await openWorkbench(page, host());
  await textbox(page, 'Server address').fill(address);
  await button(page, 'Import protos').click();
  const dialog = page.getByRole('dialog', { name: 'Import protos', exact: true });
  await dialog.getByRole('button', { name: 'Use server reflection', exact: true }).click();

  await expect(dialog.getByRole('alert')).toContainText(`The server at ${address} is not a gRPC server: it answered HTTP 200 with content-type "text/html"`);
  await saveScreenshot(page, 'not-grpc-reflection');
});
