// Check health and Watch health against servers the spec runs itself: the demo server (its
// grpc-health-check service, whose statuses the spec flips) and a grpc-js server without one.
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { expect, test, type Page } from '@playwright/test';
import { startDemoServer, type RunningDemoServer } from '../../electron/engine/demo/demo-server';
import { button, openMethod, openWorkbench, responseTab, saveScreenshot, textbox, useWebHost } from '../support/workbench';

const host = useWebHost();
let demo: RunningDemoServer | null = null;
let bare: Server | null = null;
let bareAddress = '';

test.beforeAll(async () => {
  demo = await startDemoServer();
  bare = new Server();
  const port = await new Promise<number>((resolve, reject) => {
    bare?.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound)));
  });
  bareAddress = `127.0.0.1:${port}`;
});
test.afterAll(async () => {
  await demo?.stop();
  bare?.forceShutdown();
});

const healthStatus = (page: Page) => page.getByRole('status', { name: 'Health status', exact: true });

test('Check health asks the server at Server address: SERVING, SERVICE_UNKNOWN, or that it has no health service', async ({ page }) => {
  await openWorkbench(page, host());
  await textbox(page, 'Server address').fill(demo?.address ?? '');
  await button(page, 'Check health').click();
  await expect(healthStatus(page)).toHaveText('SERVING');

  await textbox(page, 'Health service').fill('no.such.Service');
  await button(page, 'Check health').click();
  await expect(healthStatus(page)).toHaveText('SERVICE_UNKNOWN');

  await textbox(page, 'Server address').fill(bareAddress);
  await textbox(page, 'Health service').fill('');
  await button(page, 'Check health').click();
  await expect(healthStatus(page)).toHaveText(
    `The server at ${bareAddress} cannot be health-checked: this server has no health service (grpc.health.v1.Health is not implemented).`,
  );
  await saveScreenshot(page, 'health-no-service');
});

test('Watch health follows the server live, and each change is a point on the Connection timeline', async ({ page }) => {
  const address = demo?.address ?? '';
  await openWorkbench(page, host());
  // The page restores the workspace the first test saved (its last address): wait for it, so
  // the restore cannot overwrite the address typed here.
  await expect(textbox(page, 'Server address')).toHaveValue(bareAddress);
  await textbox(page, 'Server address').fill(address);
  await button(page, 'Import protos').click();
  const dialog = page.getByRole('dialog', { name: 'Import protos', exact: true });
  await dialog.getByRole('button', { name: 'Use server reflection', exact: true }).click();
  await expect(dialog).toBeHidden();
  await openMethod(page, 'Echo');

  await textbox(page, 'Health service').fill('demo.v1.DemoService');
  await page.getByRole('checkbox', { name: 'Watch health', exact: true }).check();
  await expect(healthStatus(page)).toHaveText('SERVING');
  demo?.setHealthStatus('demo.v1.DemoService', 'NOT_SERVING');
  await expect(healthStatus(page)).toHaveText('NOT_SERVING');

  await responseTab(page, 'Connection').click();
  await expect(page.getByRole('img', { name: /^Connection timeline: / })).toHaveAccessibleName(/; health (.* → )?SERVING → NOT_SERVING$/);
  await saveScreenshot(page, 'health-watch');
  // A narrow window: the button keeps its name as an icon, the row still fits.
  await page.setViewportSize({ width: 980, height: 700 });
  await expect(button(page, 'Check health')).toBeVisible();
  await saveScreenshot(page, 'health-watch-narrow');
  await page.setViewportSize({ width: 1440, height: 900 });

  demo?.setHealthStatus('demo.v1.DemoService', 'SERVING');
  await expect(healthStatus(page)).toHaveText('SERVING');
  await page.getByRole('checkbox', { name: 'Watch health', exact: true }).uncheck();
  // Off, the status stays what the server last said; later changes no longer reach it.
  demo?.setHealthStatus('demo.v1.DemoService', 'NOT_SERVING');
  await page.waitForTimeout(300);
  await expect(healthStatus(page)).toHaveText('SERVING');
  demo?.setHealthStatus('demo.v1.DemoService', 'SERVING');
});
