// The workspace as a team uses it: a collection folder on disk (meant for git), requests saved
// as readable files, edits made outside the app showing up, environments with a secret that
// never reaches a file, history, and a grpcurl command pasted in.
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import {
  button,
  expectFinalStatus,
  openMethod,
  openWorkbench,
  requestBody,
  responseTab,
  saveScreenshot,
  setRequestBody,
  startDemoFromUi,
  textbox,
  useWebHost,
} from '../support/workbench';

const host = useWebHost();
const SECRET = 'tok-5f2c9e-never-on-disk';

let folder = '';
test.beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'gw-collection-'));
});
test.afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

function collectionsTree(page: Page) {
  return page.getByRole('tree', { name: 'Collections', exact: true });
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(join(entry.parentPath, entry.name));
  }
  return out;
}

test.describe.configure({ mode: 'serial' });

test('save a request into a new collection, see a change made on disk, and find both after a restart', async ({ page }) => {
  await openWorkbench(page, host());
  await startDemoFromUi(page);
  await openMethod(page, 'Echo');
  await setRequestBody(page, '{"message": "saved hello"}');

  await button(page, 'New collection').click();
  const create = page.getByRole('dialog', { name: 'New collection', exact: true });
  await create.getByRole('textbox', { name: 'Collection folder', exact: true }).fill(folder);
  await create.getByRole('textbox', { name: 'Collection name', exact: true }).fill('Demo requests');
  await create.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(collectionsTree(page).getByRole('treeitem', { name: 'Demo requests', exact: true })).toBeVisible();

  await button(page, 'Save request').click();
  const save = page.getByRole('dialog', { name: 'Save request', exact: true });
  await save.getByRole('textbox', { name: 'Request name', exact: true }).fill('Say hello');
  await save.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(collectionsTree(page).getByRole('treeitem', { name: 'Say hello', exact: true })).toBeVisible();
  const file = join(folder, 'Say hello.grpc.yaml');
  const text = await readFile(file, 'utf8');
  expect(text).toContain('method: demo.v1.DemoService/Echo');
  expect(text).toContain('"message": "saved hello"');

  // An edit marks the tab; Ctrl+S saves it; saving again without a change writes nothing.
  await setRequestBody(page, '{"message": "edited"}');
  const tabs = page.getByRole('tablist', { name: 'Requests', exact: true });
  await expect(tabs.getByRole('img', { name: 'unsaved changes', exact: true })).toBeVisible();
  await page.keyboard.press('Control+s');
  await expect(tabs.getByRole('img', { name: 'unsaved changes', exact: true })).toHaveCount(0);
  await expect.poll(async () => readFile(file, 'utf8')).toContain('"message": "edited"');
  const mtime = (await stat(file)).mtimeMs;
  await page.keyboard.press('Control+s');
  await page.waitForTimeout(300);
  expect((await stat(file)).mtimeMs).toBe(mtime);

  // Someone runs git pull: the open tab (no unsaved edits) follows the file, the tree shows a new one.
  await writeFile(file, (await readFile(file, 'utf8')).replace('"edited"', '"from git"'));
  await writeFile(join(folder, 'Pulled in.grpc.yaml'), 'method: demo.v1.DemoService/Echo\ntarget: 127.0.0.1:1\n');
  await expect(collectionsTree(page).getByRole('treeitem', { name: 'Pulled in', exact: true })).toBeVisible();
  await expect.poll(async () => (await page.locator('.monaco-editor .view-lines').first().innerText()).replace(/\s+/g, '')).toContain('"fromgit"');
  await saveScreenshot(page, 'workspace-collection');

  // A restart of the page: the collection and its tab come back.
  await page.reload();
  await expect(collectionsTree(page).getByRole('treeitem', { name: 'Say hello', exact: true })).toBeVisible();
  await expect(page.getByRole('tablist', { name: 'Requests', exact: true }).getByRole('tab', { name: /Say hello/ })).toBeVisible();
});

test('an unsaved edit is never overwritten by a change on disk: the conflict is shown', async ({ page }) => {
  await openWorkbench(page, host());
  await collectionsTree(page).getByRole('treeitem', { name: 'Say hello', exact: true }).click();
  await expect(requestBody(page)).toBeVisible();
  await setRequestBody(page, '{"message": "mine"}');
  const file = join(folder, 'Say hello.grpc.yaml');
  await writeFile(file, (await readFile(file, 'utf8')).replace('"from git"', '"theirs"'));
  const alert = page.getByRole('alert').filter({ hasText: 'changed on disk' });
  await expect(alert).toBeVisible();
  await saveScreenshot(page, 'workspace-conflict');
  expect(await readFile(file, 'utf8')).toContain('"theirs"');
  await alert.getByRole('button', { name: 'Keep my version', exact: true }).click();
  await expect.poll(async () => readFile(file, 'utf8')).toContain('"mine"');
});

