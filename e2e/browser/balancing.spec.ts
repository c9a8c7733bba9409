// Name resolution and balancing in Chromium: three demo servers the spec starts on 127.0.0.1,
// one ipv4: target naming all three, Load balancing round_robin. The Connection tab lists the
// three addresses READY and a bar per backend in `Calls per backend`; a stopped backend leaves
// READY and the calls go to the other two. A name that does not resolve says which and why.
import { expect, test, type Page } from '@playwright/test';
import { startDemoServer, type RunningDemoServer } from '../../electron/engine/demo/demo-server';
import { button, expectFinalStatus, openMethod, openWorkbench, responseTab, saveScreenshot, startDemoFromUi, textbox, useWebHost } from '../support/workbench';

const host = useWebHost();
let backends: RunningDemoServer[] = [];

test.beforeAll(async () => {
  backends = [await startDemoServer(), await startDemoServer(), await startDemoServer()];
});
test.afterAll(async () => {
  for (const backend of backends) await backend.stop();
});

async function invokeOk(page: Page): Promise<void> {
  await button(page, 'Invoke').click();
  await expectFinalStatus(page, 'OK');
}

function resolvedRow(page: Page, address: string) {
  return page.getByRole('table', { name: 'Resolved addresses', exact: true }).getByRole('row', { name: address, exact: true });
}

test('round_robin over an ipv4: list: Resolved addresses READY, calls spread over the three, a stopped backend drops out', async ({ page }) => {
  const addresses = backends.map((b) => b.address);
  await openWorkbench(page, host());
  await startDemoFromUi(page);
  await openMethod(page, 'Echo');
  await textbox(page, 'Server address').fill(`ipv4:${addresses.join(',')}`);
  await button(page, 'Connection settings').click();
  await page.getByRole('combobox', { name: 'Load balancing', exact: true }).selectOption('round_robin');

  await invokeOk(page);
  await responseTab(page, 'Connection').click();
  for (const address of addresses) await expect(resolvedRow(page, address)).toContainText('READY');
  for (let i = 0; i < 5; i++) await invokeOk(page);

  const chart = page.getByRole('figure', { name: 'Calls per backend', exact: true });
  await expect(chart).toContainText('6 calls');
  // Once all three are READY round_robin takes them in turn: each served at least one call.
  for (const address of addresses) await expect(chart.getByRole('listitem', { name: new RegExp(`^${address.replace(/\./g, '\\.')}: [1-9]\\d* calls?$`) })).toBeVisible();
  await saveScreenshot(page, 'balancing-round-robin');

  const stopped = backends[0]!;
  await stopped.stop();
  await expect(resolvedRow(page, stopped.address)).toContainText(/TRANSIENT_FAILURE|IDLE|CONNECTING/, { timeout: 10_000 });
  const before = await chart.getByRole('listitem', { name: new RegExp(`^${stopped.address.replace(/\./g, '\\.')}: `) }).getAttribute('aria-label');
  for (let i = 0; i < 4; i++) await invokeOk(page);
  await expect(chart).toContainText('10 calls');
  // The stopped backend's count did not move: the four calls went to the other two.
  await expect(chart.getByRole('listitem', { name: new RegExp(`^${stopped.address.replace(/\./g, '\\.')}: `) })).toHaveAttribute('aria-label', before ?? '');
  await saveScreenshot(page, 'balancing-backend-stopped');
});

test('a name that does not resolve: the status names it and says why', async ({ page }) => {
  // Not no-such-host.invalid: getaddrinfo on this machine asks the DNS server in
  // /etc/resolv.conf (not on loopback) about that. A 64-character label cannot be put in a DNS
  // query, so the C library answers ENOTFOUND itself and nothing leaves the machine.
  const name = `${'a'.repeat(64)}.invalid`;
  await openWorkbench(page, host());
  await startDemoFromUi(page);
  await openMethod(page, 'Echo');
  await textbox(page, 'Server address').fill(`dns:///${name}:50051`);
  await button(page, 'Invoke').click();
  await expectFinalStatus(page, 'UNAVAILABLE');
  const why = `The name ${name} could not be resolved: no address is known for this name (getaddrinfo ENOTFOUND).`;
  await expect(page.getByRole('status', { name: 'Call status', exact: true })).toContainText(why);
  await responseTab(page, 'Connection').click();
  await expect(page.getByRole('note', { name: 'Name resolution failed', exact: true })).toHaveText(why);
  await expect(page.getByRole('figure', { name: 'Calls per backend', exact: true })).toContainText('No call on this connection has ended yet.');
  await saveScreenshot(page, 'balancing-name-not-resolved');
});
