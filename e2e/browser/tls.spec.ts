// TLS against a server the spec runs itself, whose certificate names only test.example.com and
// is signed by a CA the spec made: the user gives the CA file and the server name override.
import { expect, test, type Page } from '@playwright/test';
import { createTestPki, type TestPki } from '../../test/support/transport-pki';
import { startTlsDemoServer, type RunningTlsDemoServer } from '../support/tls-demo-server';
import { button, callStatus, expectFinalStatus, methodItem, openMethod, openWorkbench, saveScreenshot, textbox, useWebHost } from '../support/workbench';

const host = useWebHost();
let pki: TestPki | null = null;
let server: RunningTlsDemoServer | null = null;

test.beforeAll(async () => {
  pki = createTestPki();
  server = await startTlsDemoServer({ certPath: pki.namedCert, keyPath: pki.namedKey });
});
test.afterAll(async () => {
  await server?.stop();
  pki?.dispose();
});

function tlsCheckbox(page: Page) {
  return page.getByRole('checkbox', { name: 'Use TLS', exact: true });
}

test('with the CA and Server name override, reflection and Echo work over TLS; without the override the name mismatch is reported', async ({ page }) => {
  const address = server?.address ?? '';
  await openWorkbench(page, host());

  await test.step('set up the server with TLS (no tab open: these become the defaults for new tabs)', async () => {
    await textbox(page, 'Server address').fill(address);
    await tlsCheckbox(page).check();
    await textbox(page, 'CA certificate').fill(pki?.caCert ?? '');
    await textbox(page, 'Server name override').fill('test.example.com');
  });

  await test.step('reflection over TLS lists DemoService', async () => {
    await button(page, 'Import protos').click();
    await page.getByRole('dialog', { name: 'Import protos', exact: true }).getByRole('button', { name: 'Use server reflection', exact: true }).click();
    await expect(methodItem(page, 'Echo')).toBeVisible();
  });

  await test.step('Echo over TLS: OK', async () => {
    await openMethod(page, 'Echo');
    await expect(tlsCheckbox(page)).toBeChecked();
    await expect(textbox(page, 'Server name override')).toHaveValue('test.example.com');
    await button(page, 'Invoke').click();
    await expectFinalStatus(page, 'OK');
    await saveScreenshot(page, 'tls-ok');
  });

  await test.step('without the override, 127.0.0.1 is not a name in the certificate: a clear error', async () => {
    await textbox(page, 'Server name override').fill('');
    await button(page, 'Invoke').click();
    await expectFinalStatus(page, 'UNAVAILABLE');
    await expect(callStatus(page)).toContainText(/certificate|altnames|hostname/i);
    await saveScreenshot(page, 'tls-name-mismatch');
  });
});
