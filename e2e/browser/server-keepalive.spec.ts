// Keepalive from the server's side, against a grpc-js demo server the spec starts itself with
// server keepalive (grpc.keepalive_time_ms) and a max connection age: the Connection tab counts
// the server's pings (Pings received) and shows the max-age GOAWAY with its code, debug data and
// last stream id, and lists the running CountUp it ended.
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { expect, test } from '@playwright/test';
import { loadDemoPackage } from '../../electron/engine/demo/demo-package';
import { createDemoService } from '../../electron/engine/demo/demo-service';
import { button, expectFinalStatus, openMethod, openWorkbench, responseTab, saveScreenshot, setRequestBody, startDemoFromUi, textbox, useWebHost } from '../support/workbench';

const host = useWebHost();
let server: Server | null = null;
let address = '';
const stopDemo = new AbortController();

test.beforeAll(async () => {
  const { demoService } = loadDemoPackage();
  server = new Server({ 'grpc.keepalive_time_ms': 200, 'grpc.keepalive_timeout_ms': 5_000, 'grpc.max_connection_age_ms': 2_000, 'grpc.max_connection_age_grace_ms': 300 });
  const { definition, implementation } = createDemoService(demoService, stopDemo.signal);
  server.addService(definition, implementation);
  const port = await new Promise<number>((resolve, reject) => server?.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))));
  address = `127.0.0.1:${port}`;
});
test.afterAll(() => {
  stopDemo.abort();
  server?.forceShutdown();
});

test('A server that pings and recycles connections: Pings received counts, Last GOAWAY names max_age and the call it ended', async ({ page }) => {
  await openWorkbench(page, host());
  await startDemoFromUi(page);
  await openMethod(page, 'CountUp');
  await textbox(page, 'Server address').fill(address);
  // 100 messages 50 ms apart outlive the server's max connection age (2 s) and grace (0.3 s).
  await setRequestBody(page, '{"count": 100, "intervalMs": 50}');
  await button(page, 'Invoke').click();

  await responseTab(page, 'Connection').click();
  const keepalive = page.getByRole('table', { name: 'Keepalive', exact: true });
  // The workbench's own keepalive is off: the pings counted are the server's.
  await expect(keepalive.getByRole('row', { name: 'Pings received', exact: true })).toContainText(/[1-9]/, { timeout: 10_000 });
  await expect(keepalive.getByRole('row', { name: 'Pings sent', exact: true })).toContainText('0');

  await expectFinalStatus(page, 'UNAVAILABLE');
  const goaway = keepalive.getByRole('row', { name: 'Last GOAWAY', exact: true });
  await expect(goaway).toContainText('NO_ERROR (0) “max_age”');
  await expect(goaway).toContainText('last stream 1');
  await expect(goaway.getByRole('list', { name: 'Calls the GOAWAY ended', exact: true })).toContainText('demo.v1.DemoService.CountUp');
  await expect(page.getByRole('img', { name: /Connection timeline: .*from the server/ })).toBeVisible();
  await saveScreenshot(page, 'server-keepalive-goaway');
});
