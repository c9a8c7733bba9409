// The mock server from the sidebar: it serves the demo proto set on 127.0.0.1, a tab pointed at
// it gets the generated example, the call is listed with its metadata and body, and a rule saved
// in the panel (NOT_FOUND with an ErrorInfo detail) answers the next call.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { button, callStatus, expectFinalStatus, messageCounts, openMethod, openWorkbench, saveScreenshot, setRequestBody, startDemoFromUi, textbox, useWebHost } from '../support/workbench';

const host = useWebHost();

let folder = '';
test.beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'gw-mock-collection-'));
});
test.afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

test('Start mock server, point a tab at it, invoke: generated response, request listed, a rule applies', async ({ page }) => {
  await openWorkbench(page, host());
  await startDemoFromUi(page);
  await openMethod(page, 'Echo');

  await button(page, 'Start mock server').click();
  const status = page.getByRole('status', { name: 'Mock server', exact: true });
  await expect(status).toContainText(/127\.0\.0\.1:\d+/);
  const address = /127\.0\.0\.1:\d+/.exec((await status.textContent()) ?? '')?.[0] as string;
  const panel = page.getByRole('region', { name: 'Mock server panel', exact: true });

  await button(page, 'Use mock server').click();
  await expect(textbox(page, 'Server address')).toHaveValue(address);
  await button(page, 'Add metadata').click();
  await textbox(page, 'Metadata key').fill('x-tenant');
  await textbox(page, 'Metadata value').fill('acme');
  await setRequestBody(page, '{"message": "hello mock"}');
  await button(page, 'Invoke').click();
  await expectFinalStatus(page, 'OK');
  // The generated EchoResponse: its string field holds the field's name, and a timestamp.
  const log = page.getByRole('log', { name: 'Stream messages', exact: true });
  await expect(log.getByRole('article').filter({ hasText: 'received' })).toContainText('2024-01-01T00:00:00Z');

  await button(page, 'Requests and rules').click();
  await expect(panel).toBeVisible();
  const requests = panel.getByRole('region', { name: 'Mock requests', exact: true });
  const echo = requests.getByRole('listitem').filter({ hasText: 'demo.v1.DemoService/Echo' }).first();
  await expect(echo).toContainText('hello mock');
  await expect(echo.getByRole('definition').filter({ hasText: 'acme' })).toBeVisible();
  await expect(echo).toContainText('OK');
  await saveScreenshot(page, 'mock-server');

  const rule = panel.getByRole('form', { name: 'Mock rule', exact: true });
  await rule.getByRole('combobox', { name: 'Rule method', exact: true }).selectOption('demo.v1.DemoService/Echo');
  await rule.getByRole('combobox', { name: 'Status code', exact: true }).selectOption('5');
  await rule.getByRole('textbox', { name: 'Status message', exact: true }).fill('no such order');
  await rule.getByRole('textbox', { name: 'Error details (JSON)', exact: true }).fill('[{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "OUT_OF_STOCK"}]');
  await rule.getByRole('button', { name: 'Save rule', exact: true }).click();
  await expect(rule.getByRole('status')).toContainText('next call');
  // The panel is docked beside the request: Invoke stays in reach while it is open.
  await button(page, 'Invoke').click();
  await expectFinalStatus(page, 'NOT_FOUND');
  await expect(callStatus(page)).toContainText('no such order');
  const details = page.getByRole('region', { name: 'Error details', exact: true });
  await expect(details).toContainText('OUT_OF_STOCK');
  await expect(requests.getByRole('listitem').first()).toContainText('NOT_FOUND');
  await saveScreenshot(page, 'mock-server-rule');

  await button(page, 'Stop mock server').click();
  await expect(status).toHaveCount(0);
});

test('rules saved in the collection: the mock starts with grpc-mock.json, and a rule saved in the panel is written there', async ({ page }) => {
  const rulesFile = join(folder, 'grpc-mock.json');
  const countUp = { method: 'demo.v1.DemoService/CountUp', status: null, latencyMs: 0, messageCount: 2, intervalMs: 0, responseJson: '{"index": 41}' };
  await writeFile(rulesFile, `${JSON.stringify({ methods: [countUp] }, null, 2)}\n`);
  await openWorkbench(page, host());
  await startDemoFromUi(page);
  await button(page, 'New collection').click();
  const create = page.getByRole('dialog', { name: 'New collection', exact: true });
  await create.getByRole('textbox', { name: 'Collection folder', exact: true }).fill(folder);
  await create.getByRole('textbox', { name: 'Collection name', exact: true }).fill('Mocked shop');
  await create.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(page.getByRole('tree', { name: 'Collections', exact: true }).getByRole('treeitem', { name: 'Mocked shop', exact: true })).toBeVisible();

  await button(page, 'Start mock server').click();
  await expect(page.getByRole('status', { name: 'Mock server', exact: true })).toContainText(/127\.0\.0\.1:\d+/);
  await openMethod(page, 'CountUp');
  await button(page, 'Use mock server').click();
  await setRequestBody(page, '{"count": 10}');
  await button(page, 'Invoke').click();
  await expectFinalStatus(page, 'OK');
  // The rule from the file, not the request's count of 10 nor the default of 3.
  await expect(messageCounts(page)).toContainText('2 received');
  const log = page.getByRole('log', { name: 'Stream messages', exact: true });
  await expect(log.getByRole('article').filter({ hasText: 'received' }).first()).toContainText('41');

  await button(page, 'Requests and rules').click();
  const rule = page.getByRole('form', { name: 'Mock rule', exact: true });
  await rule.getByRole('combobox', { name: 'Rule method', exact: true }).selectOption('demo.v1.DemoService/Echo');
  await rule.getByRole('textbox', { name: 'Latency (ms)', exact: true }).fill('25');
  await rule.getByRole('textbox', { name: 'Response (JSON)', exact: true }).fill('{"message": "saved"}');
  await rule.getByRole('button', { name: 'Save rule', exact: true }).click();
  await expect(rule.getByRole('status')).toContainText('grpc-mock.json');
  const saved = JSON.parse(await readFile(rulesFile, 'utf8')) as { methods: { method: string; latencyMs: number; responseJson: string | null }[] };
  expect(saved.methods.map((m) => m.method)).toEqual(['demo.v1.DemoService/CountUp', 'demo.v1.DemoService/Echo']);
  expect(saved.methods[1]).toMatchObject({ latencyMs: 25, responseJson: '{"message": "saved"}' });
  await saveScreenshot(page, 'mock-server-collection');
});