test('environments: a variable resolves, a secret is used but never written, an unresolved one stops the call', async ({ page }) => {
  await openWorkbench(page, host());
  await collectionsTree(page).getByRole('treeitem', { name: 'Say hello', exact: true }).click();
  await expect(requestBody(page)).toBeVisible();
  const address = await textbox(page, 'Server address').inputValue();

  await button(page, 'Edit environments').click();
  const dialog = page.getByRole('dialog', { name: 'Environments', exact: true });
  // Where secrets go on this host is said, whichever it is (a CI host has no keychain).
  await expect(dialog.getByText(/^(Secrets are encrypted by .+|No OS keychain was found, so secrets are kept in memory for this run only.+)$/)).toBeVisible();
  await dialog.getByRole('button', { name: 'New environment', exact: true }).click();
  await dialog.getByRole('textbox', { name: 'Environment name', exact: true }).fill('local');
  await dialog.getByRole('button', { name: 'Add variable', exact: true }).click();
  await dialog.getByRole('textbox', { name: 'Variable name', exact: true }).last().fill('host');
  await dialog.getByRole('textbox', { name: 'Variable value', exact: true }).last().fill(address);
  await dialog.getByRole('button', { name: 'Add variable', exact: true }).click();
  await dialog.getByRole('textbox', { name: 'Variable name', exact: true }).last().fill('token');
  await dialog.getByRole('checkbox', { name: 'Secret', exact: true }).last().check();
  await dialog.getByLabel('Variable value', { exact: true }).last().fill(SECRET);
  await dialog.getByRole('button', { name: 'Add variable', exact: true }).click();
  await dialog.getByRole('textbox', { name: 'Variable name', exact: true }).last().fill('who');
  await dialog.getByRole('textbox', { name: 'Variable value', exact: true }).last().fill('the local one');
  await saveScreenshot(page, 'workspace-environments');
  // A second environment: the same names, other values.
  await dialog.getByRole('button', { name: 'New environment', exact: true }).click();
  await dialog.getByRole('textbox', { name: 'Environment name', exact: true }).fill('second');
  const secondVariables: [string, string][] = [['host', address], ['who', 'the second one'], ['token', 'a-plain-test-token']];
  for (const [name, value] of secondVariables) {
    await dialog.getByRole('button', { name: 'Add variable', exact: true }).click();
    await dialog.getByRole('textbox', { name: 'Variable name', exact: true }).last().fill(name);
    await dialog.getByRole('textbox', { name: 'Variable value', exact: true }).last().fill(value);
  }
  await dialog.getByRole('button', { name: 'Done', exact: true }).click();
  await page.getByRole('combobox', { name: 'Environment', exact: true }).selectOption('local');

  await textbox(page, 'Server address').fill('{{host}}');
  await page.getByRole('combobox', { name: 'Auth', exact: true }).selectOption({ label: 'Bearer token' });
  await page.getByLabel('Token', { exact: true }).fill('{{token}}');
  await setRequestBody(page, '{"message": "with {{who}} at {{host}}"}');
  await button(page, 'Invoke').click();
  await expectFinalStatus(page, 'OK');
  const log = page.getByRole('log', { name: 'Stream messages', exact: true });
  await expect(log.getByRole('article').filter({ hasText: 'received' })).toContainText(`with the local one at ${address}`);
  // Switching the environment changes the call.
  await page.getByRole('combobox', { name: 'Environment', exact: true }).selectOption('second');
  await button(page, 'Invoke').click();
  await expect(log.getByRole('article').filter({ hasText: 'received' })).toContainText(`with the second one at ${address}`);
  await expectFinalStatus(page, 'OK');
  await button(page, 'Save request').click();

  // Copy as grpcurl (with the environment whose token is a secret): a shell variable, never the value.
  await page.getByRole('combobox', { name: 'Environment', exact: true }).selectOption('local');
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await button(page, 'Copy as grpcurl').click();
  await expect(page.getByText(/Set \$TOKEN in your shell first/)).toBeVisible();
  const copied = await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText());
  expect(copied).toContain(`'authorization: Bearer '"$TOKEN"`);
  expect(copied).toContain(address);
  expect(copied).not.toContain(SECRET);

  // The secret is in no file: not the collection, not the app's data (workspace, history).
  await expect.poll(async () => (await readFile(join(folder, 'environments', 'local.yaml'), 'utf8'))).toContain('secret: true');
  for (const path of [...(await filesUnder(folder)), ...(await filesUnder(host().dataDir))]) {
    expect((await readFile(path)).includes(Buffer.from(SECRET)), path).toBe(false);
  }

  await textbox(page, 'Server address').fill('{{nowhere}}');
  await button(page, 'Invoke').click();
  await expect(page.getByRole('alert').filter({ hasText: '{{nowhere}}' })).toBeVisible();
  await saveScreenshot(page, 'workspace-unresolved');
});

