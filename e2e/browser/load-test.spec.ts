// Load test from a request tab against the demo server the spec runs itself: counts, the
// histogram and status codes come from the engine's live snapshots; Stop ends a run early.
import { expect, test } from '@playwright/test';
import { startDemoServer, type RunningDemoServer } from '../../electron/engine/demo/demo-server';
import { button, openMethod, openWorkbench, saveScreenshot, textbox, useWebHost } from '../support/workbench';

const host = useWebHost();
let demo: RunningDemoServer | null = null;

test.beforeAll(async () => {
  demo = await startDemoServer();
});
test.afterAll(async () => {
  await demo?.stop();
});

test('Load test runs 200 Echo calls at concurrency 4, live, and a run with no limit stops on Stop load test', async ({ page }) => {
  await openWorkbench(page, host());
  await textbox(page, 'Server address').fill(demo?.address ?? '');
  await button(page, 'Import protos').click();
  const dialog = page.getByRole('dialog', { name: 'Import protos', exact: true });
  await dialog.getByRole('button', { name: 'Use server reflection', exact: true }).click();
  await expect(dialog).toBeHidden();
  await openMethod(page, 'Echo');

  await button(page, 'Load test').click();
  const region = page.getByRole('region', { name: 'Load test', exact: true });
  await expect(region).toBeVisible();
  await region.getByRole('textbox', { name: 'Concurrency', exact: true }).fill('4');
  await region.getByRole('textbox', { name: 'Total requests', exact: true }).fill('200');
  await region.getByRole('button', { name: 'Start load test', exact: true }).click();

  const results = region.getByRole('table', { name: 'Load test results', exact: true });
  const requests = results.getByRole('row', { name: /^Requests / });
  await expect(requests.getByRole('cell')).toHaveText('200', { timeout: 20_000 });
  await expect(results.getByRole('row', { name: /^Errors / }).getByRole('cell')).toHaveText('0');
  const codes = region.getByRole('table', { name: 'Status codes', exact: true });
  await expect(codes.getByRole('row', { name: /^OK / }).getByRole('cell')).toHaveText('200');
  await expect(region.getByRole('figure', { name: 'Latency histogram', exact: true }).locator('rect').first()).toBeVisible();
  await expect(region.getByRole('button', { name: 'Start load test', exact: true })).toBeEnabled();
  await saveScreenshot(page, 'load-test-done');

  // No total, no duration: it runs until stopped, and the count keeps what was made.
  await region.getByRole('textbox', { name: 'Total requests', exact: true }).fill('');
  await region.getByRole('textbox', { name: 'Rate (requests/s)', exact: true }).fill('50');
  await region.getByRole('button', { name: 'Start load test', exact: true }).click();
  await expect(region.getByRole('status', { name: 'Load test state', exact: true })).toHaveText(/^Running, [1-9]/, { timeout: 10_000 });
  await region.getByRole('button', { name: 'Stop load test', exact: true }).click();
  await expect(region.getByRole('status', { name: 'Load test state', exact: true })).toHaveText(/^Ended \(stopped\)/, { timeout: 10_000 });
  const made = Number(await requests.getByRole('cell').textContent());
  expect(made).toBeGreaterThan(10);
  await saveScreenshot(page, 'load-test-stopped');
});
