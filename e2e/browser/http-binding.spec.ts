// The HTTP binding of an HTTP/JSON (transcoded) request in the browser shell: library.proto's
// UpdateBook has a primary rule (PATCH) and an additional binding (POST ...:update). The spec
// serves a gateway-shaped node:http server on 127.0.0.1 that answers JSON and records the verb
// and path of every request, chooses the second binding beside Protocol, invokes it, and checks
// what the server saw, the method header, Copy as curl, and that the choice is saved with the
// request (its file holds httpRuleIndex: 1) and comes back after a reload.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { button, expectFinalStatus, methodItem, openMethod, openWorkbench, saveScreenshot, setRequestBody, textbox, useWebHost } from '../support/workbench';

const host = useWebHost();
const fixtures = join(process.cwd(), 'test', 'fixtures', 'transcoding');
const PRIMARY = 'PATCH /v1/{book.name=shelves/*/books/*}';
const ADDITIONAL = 'POST /v1/{book.name=shelves/*/books/*}:update';
const seen: { method: string; url: string; body: string }[] = [];
let server: Server;
let address = '';
let folder = '';

test.beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'gw-http-binding-'));
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', body });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ name: 'shelves/s1/books/b9', title: `${req.method ?? ''} ${req.url ?? ''}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const bound = server.address();
  address = `127.0.0.1:${typeof bound === 'object' && bound !== null ? bound.port : 0}`;
});
test.afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(folder, { recursive: true, force: true });
});

async function importLibraryProtos(page: Page): Promise<void> {
  await button(page, 'Import protos').click();
  const dialog = page.getByRole('dialog', { name: 'Import protos', exact: true });
  await dialog.getByRole('textbox', { name: 'Proto files', exact: true }).fill(join(fixtures, 'library.proto'));
  await dialog.getByRole('textbox', { name: 'Import paths', exact: true }).fill(fixtures);
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(methodItem(page, 'UpdateBook')).toBeVisible();
}

test('HTTP binding: the additional binding of UpdateBook is chosen beside Protocol, sent as POST ...:update, copied as curl, and saved with the request', async ({ page }) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await openWorkbench(page, host());
  await importLibraryProtos(page);
  await openMethod(page, 'UpdateBook');
  await textbox(page, 'Server address').fill(address);
  const binding = page.getByRole('combobox', { name: 'HTTP binding', exact: true });
  // Only HTTP/JSON goes through a binding: with gRPC there is nothing to choose.
  await expect(binding).toHaveCount(0);
  await page.getByRole('combobox', { name: 'Protocol', exact: true }).selectOption({ label: 'HTTP/JSON (transcoded)' });
  await expect(binding).toBeVisible();
  await expect(binding.getByRole('option')).toHaveText([PRIMARY, ADDITIONAL]);
  await expect(page.getByLabel('HTTP rule', { exact: true })).toHaveText(`${PRIMARY} +1 more`);

  await binding.selectOption({ label: ADDITIONAL });
  await expect(page.getByLabel('HTTP rule', { exact: true })).toHaveText(`${ADDITIONAL} +1 more`);
  await setRequestBody(page, '{"book": {"name": "shelves/s1/books/b9", "title": "t"}, "allowMissing": true}');
  const before = seen.length;
  await button(page, 'Invoke').click();
  await expectFinalStatus(page, 'OK');
  expect(seen.slice(before)).toEqual([{ method: 'POST', url: '/v1/shelves/s1/books/b9:update', body: '{"book":{"title":"t"},"allowMissing":true}' }]);
  const log = page.getByRole('log', { name: 'Stream messages', exact: true });
  await expect(log.getByRole('article').last()).toContainText('POST /v1/shelves/s1/books/b9:update');

  await button(page, 'Copy as curl').click();
  await expect(page.getByText('curl command copied to the clipboard.')).toBeVisible();
  const copied = await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText());
  expect(copied).toBe(`curl -sS -X POST -H 'content-type: application/json' -d '{"book":{"title":"t"},"allowMissing":true}' http://${address}/v1/shelves/s1/books/b9:update`);
  await saveScreenshot(page, 'http-binding');

  // Saved with the request: the file holds the binding beside the protocol.
  await button(page, 'New collection').click();
  const create = page.getByRole('dialog', { name: 'New collection', exact: true });
  await create.getByRole('textbox', { name: 'Collection folder', exact: true }).fill(folder);
  await create.getByRole('textbox', { name: 'Collection name', exact: true }).fill('Library');
  await create.getByRole('button', { name: 'Create', exact: true }).click();
  await button(page, 'Save request').click();
  const save = page.getByRole('dialog', { name: 'Save request', exact: true });
  await save.getByRole('textbox', { name: 'Request name', exact: true }).fill('Update via POST');
  await save.getByRole('button', { name: 'Save', exact: true }).click();
  const tree = page.getByRole('tree', { name: 'Collections', exact: true });
  await expect(tree.getByRole('treeitem', { name: 'Update via POST', exact: true })).toBeVisible();
  const text = await readFile(join(folder, 'Update via POST.grpc.yaml'), 'utf8');
  expect(text).toContain('connection:\n  protocol: http-json\nhttpRuleIndex: 1\n');

  // A new page: the saved request opens on the binding it was saved with, not dirty.
  await page.reload();
  await tree.getByRole('treeitem', { name: 'Update via POST', exact: true }).click();
  await expect(page.locator('.request-header .method-name')).toHaveText('UpdateBook');
  await expect(binding).toHaveValue('1');
  await expect(page.getByLabel('HTTP rule', { exact: true })).toHaveText(`${ADDITIONAL} +1 more`);
  await expect(page.getByRole('img', { name: 'unsaved changes', exact: true })).toHaveCount(0);

  // A file whose binding the method does not have (protos changed, a hand edit): the choice shows
  // it with the engine's sentence, and Invoke is refused with the same one before anything is sent.
  await writeFile(join(folder, 'Gone binding.grpc.yaml'), `method: library.v1.Library/UpdateBook\ntarget: ${address}\nconnection:\n  protocol: http-json\nhttpRuleIndex: 5\n`);
  await tree.getByRole('treeitem', { name: 'Gone binding', exact: true }).click();
  const sentence = 'library.v1.Library.UpdateBook has 2 HTTP rules (0: PATCH /v1/{book.name=shelves/*/books/*}, 1: POST /v1/{book.name=shelves/*/books/*}:update); there is no rule 5. Choose one in HTTP binding.';
  await expect(page.getByRole('note', { name: 'HTTP binding note', exact: true })).toHaveText(sentence);
  await expect(binding).toHaveValue('5');
  const sent = seen.length;
  await button(page, 'Invoke').click();
  await expect(page.getByRole('alert').filter({ hasText: 'there is no rule 5' })).toContainText(sentence);
  expect(seen.length).toBe(sent);
  await binding.selectOption({ label: PRIMARY });
  await expect(page.getByRole('note', { name: 'HTTP binding note', exact: true })).toHaveCount(0);

  // A method with one rule offers no choice.
  await openMethod(page, 'GetBook');
  await page.getByRole('combobox', { name: 'Protocol', exact: true }).selectOption({ label: 'HTTP/JSON (transcoded)' });
  await expect(page.getByLabel('HTTP rule', { exact: true })).toHaveText('GET /v1/{name=shelves/*/books/*}');
  await expect(binding).toHaveCount(0);
});