test('history lists the calls, newest first, finds one by body text and reopens it with its result', async ({ page }) => {
  await openWorkbench(page, host());
  await button(page, 'History').click();
  const history = page.getByRole('region', { name: 'History', exact: true });
  await expect(history.getByRole('article').first()).toContainText('demo.v1.DemoService/Echo');
  await expect(history.getByRole('article').first()).toContainText('OK');
  await history.getByRole('searchbox', { name: 'Search history', exact: true }).fill('saved hello');
  await expect(history.getByRole('article')).toHaveCount(0);
  await history.getByRole('searchbox', { name: 'Search history', exact: true }).fill('with');
  await expect(history.getByRole('article')).toHaveCount(2);
  await history.getByRole('searchbox', { name: 'Search history', exact: true }).fill('with second');
  await expect(history.getByRole('article')).toHaveCount(1);
  await saveScreenshot(page, 'workspace-history');
  await history.getByRole('article').first().getByRole('button', { name: 'Open', exact: true }).click();
  await expectFinalStatus(page, 'OK');
  await expect(page.getByRole('log', { name: 'Stream messages', exact: true })).toContainText('with the second one at 127.0.0.1');
  // Re-run sends the request as written again: the secret resolves from the keychain, not "••••••".
  if (!(await history.isVisible())) await button(page, 'History').click();
  await history.getByRole('searchbox', { name: 'Search history', exact: true }).fill('local one');
  await history.getByRole('article').first().getByRole('button', { name: 'Re-run', exact: true }).click();
  await expect(page.getByRole('log', { name: 'Stream messages', exact: true })).toContainText('with the local one at 127.0.0.1');
  await expectFinalStatus(page, 'OK');
  await responseTab(page, 'Headers').click();
  const headers = page.getByRole('table', { name: 'Response headers', exact: true });
  await expect(headers.getByRole('row').filter({ has: page.getByRole('cell', { name: 'echo-authorization', exact: true }) })).toContainText(`Bearer ${SECRET}`);
});

test('a pasted grpcurl command becomes a tab that makes the same call', async ({ page }) => {
  await openWorkbench(page, host());
  await startDemoFromUi(page);
  // The demo server's own address (the open tab may hold {{host}} from an earlier test).
  const address = ((await page.locator('.status-bar').innerText()).match(/127\.0\.0\.1:\d+/) ?? [''])[0];
  expect(address).not.toBe('');
  await button(page, 'Import grpcurl command').click();
  const dialog = page.getByRole('dialog', { name: 'Import grpcurl command', exact: true });
  await dialog.getByRole('textbox', { name: 'grpcurl command', exact: true }).fill(
    `grpcurl -plaintext \\\n  -H 'x-user: grace' \\\n  -d '{"message": "from grpcurl"}' \\\n  ${address} demo.v1.DemoService/Echo`,
  );
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(dialog).toHaveCount(0);
  await expect(textbox(page, 'Metadata value')).toHaveValue('grace');
  await expect(textbox(page, 'Server address')).toHaveValue(address);
  await button(page, 'Invoke').click();
  await expectFinalStatus(page, 'OK');
  await expect(page.getByRole('log', { name: 'Stream messages', exact: true })).toContainText('from grpcurl');
  await saveScreenshot(page, 'workspace-grpcurl-import');
});

test('a broken request file is shown as broken and left exactly as it was', async ({ page }) => {
  const broken = 'method: [this is not\n  closed\n';
  await writeFile(join(folder, 'Broken one.grpc.yaml'), broken);
  await openWorkbench(page, host());
  await collectionsTree(page).getByRole('treeitem', { name: 'Broken one', exact: true }).click();
  await expect(page.getByText(/Broken one\.grpc\.yaml is not valid YAML/).first()).toBeVisible();
  await saveScreenshot(page, 'workspace-broken-file');
  expect(await readFile(join(folder, 'Broken one.grpc.yaml'), 'utf8')).toBe(broken);
});

