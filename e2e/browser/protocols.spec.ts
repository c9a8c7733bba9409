// Protocol per tab: the demo's Echo over Connect and CountUp over gRPC-Web, against a
// @connectrpc/connect-node server (not the demo), with the same message log and status as gRPC;
// a bidi method over gRPC-Web says why it cannot be sent and keeps Invoke off.
import { expect, test } from '@playwright/test';
import { startConnectDemoServer, type RunningConnectDemoServer } from '../support/connect-demo-server';
import { button, expectFinalStatus, messageCounts, openMethod, openWorkbench, saveScreenshot, setRequestBody, startDemoFromUi, textbox, useWebHost } from '../support/workbench';

const host = useWebHost();
let server: RunningConnectDemoServer;

test.beforeAll(async () => {
  server = await startConnectDemoServer();
});

test.afterAll(async () => {
  await server.stop();
});

test('Echo over Connect and CountUp over gRPC-Web reach a connect-node server; Chat over gRPC-Web is refused with the reason', async ({ page }) => {
  await openWorkbench(page, host());
  await startDemoFromUi(page);

  await openMethod(page, 'Echo');
  await textbox(page, 'Server address').fill(server.address);
  const protocol = page.getByRole('combobox', { name: 'Protocol', exact: true });
  await expect(protocol).toHaveValue('grpc');
  await protocol.selectOption({ label: 'Connect' });
  await expect(page.getByRole('combobox', { name: 'HTTP version', exact: true })).toHaveValue('2');
  await setRequestBody(page, '{"message": "hello"}');
  await button(page, 'Invoke').click();
  await expectFinalStatus(page, 'OK');
  await expect(messageCounts(page)).toHaveText('1 sent · 1 received');
  const log = page.getByRole('log', { name: 'Stream messages', exact: true });
  await expect(log.getByRole('article').last()).toContainText('hello (via connect-node)');
  await saveScreenshot(page, 'protocols-connect-unary');

  await openMethod(page, 'CountUp');
  await textbox(page, 'Server address').fill(server.address);
  await protocol.selectOption({ label: 'gRPC-Web' });
  await setRequestBody(page, '{"count": 5, "intervalMs": 10}');
  await button(page, 'Invoke').click();
  await expectFinalStatus(page, 'OK');
  await expect(messageCounts(page)).toHaveText('1 sent · 5 received');
  await expect(log.getByRole('article').last()).toContainText('"index":4');
  await saveScreenshot(page, 'protocols-grpc-web-server-stream');

  await openMethod(page, 'Chat');
  await protocol.selectOption({ label: 'gRPC-Web' });
  await expect(page.getByRole('note', { name: 'Protocol note', exact: true })).toContainText("browsers' fetch() cannot stream a request body");
  await expect(button(page, 'Invoke')).toBeDisabled();
  await saveScreenshot(page, 'protocols-grpc-web-bidi-refused');
  await protocol.selectOption({ label: 'gRPC' });
  await expect(button(page, 'Invoke')).toBeEnabled();
});
