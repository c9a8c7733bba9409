// Checks and captures of a saved request, as a user edits them: a check that passes and one
// that fails on Echo, judged after the call with the reason; saved in the request file and
// back after a reopen; a capture that sets an environment variable the next call uses.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { button, expectFinalStatus, openMethod, openWorkbench, requestBody, saveScreenshot, setRequestBody, startDemoFromUi, useWebHost } from '../support/workbench';

const host = useWebHost();

let folder = '';
test.beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'gw-checks-'));
});
test.afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

function checksTab(page: Page) {
  return page.getByRole('region', { name: 'Response', exact: true }).getByRole('tab', { name: 'Checks', exact: true });
}

function checksRegion(page: Page) {
  return page.getByRole('region', { name: 'Checks', exact: true });
}

test('checks pass and fail with their reason, are saved with the request and come back; a capture sets an environment variable', async ({ page }) => {
  await openWorkbench(page, host());
  await startDemoFromUi(page);
  await openMethod(page, 'Echo');
  await setRequestBody(page, '{"message": "hello checks"}');

  // A collection with an environment, and the request saved in it.
  await button(page, 'New collection').click();
  const create = page.getByRole('dialog', { name: 'New collection', exact: true });
  await create.getByRole('textbox', { name: 'Collection folder', exact: true }).fill(folder);
  await create.getByRole('textbox', { name: 'Collection name', exact: true }).fill('Checked');
  await create.getByRole('button', { name: 'Create', exact: true }).click();
  await button(page, 'Save request').click();
  const save = page.getByRole('dialog', { name: 'Save request', exact: true });
  await save.getByRole('textbox', { name: 'Request name', exact: true }).fill('Echo checked');
  await save.getByRole('button', { name: 'Save', exact: true }).click();
  const tree = page.getByRole('tree', { name: 'Collections', exact: true });
  await expect(tree.getByRole('treeitem', { name: 'Echo checked', exact: true })).toBeVisible();
  await button(page, 'Edit environments').click();
  const environments = page.getByRole('dialog', { name: 'Environments', exact: true });
  await environments.getByRole('button', { name: 'New environment', exact: true }).click();
  await environments.getByRole('textbox', { name: 'Environment name', exact: true }).fill('dev');
  await environments.getByRole('button', { name: 'Done', exact: true }).click();
  await page.getByRole('combobox', { name: 'Environment', exact: true }).selectOption('dev');

  // Two checks: the status (passes) and a JSON path that equals something else (fails).
  await checksTab(page).click();
  const checks = checksRegion(page);
  await checks.getByRole('button', { name: 'Add check', exact: true }).click();
  const first = checks.getByRole('group', { name: 'Check 1', exact: true });
  await expect(first.getByRole('combobox', { name: 'Check kind', exact: true })).toHaveValue('status');
  await expect(first.getByRole('combobox', { name: 'Status code', exact: true })).toHaveValue('OK');
  await checks.getByRole('button', { name: 'Add check', exact: true }).click();
  const second = checks.getByRole('group', { name: 'Check 2', exact: true });
  await second.getByRole('combobox', { name: 'Check kind', exact: true }).selectOption({ label: 'JSON path' });
  await second.getByRole('textbox', { name: 'JSON path', exact: true }).fill('$.message');
  await second.getByRole('combobox', { name: 'Comparison', exact: true }).selectOption('equals');
  await second.getByRole('textbox', { name: 'Expected value', exact: true }).fill('goodbye');
  // A third one, removed again: Remove check takes exactly that one.
  await checks.getByRole('button', { name: 'Add check', exact: true }).click();
  await checks.getByRole('group', { name: 'Check 3', exact: true }).getByRole('combobox', { name: 'Check kind', exact: true }).selectOption({ label: 'Duration' });
  await checks.getByRole('group', { name: 'Check 3', exact: true }).getByRole('button', { name: 'Remove check', exact: true }).click();
  await expect(checks.getByRole('group')).toHaveCount(2);
  // The edits mark the tab as changed.
  const requestTabs = page.getByRole('tablist', { name: 'Requests', exact: true });
  await expect(requestTabs.getByRole('img', { name: 'unsaved changes', exact: true })).toBeVisible();

  // A capture of the echoed message into the environment.
  const captures = page.getByRole('region', { name: 'Captures', exact: true });
  await captures.getByRole('button', { name: 'Add capture', exact: true }).click();
  const capture = captures.getByRole('group', { name: 'Capture 1', exact: true });
  await capture.getByRole('textbox', { name: 'Variable', exact: true }).fill('echoed');
  await capture.getByRole('textbox', { name: 'JSON path', exact: true }).fill('$.message');

  await button(page, 'Invoke').click();
  await expectFinalStatus(page, 'OK');
  const results = page.getByRole('list', { name: 'Check results', exact: true });
  await expect(results.getByRole('listitem')).toHaveCount(2);
  await expect(results.getByRole('listitem').nth(0)).toContainText('✓ Passed');
  await expect(results.getByRole('listitem').nth(0)).toContainText('status is OK');
  await expect(results.getByRole('listitem').nth(1)).toContainText('✗ Failed');
  await expect(results.getByRole('listitem').nth(1)).toContainText('message 1: $.message equals "goodbye"');
  await expect(results.getByRole('listitem').nth(1)).toContainText('got: message 1: $.message is "hello checks"');
  await expect(page.getByRole('region', { name: 'Check results', exact: true })).toContainText('1 passed, 1 failed');
  await expect(checksTab(page)).toContainText('1/2 passed');
  const captured = page.getByRole('list', { name: 'Capture results', exact: true });
  await expect(captured).toContainText('{{echoed}} = hello checks');
  await expect.poll(async () => readFile(join(folder, 'environments', 'dev.yaml'), 'utf8')).toContain('hello checks');
  await saveScreenshot(page, 'checks-results');

  // Saved with the request, in its file.
  await page.keyboard.press('Control+s');
  await expect(requestTabs.getByRole('img', { name: 'unsaved changes', exact: true })).toHaveCount(0);
  const file = join(folder, 'Echo checked.grpc.yaml');
  await expect.poll(async () => readFile(file, 'utf8')).toContain('checks:');
  const text = await readFile(file, 'utf8');
  expect(text).toContain('    path: $.message\n    op: equals\n    value: goodbye');
  expect(text).toContain('captures:\n  - variable: echoed\n    from: message\n    path: $.message');

  // The captured variable feeds the next request.
  await setRequestBody(page, '{"message": "{{echoed}} again"}');
  await button(page, 'Invoke').click();
  await expectFinalStatus(page, 'OK');
  await page.getByRole('region', { name: 'Response', exact: true }).getByRole('tab', { name: 'Messages', exact: true }).click();
  await expect(page.getByRole('log', { name: 'Stream messages', exact: true }).getByRole('article').filter({ hasText: 'received' })).toContainText('hello checks again');

  // Closed, the page restarted, reopened from the collection: the checks are the file's.
  await page.keyboard.press('Control+s');
  await expect(requestTabs.getByRole('img', { name: 'unsaved changes', exact: true })).toHaveCount(0);
  await requestTabs.getByRole('button', { name: 'Close Echo checked', exact: true }).click();
  await expect(requestTabs.getByRole('tab')).toHaveCount(0);
  await page.reload();
  await expect(tree.getByRole('treeitem', { name: 'Echo checked', exact: true })).toBeVisible();
  await tree.getByRole('treeitem', { name: 'Echo checked', exact: true }).click();
  await expect(requestBody(page)).toBeVisible();
  await checksTab(page).click();
  await expect(checksRegion(page).getByRole('group')).toHaveCount(2);
  const reopened = checksRegion(page).getByRole('group', { name: 'Check 2', exact: true });
  await expect(reopened.getByRole('textbox', { name: 'JSON path', exact: true })).toHaveValue('$.message');
  await expect(reopened.getByRole('textbox', { name: 'Expected value', exact: true })).toHaveValue('goodbye');
  await expect(page.getByRole('region', { name: 'Captures', exact: true }).getByRole('textbox', { name: 'Variable', exact: true })).toHaveValue('echoed');
  await saveScreenshot(page, 'checks-reopened');
});
