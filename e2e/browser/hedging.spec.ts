// Hedging in Chromium against a grpc-js DemoService the spec starts on 127.0.0.1, whose Echo is
// slow on the first call with a message (it sends no headers until it answers, after 2 s, or
// stops when cancelled) and fast after. A hedgingPolicy in Service config: a second attempt
// starts after hedgingDelay and answers, the first is cancelled. Timing shows both: Attempts
// "2 · no status, OK" and a grey bar for the cancelled hedge beside the green one.
import { join } from 'node:path';
import { Server, ServerCredentials, type handleUnaryCall } from '@grpc/grpc-js';
import { expect, test } from '@playwright/test';
import { loadDemoPackage } from '../../electron/engine/demo/demo-package';
import { createDemoService } from '../../electron/engine/demo/demo-service';
import { timestampNow, type EchoRequest, type EchoResponse } from '../../electron/engine/demo/demo-messages';
import { button, expectFinalStatus, openMethod, openWorkbench, responseTab, saveScreenshot, setRequestBody, startDemoFromUi, textbox, useWebHost } from '../support/workbench';

const host = useWebHost();
let server: Server | null = null;
let address = '';
const stopDemo = new AbortController();
const HEDGING_CONFIG = '{"methodConfig":[{"name":[{"service":"demo.v1.DemoService","method":"Echo"}],"hedgingPolicy":{"maxAttempts":3,"hedgingDelay":"0.2s"}}]}';

/** Echo whose first call per message waits (no headers: grpc-js commits to the first attempt with headers). */
function slowFirstEcho(): handleUnaryCall<EchoRequest, EchoResponse> {
  const seen = new Set<string>();
  return (call, callback) => {
    const message = call.request.message ?? '';
    if (seen.has(message)) {
      callback(null, { message, received_at: timestampNow() });
      return;
    }
    seen.add(message);
    const timer = setTimeout(() => callback(null, { message, received_at: timestampNow() }), 2_000);
    call.on('cancelled', () => clearTimeout(timer));
  };
}

test.beforeAll(async () => {
  const { demoService } = loadDemoPackage();
  const { definition, implementation } = createDemoService(demoService, stopDemo.signal);
  server = new Server();
  server.addService(definition, { ...implementation, Echo: slowFirstEcho() });
  const port = await new Promise<number>((resolve, reject) => server?.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))));
  address = `127.0.0.1:${port}`;
});
test.afterAll(() => {
  stopDemo.abort();
  server?.forceShutdown();
});

test('a hedgingPolicy: the hedged attempt answers, the slow first one is cancelled; Timing shows both attempts', async ({ page }) => {
  await openWorkbench(page, host());
  await startDemoFromUi(page);
  await openMethod(page, 'Echo');
  await textbox(page, 'Server address').fill(address);
  await button(page, 'Connection settings').click();
  await textbox(page, 'Service config').fill(HEDGING_CONFIG);
  await button(page, 'Connection settings').click();
  await setRequestBody(page, JSON.stringify({ message: `hedge-${Date.now()}` }));
  await button(page, 'Invoke').click();
  await expectFinalStatus(page, 'OK');

  await responseTab(page, 'Timing').click();
  const timing = page.getByRole('table', { name: 'Timing' });
  // A third hedge starts only if the second has not answered within another hedgingDelay.
  await expect(timing.getByRole('row', { name: 'Attempts', exact: true })).toContainText(/^Attempts(2 · no status, OK|3 · no status, (no status, OK|OK, no status))retried or hedged by the service config$/);
  await expect(page.getByRole('img', { name: 'Attempt 1: no status', exact: true })).toBeVisible();
  const bars = page.getByRole('group', { name: 'Attempts', exact: true });
  await bars.scrollIntoViewIfNeeded();
  await saveScreenshot(page, 'hedging-attempts');
  await bars.screenshot({ path: join(process.cwd(), 'e2e', 'screenshots', 'hedging-attempt-bars-closeup.png') });
});