test('the body editor takes {{variables}} without false errors and still flags real ones', async ({ page }) => {
  await openWorkbench(page, host());
  await startDemoFromUi(page);
  await openMethod(page, 'Echo');
  const problems = () => page.locator('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning').count();
  await setRequestBody(page, '{"message": {{greeting}}}');
  await page.waitForTimeout(1_000); // the JSON worker validates after a pause
  expect(await problems()).toBe(0);
  await setRequestBody(page, '{"message": 5,}');
  await expect.poll(problems).toBeGreaterThan(0);
});

test('an Insomnia v4 export becomes request files of the collection, folders kept', async ({ page }) => {
  await openWorkbench(page, host());
  await button(page, 'Import Insomnia export').click();
  const dialog = page.getByRole('dialog', { name: 'Import Insomnia export', exact: true });
  const exported = await readFile(join(process.cwd(), 'renderer', 'src', 'lib', 'fixtures', 'insomnia-v4-grpc.json'), 'utf8');
  await dialog.getByRole('textbox', { name: 'Insomnia export', exact: true }).fill(exported);
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByText(/Imported 3 gRPC requests/)).toBeVisible();
  await saveScreenshot(page, 'workspace-insomnia-import');
  const charge = await readFile(join(folder, 'Cards', 'Charge card.grpc.yaml'), 'utf8');
  expect(charge).toContain('method: billing.v1.Cards/Charge');
  expect(charge).toContain('"{{host}}"');
  expect(charge).not.toContain('do-not-import');
  await collectionsTree(page).getByRole('treeitem', { name: 'Cards', exact: true }).click();
  await expect(collectionsTree(page).getByRole('treeitem', { name: 'Charge card', exact: true })).toBeVisible();
});

