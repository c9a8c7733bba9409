// Loading services through server reflection from a server the spec runs itself (the demo
// server, started in this process): the user types its address and asks it for its services.
import { expect, test } from '@playwright/test';
import { startDemoServer, type RunningDemoServer } from '../../electron/engine/demo/demo-server';
import { button, expectFinalStatus, methodItem, openMethod, openWorkbench, saveScreenshot, textbox, useWebHost } from '../support/workbench';

const host = useWebHost();
let server: RunningDemoServer | null = null;

test.beforeAll(async () => {
  server = await startDemoServer();
});
test.afterAll(async () => {
  await server?.stop();
});

test('Use server reflection lists the DemoService methods of the server at Server address', async ({ page }) => {
  const address = server?.address ?? '';
  await openWorkbench(page, host());

  // With no tab open, the address typed here is the one reflection asks and new tabs use.
  await textbox(page, 'Server address').fill(address);
  await button(page, 'Import protos').click();
  const dialog = page.getByRole('dialog', { name: 'Import protos', exact: true });
  await expect(dialog).toContainText(address);
  await dialog.getByRole('button', { name: 'Use server reflection', exact: true }).click();

  await expect(dialog).toBeHidden();
  for (const method of ['Echo', 'CountUp', 'Sum', 'Chat', 'Fail', 'Slow', 'Large', 'Describe']) await expect(methodItem(page, method)).toBeVisible();

  // The services came from the server: a call through them works, at the same address.
  await openMethod(page, 'Echo');
  await expect(textbox(page, 'Server address')).toHaveValue(address);
  await button(page, 'Invoke').click();
  await expectFinalStatus(page, 'OK');
  await saveScreenshot(page, 'reflection');
});
