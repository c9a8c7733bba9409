// Call options of Connection settings in Chromium: with Wait for ready a call to a server that
// is not up yet waits (its waterfall shows the wait) and succeeds once the server starts; Send
// trace context puts a traceparent on the call whose trace id the Timing table shows (Trace ID)
// and the demo server echoes back; Peer names the server; both settings are saved with the request.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startDemoServer, type RunningDemoServer } from '../../electron/engine/demo/demo-server';
import { button, expectFinalStatus, openMethod, openWorkbench, responseTab, saveScreenshot, setRequestBody, startDemoFromUi, textbox, useWebHost } from '../support/workbench';

const host = useWebHost();

let folder = '';
let lateServer: RunningDemoServer | null = null;
test.beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'gw-call-options-'));
});
test.afterAll(async () => {
  await lateServer?.stop();
  await rm(folder, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

test('Wait for ready waits for a server started later; Trace ID matches the echoed traceparent; Peer; both saved with the request', async ({ page }) => {
  await openWorkbench(page, host());
  await startDemoFromUi(page);
  await openMethod(page, 'Echo');
  const port = await freePort();
  await textbox(page, 'Server address').fill(`127.0.0.1:${port}`);
  await button(page, 'Connection settings').click();
  await page.getByRole('checkbox', { name: 'Wait for ready', exact: true }).check();
  await page.getByRole('checkbox', { name: 'Send trace context', exact: true }).check();
  await saveScreenshot(page, 'call-options-settings');
  await setRequestBody(page, '{"message": "traced"}');

  await button(page, 'Invoke').click();
  await page.waitForTimeout(700); // the call is waiting: nothing listens on the port yet
  lateServer = await startDemoServer({ port });
  await expectFinalStatus(page, 'OK');

  await responseTab(page, 'Headers').click();
  const headers = page.getByRole('table', { name: 'Response headers', exact: true });
  const echoed = headers.getByRole('row').filter({ has: page.getByRole('cell', { name: 'echo-traceparent', exact: true }) });
  await expect(echoed).toContainText(/00-[0-9a-f]{32}-[0-9a-f]{16}-01/);
  const traceparent = /00-([0-9a-f]{32})-[0-9a-f]{16}-01/.exec((await echoed.textContent()) ?? '');
  const traceId = traceparent?.[1] ?? 'missing';

  await responseTab(page, 'Timing').click();
  const timing = page.getByRole('table', { name: 'Timing', exact: true });
  await expect(timing.getByRole('row', { name: 'Trace ID', exact: true })).toContainText(traceId);
  await expect(timing.getByRole('row', { name: 'Trace ID', exact: true }).getByRole('button', { name: 'Copy trace ID', exact: true })).toBeVisible();
  await expect(timing.getByRole('row', { name: 'Peer', exact: true })).toContainText(`127.0.0.1:${port}`);
  // The wait is its own bar of the waterfall, long enough to be the late start.
  await expect(page.getByRole('img', { name: /Waiting for connection/ })).toBeVisible();
  await expect(timing.getByRole('row', { name: 'Time to connect', exact: true })).not.toContainText('already ready');
  await saveScreenshot(page, 'call-options-timing');

  await button(page, 'New collection').click();
  const create = page.getByRole('dialog', { name: 'New collection', exact: true });
  await create.getByRole('textbox', { name: 'Collection folder', exact: true }).fill(folder);
  await create.getByRole('textbox', { name: 'Collection name', exact: true }).fill('Traced');
  await create.getByRole('button', { name: 'Create', exact: true }).click();
  await button(page, 'Save request').click();
  const save = page.getByRole('dialog', { name: 'Save request', exact: true });
  await save.getByRole('textbox', { name: 'Request name', exact: true }).fill('Traced echo');
  await save.getByRole('button', { name: 'Save', exact: true }).click();
  const tree = page.getByRole('tree', { name: 'Collections', exact: true });
  await expect(tree.getByRole('treeitem', { name: 'Traced echo', exact: true })).toBeVisible();
  const text = await readFile(join(folder, 'Traced echo.grpc.yaml'), 'utf8');
  expect(text).toContain('connection:\n  waitForReady: true\n  sendTraceContext: true\n');
  await expect(page.getByRole('img', { name: 'unsaved changes', exact: true })).toHaveCount(0);

  // A new page: the saved request opens with both boxes checked.
  await page.reload();
  await tree.getByRole('treeitem', { name: 'Traced echo', exact: true }).click();
  await button(page, 'Connection settings').click();
  await expect(page.getByRole('checkbox', { name: 'Wait for ready', exact: true })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Send trace context', exact: true })).toBeChecked();
  await expect(page.getByRole('img', { name: 'unsaved changes', exact: true })).toHaveCount(0);
});

test('a traceparent typed in Metadata wins over Send trace context, and the UI says so; the preview shows the one that will be added', async ({ page }) => {
  await openWorkbench(page, host());
  await startDemoFromUi(page);
  await openMethod(page, 'Echo');
  await button(page, 'Connection settings').click();
  await page.getByRole('checkbox', { name: 'Send trace context', exact: true }).check();

  await button(page, 'Preview resolved request').click();
  const preview = page.getByRole('dialog', { name: 'Resolved request', exact: true });
  await expect(preview.getByLabel('Resolved request text')).toContainText('"value": "00-<new trace id for each call>-<new parent id>-01"');
  await preview.getByRole('button', { name: 'Close', exact: true }).first().click();
  await expect(preview).toBeHidden();

  const typed = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
  await button(page, 'Add metadata').click();
  await textbox(page, 'Metadata key').fill('traceparent');
  await textbox(page, 'Metadata value').fill(typed);
  await expect(page.getByText('Your traceparent in Metadata is sent as typed; no new one is added while it is there.')).toBeVisible();
  await button(page, 'Invoke').click();
  await expectFinalStatus(page, 'OK');

  await responseTab(page, 'Headers').click();
  const headers = page.getByRole('table', { name: 'Response headers', exact: true });
  await expect(headers.getByRole('row').filter({ has: page.getByRole('cell', { name: 'echo-traceparent', exact: true }) })).toHaveCount(1);
  await expect(headers.getByRole('row').filter({ has: page.getByRole('cell', { name: 'echo-traceparent', exact: true }) })).toContainText(typed);
  await responseTab(page, 'Timing').click();
  const traceRow = page.getByRole('table', { name: 'Timing', exact: true }).getByRole('row', { name: 'Trace ID', exact: true });
  await expect(traceRow).toContainText('4bf92f3577b34da6a3ce929d0e0e4736');
  await expect(traceRow).toContainText('from your traceparent metadata');
  await saveScreenshot(page, 'call-options-typed-traceparent');
});