test('rename, duplicate, move and delete a saved request: the files follow, an open tab follows the rename', async ({ page }) => {
  await openWorkbench(page, host());
  const tree = collectionsTree(page);
  await tree.getByRole('treeitem', { name: 'Pulled in', exact: true }).click();
  const actions = page.getByRole('toolbar', { name: 'Request actions', exact: true });

  await actions.getByRole('button', { name: 'Rename request', exact: true }).click();
  const rename = page.getByRole('dialog', { name: 'Rename request', exact: true });
  await rename.getByRole('textbox', { name: 'Request name', exact: true }).fill('Renamed');
  await rename.getByRole('button', { name: 'Rename', exact: true }).click();
  await expect(tree.getByRole('treeitem', { name: 'Renamed', exact: true })).toBeVisible();
  await expect.poll(async () => (await readdir(folder)).filter((f) => f.endsWith('.grpc.yaml')).sort()).toContain('Renamed.grpc.yaml');
  expect(await readdir(folder)).not.toContain('Pulled in.grpc.yaml');
  await expect(page.getByRole('tablist', { name: 'Requests', exact: true }).getByRole('tab', { name: /Renamed/ })).toBeVisible();

  await tree.getByRole('treeitem', { name: 'Renamed', exact: true }).click();
  await actions.getByRole('button', { name: 'Duplicate request', exact: true }).click();
  await expect(tree.getByRole('treeitem', { name: 'Renamed copy', exact: true })).toBeVisible();
  expect(await readFile(join(folder, 'Renamed copy.grpc.yaml'), 'utf8')).toBe(await readFile(join(folder, 'Renamed.grpc.yaml'), 'utf8'));

  await tree.getByRole('treeitem', { name: 'Renamed copy', exact: true }).click();
  await actions.getByRole('button', { name: 'Move request', exact: true }).click();
  const move = page.getByRole('dialog', { name: 'Move request', exact: true });
  await move.getByRole('textbox', { name: 'Folder', exact: true }).fill('moved/here');
  await move.getByRole('button', { name: 'Move', exact: true }).click();
  await expect.poll(async () => (await readdir(join(folder, 'moved', 'here')).catch(() => []))).toEqual(['Renamed copy.grpc.yaml']);

  await tree.getByRole('treeitem', { name: 'Renamed', exact: true }).click();
  await actions.getByRole('button', { name: 'Delete request', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete request', exact: true });
  await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(tree.getByRole('treeitem', { name: 'Renamed', exact: true })).toHaveCount(0);
  expect(await readdir(folder)).not.toContain('Renamed.grpc.yaml');
  await saveScreenshot(page, 'workspace-request-actions');
});

test('rename and delete a folder of requests: the files and an open tab follow, a folder holding other files is never deleted', async ({ page }) => {
  await openWorkbench(page, host());
  const tree = collectionsTree(page);
  const folderRow = (name: string) => tree.getByRole('treeitem', { name, exact: true }).locator(':scope > .folder-row');
  await folderRow('moved').click();
  await folderRow('here').click();
  await tree.getByRole('treeitem', { name: 'Renamed copy', exact: true }).click(); // open in a tab
  const before = await readFile(join(folder, 'moved', 'here', 'Renamed copy.grpc.yaml'), 'utf8');

  await folderRow('moved').click(); // selects the folder (and folds it)
  const actions = page.getByRole('toolbar', { name: 'Folder actions', exact: true });
  await actions.getByRole('button', { name: 'Rename folder', exact: true }).click();
  const rename = page.getByRole('dialog', { name: 'Rename folder', exact: true });
  await rename.getByRole('textbox', { name: 'Folder name', exact: true }).fill('kept');
  await rename.getByRole('button', { name: 'Rename', exact: true }).click();
  await expect(tree.getByRole('treeitem', { name: 'kept', exact: true })).toBeVisible();
  expect(await readdir(join(folder, 'kept', 'here'))).toEqual(['Renamed copy.grpc.yaml']);
  expect(await readFile(join(folder, 'kept', 'here', 'Renamed copy.grpc.yaml'), 'utf8')).toBe(before);
  await expect(stat(join(folder, 'moved'))).rejects.toMatchObject({ code: 'ENOENT' });
  // Saved under the old path, the open tab would now meet a missing file; it follows instead.
  await setRequestBody(page, '{"message": "after the folder moved"}');
  await page.keyboard.press('Control+s');
  await expect.poll(async () => readFile(join(folder, 'kept', 'here', 'Renamed copy.grpc.yaml'), 'utf8')).toContain('after the folder moved');
  await expect(stat(join(folder, 'moved'))).rejects.toMatchObject({ code: 'ENOENT' });

  await writeFile(join(folder, 'kept', 'NOTES.md'), 'mine');
  await folderRow('kept').click();
  await actions.getByRole('button', { name: 'Delete folder', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete folder', exact: true });
  await expect(confirm).toContainText('the 1 saved request in it');
  await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(confirm.getByRole('alert')).toHaveText(/The folder kept holds 1 file that is not a saved request \("NOTES\.md"\), so it was not deleted/);
  await saveScreenshot(page, 'workspace-folder-delete-refused');
  expect(await readFile(join(folder, 'kept', 'NOTES.md'), 'utf8')).toBe('mine');
  await confirm.getByRole('button', { name: 'Cancel', exact: true }).click();

  await rm(join(folder, 'kept', 'NOTES.md'));
  await actions.getByRole('button', { name: 'Delete folder', exact: true }).click();
  await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(tree.getByRole('treeitem', { name: 'kept', exact: true })).toHaveCount(0);
  await expect(stat(join(folder, 'kept'))).rejects.toMatchObject({ code: 'ENOENT' });
});

test('a folder of more than 500 requests shows them a page at a time', async ({ page }) => {
  const big = await mkdtemp(join(tmpdir(), 'gw-big-collection-'));
  try {
    await writeFile(join(big, 'grpc-collection.yaml'), 'name: Big\n');
    const text = 'method: demo.v1.DemoService/Echo\ntarget: 127.0.0.1:1\n';
    await Promise.all(Array.from({ length: 501 }, (_, i) => writeFile(join(big, `Request ${i}.grpc.yaml`), text)));
    await openWorkbench(page, host());
    await button(page, 'Open collection').click();
    const dialog = page.getByRole('dialog', { name: 'Open collection', exact: true });
    await dialog.getByRole('textbox', { name: 'Collection folder', exact: true }).fill(big);
    await dialog.getByRole('button', { name: 'Open', exact: true }).click();
    const bigTree = collectionsTree(page).getByRole('treeitem', { name: 'Big', exact: true });
    await expect(bigTree.getByRole('treeitem', { name: 'Request 499', exact: true })).toBeAttached();
    await expect(bigTree.getByRole('treeitem', { name: 'Request 500', exact: true })).toHaveCount(0);
    const more = bigTree.getByRole('button', { name: 'Show 1 more (1 not shown)', exact: true });
    await more.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'workspace-tree-show-more');
    await more.click();
    await expect(bigTree.getByRole('treeitem', { name: 'Request 500', exact: true })).toBeAttached();
    await expect(more).toHaveCount(0);
  } finally {
    await rm(big, { recursive: true, force: true });
  }
});
