// Load test from a request tab against the demo server the spec runs itself: counts, the
// histogram and status codes come from the engine's live snapshots; Stop ends a run early; a
// bidi stream sends its messages per stream; Export as Locust file saves a locustfile.
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { startDemoServer, type RunningDemoServer } from '../../electron/engine/demo/demo-server';
import { button, openMethod, openWorkbench, saveScreenshot, setRequestBody, textbox, useWebHost } from '../support/workbench';

const host = useWebHost();
let demo: RunningDemoServer | null = null;

test.beforeAll(async () => {
  demo = await startDemoServer();
});
test.afterAll(async () => {
  await demo?.stop();
});

async function openFromReflection(page: Page, method: string): Promise<void> {
  await openWorkbench(page, host());
  await textbox(page, 'Server address').fill(demo?.address ?? '');
  await button(page, 'Import protos').click();
  const dialog = page.getByRole('dialog', { name: 'Import protos', exact: true });
  await dialog.getByRole('button', { name: 'Use server reflection', exact: true }).click();
  await expect(dialog).toBeHidden();
  await openMethod(page, method);
  await button(page, 'Load test').click();
}

test('Load test runs 200 Echo calls at concurrency 4, live, and a run with no limit stops on Stop load test', async ({ page }) => {
  await openFromReflection(page, 'Echo');
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

test('Load test of bidi Chat: 20 streams of 3 messages 5 ms apart, every message answered', async ({ page }) => {
  await openFromReflection(page, 'Chat');
  const region = page.getByRole('region', { name: 'Load test', exact: true });
  await region.getByRole('textbox', { name: 'Concurrency', exact: true }).fill('4');
  await region.getByRole('textbox', { name: 'Total requests', exact: true }).fill('20');
  await region.getByRole('textbox', { name: 'Messages per stream', exact: true }).fill('3');
  await region.getByRole('textbox', { name: 'Message interval (ms)', exact: true }).fill('5');
  await region.getByRole('button', { name: 'Start load test', exact: true }).click();

  const results = region.getByRole('table', { name: 'Load test results', exact: true });
  const cell = (row: RegExp) => results.getByRole('row', { name: row }).getByRole('cell');
  await expect(cell(/^Requests \d/)).toHaveText('20', { timeout: 20_000 });
  await expect(cell(/^Errors /)).toHaveText('0');
  await expect(cell(/^Messages sent /)).toHaveText('60');
  await expect(cell(/^Messages received /)).toHaveText('60');
  await expect(region.getByRole('table', { name: 'Status codes', exact: true }).getByRole('row', { name: /^OK / }).getByRole('cell')).toHaveText('20');
  // A bidi stream cannot be exported for Locust: the button says why instead of failing later.
  await expect(region.getByRole('button', { name: 'Export as Locust file', exact: true })).toBeDisabled();
  await expect(region.getByRole('status', { name: 'Locust export', exact: true })).toHaveText('Locust files repeat unary calls only.');
  await saveScreenshot(page, 'load-test-bidi');
});

test('Export as Locust file saves a locustfile for Echo with its request bytes, and shows how to run it', async ({ page }) => {
  await openFromReflection(page, 'Echo');
  await setRequestBody(page, '{"message":"from locust"}');
  const region = page.getByRole('region', { name: 'Load test', exact: true });
  const commands = region.getByLabel('Locust commands', { exact: true });
  await expect(commands).toContainText('locust -f locust-Echo.py --master --expect-workers 2');
  await expect(commands).toContainText('locust -f locust-Echo.py --worker --master-host MASTER_HOST');

  const download = page.waitForEvent('download');
  await region.getByRole('button', { name: 'Export as Locust file', exact: true }).click();
  const saved = await download;
  expect(saved.suggestedFilename()).toBe('locust-Echo.py');
  const python = await readFile((await saved.path())!, 'utf8');
  expect(python).toMatch(/^# Generated by gRPC Workbench/);
  expect(python).toContain('from locust import User');
  expect(python).toContain('METHOD_PATH = "/demo.v1.DemoService/Echo"');
  expect(python).toContain(`TARGET = os.environ.get("GRPC_TARGET", "${demo?.address ?? ''}")`);
  // EchoRequest { message = "from locust" }: field 1, length 11, the text.
  const bytes = Buffer.from(/REQUEST_BYTES = base64\.b64decode\("([^"]*)"\)/.exec(python)![1]!, 'base64');
  expect(bytes).toEqual(Buffer.concat([Buffer.from([0x0a, 11]), Buffer.from('from locust')]));
  await expect(region.getByRole('status', { name: 'Locust export', exact: true })).toHaveText('Saved locust-Echo.py (13 request bytes).');
  await saveScreenshot(page, 'load-test-locust-export');
});
