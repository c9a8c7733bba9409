// Checks and captures of a saved request, as a user edits them: a check that passes and one
// that fails on Echo, judged after the call with the reason; saved in the request file and
// back after a reopen; a capture that sets an environment variable the next call uses.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { button, expectFinalStatus, methodItem, openMethod, openWorkbench, requestBody, saveScreenshot, setRequestBody, startDemoFromUi, useWebHost } from '../support/workbench';

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

test.describe.configure({ mode: 'serial' });

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

test('every kind of check on a stream and on metadata; a header captured into a secret variable stays out of the files', async ({ page }) => {
  await openWorkbench(page, host());
  await expect(methodItem(page, 'CountUp')).toBeVisible();
  await openMethod(page, 'CountUp');
  await setRequestBody(page, '{"count": 3}');
  await checksTab(page).click();
  const checks = checksRegion(page);
  const add = async (n: number, kind: string) => {
    await checks.getByRole('button', { name: 'Add check', exact: true }).click();
    const group = checks.getByRole('group', { name: `Check ${n}`, exact: true });
    await group.getByRole('combobox', { name: 'Check kind', exact: true }).selectOption({ label: kind });
    return group;
  };
  const every = await add(1, 'JSON path');
  await every.getByRole('combobox', { name: 'Which message', exact: true }).selectOption('every');
  await every.getByRole('textbox', { name: 'JSON path', exact: true }).fill('$.sentAt');
  const third = await add(2, 'JSON path');
  await third.getByRole('textbox', { name: 'Message number', exact: true }).fill('3');
  await third.getByRole('textbox', { name: 'JSON path', exact: true }).fill('$.index');
  await third.getByRole('combobox', { name: 'Comparison', exact: true }).selectOption('equals');
  await third.getByRole('textbox', { name: 'Expected value', exact: true }).fill('2');
  const matches = await add(3, 'JSON path');
  await matches.getByRole('combobox', { name: 'Which message', exact: true }).selectOption('last');
  await matches.getByRole('textbox', { name: 'JSON path', exact: true }).fill('$.sentAt');
  await matches.getByRole('combobox', { name: 'Comparison', exact: true }).selectOption('matches');
  await matches.getByRole('textbox', { name: 'Pattern', exact: true }).fill('^\\d{4}-');
  const count = await add(4, 'Message count');
  await count.getByRole('combobox', { name: 'Comparison', exact: true }).selectOption('atLeast');
  await count.getByRole('textbox', { name: 'Count', exact: true }).fill('4');
  const duration = await add(5, 'Duration');
  await duration.getByRole('textbox', { name: 'Under (ms)', exact: true }).fill('x');
  await expect(duration.getByText('Enter a whole number of milliseconds above 0.')).toBeVisible();
  await duration.getByRole('textbox', { name: 'Under (ms)', exact: true }).fill('60000');
  const trailer = await add(6, 'Trailer');
  await trailer.getByRole('textbox', { name: 'Trailer name', exact: true }).fill('x-nothing');
  const status = await add(7, 'Status code');
  await status.getByRole('combobox', { name: 'Status code', exact: true }).selectOption('NOT_FOUND');

  await button(page, 'Invoke').click();
  await expectFinalStatus(page, 'OK');
  const items = page.getByRole('list', { name: 'Check results', exact: true }).getByRole('listitem');
  await expect(items).toHaveCount(7);
  const verdicts = async () => (await items.allInnerTexts()).map((t) => t.split('\n')[0]?.trim());
  await expect.poll(verdicts).toEqual(['✓ Passed', '✓ Passed', '✓ Passed', '✗ Failed', '✓ Passed', '✗ Failed', '✗ Failed']);
  await expect(items.nth(3)).toContainText('got: 3 messages received');
  await expect(items.nth(5)).toContainText('no trailer x-nothing was received');
  await expect(items.nth(6)).toContainText('got: status was OK');
  await expect(checksTab(page)).toContainText('4/7 passed');
  await saveScreenshot(page, 'checks-every-kind');

  // A header captured into a secret variable: used by the next call, never written to a file.
  await openMethod(page, 'Echo');
  await button(page, 'Edit environments').click();
  const environments = page.getByRole('dialog', { name: 'Environments', exact: true });
  await environments.getByRole('button', { name: 'dev', exact: true }).click();
  await environments.getByRole('button', { name: 'Add variable', exact: true }).click();
  await environments.getByRole('textbox', { name: 'Variable name', exact: true }).last().fill('session');
  await environments.getByRole('checkbox', { name: 'Secret', exact: true }).last().check();
  await environments.getByRole('button', { name: 'Done', exact: true }).click();
  await expect(environments).toHaveCount(0);
  const secret = 'sess-7f3a-secret-value';
  await button(page, 'Add metadata').click();
  await page.getByRole('textbox', { name: 'Metadata key', exact: true }).last().fill('x-session');
  await page.getByRole('textbox', { name: 'Metadata value', exact: true }).last().fill(secret);
  await setRequestBody(page, '{"message": "login"}');
  await checksTab(page).click();
  const captures = page.getByRole('region', { name: 'Captures', exact: true });
  await captures.getByRole('button', { name: 'Add capture', exact: true }).click();
  const capture = captures.getByRole('group', { name: 'Capture 1', exact: true });
  await capture.getByRole('textbox', { name: 'Variable', exact: true }).fill('session');
  await capture.getByRole('combobox', { name: 'From', exact: true }).selectOption('header');
  await capture.getByRole('textbox', { name: 'Header name', exact: true }).fill('echo-x-session');
  await button(page, 'Invoke').click();
  await expectFinalStatus(page, 'OK');
  const captured = page.getByRole('list', { name: 'Capture results', exact: true });
  await expect(captured).toContainText('{{session}} = •••••• (secret)');
  await expect(captured).not.toContainText(secret);
  await saveScreenshot(page, 'checks-secret-capture');

  await page.getByRole('textbox', { name: 'Metadata value', exact: true }).last().fill('other');
  await setRequestBody(page, '{"message": "{{session}}"}');
  await button(page, 'Invoke').click();
  await expectFinalStatus(page, 'OK');
  await page.getByRole('region', { name: 'Response', exact: true }).getByRole('tab', { name: 'Messages', exact: true }).click();
  await expect(page.getByRole('log', { name: 'Stream messages', exact: true }).getByRole('article').filter({ hasText: 'received' })).toContainText(secret);
  const environment = await readFile(join(folder, 'environments', 'dev.yaml'), 'utf8');
  expect(environment).toContain('session');
  expect(environment).not.toContain(secret);
});
