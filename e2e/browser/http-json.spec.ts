// HTTP/JSON transcoding in the browser shell, against Debian's etcd (its client port serves
// grpc-gateway's /v3/... routes): the method header shows the google.api.http rule, and
// Copy as curl copies a command that, run by the real curl, gets the value back from etcd.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { splitShellWords } from '../../renderer/src/lib/shell-words';
import { startEtcd, type EtcdServer } from '../../test/support/etcd-server';
import { button, expectFinalStatus, messageCounts, methodItem, openMethod, openWorkbench, saveScreenshot, setRequestBody, textbox, useWebHost } from '../support/workbench';

const host = useWebHost();
const fixtures = join(process.cwd(), 'test', 'fixtures', 'etcd');
let etcd: EtcdServer | null = null;

test.beforeAll(async () => {
  etcd = await startEtcd();
  const put = await fetch(`http://${etcd.address}/v3/kv/put`, { method: 'POST', body: JSON.stringify({ key: btoa('e2e-key'), value: btoa('from etcd') }) });
  expect(put.ok).toBe(true);
});
test.afterAll(async () => {
  await etcd?.stop();
});

async function importEtcdProtos(page: Page): Promise<void> {
  await button(page, 'Import protos').click();
  const dialog = page.getByRole('dialog', { name: 'Import protos', exact: true });
  await dialog.getByRole('textbox', { name: 'Proto files', exact: true }).fill(join(fixtures, 'etcd-kv.proto'));
  await dialog.getByRole('textbox', { name: 'Import paths', exact: true }).fill(fixtures);
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(methodItem(page, 'Range')).toBeVisible();
}

test('the method header shows the HTTP rule; Copy as curl copies the transcoded request, which etcd answers', async ({ page }) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await openWorkbench(page, host());
  await importEtcdProtos(page);
  await openMethod(page, 'Range');
  await expect(page.getByLabel('HTTP rule', { exact: true })).toHaveText('POST /v3/kv/range');

  const address = etcd?.address ?? '';
  await textbox(page, 'Server address').fill(address);
  await setRequestBody(page, `{"key": "${btoa('e2e-key')}"}`);
  await button(page, 'Copy as curl').click();
  await expect(page.getByText('curl command copied to the clipboard.')).toBeVisible();
  const copied = await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText());
  expect(copied).toBe(`curl -sS -X POST -H 'content-type: application/json' -d '{"key":"${btoa('e2e-key')}"}' http://${address}/v3/kv/range`);

  const words = splitShellWords(copied);
  if (!words.ok) throw new Error(words.message);
  const answer = JSON.parse(execFileSync('curl', words.words.slice(1), { encoding: 'utf8', timeout: 10_000 })) as { kvs: { value: string }[] };
  expect(atob(answer.kvs[0]?.value ?? '')).toBe('from etcd');
  await saveScreenshot(page, 'http-json-rule');

  // A method with additional bindings counts them.
  await openMethod(page, 'LeaseRevoke');
  await expect(page.getByLabel('HTTP rule', { exact: true })).toHaveText('POST /v3/lease/revoke +1 more');
});

test('Protocol HTTP/JSON (transcoded): Range goes through its rule to etcd and the answer shows as a message; a bidi method is refused beside Invoke', async ({ page }) => {
  await openWorkbench(page, host());
  await importEtcdProtos(page);
  await openMethod(page, 'Range');
  await textbox(page, 'Server address').fill(etcd?.address ?? '');
  const protocol = page.getByRole('combobox', { name: 'Protocol', exact: true });
  await protocol.selectOption({ label: 'HTTP/JSON (transcoded)' });
  await setRequestBody(page, `{"key": "${btoa('e2e-key')}"}`);
  await button(page, 'Invoke').click();
  await expectFinalStatus(page, 'OK');
  await expect(messageCounts(page)).toHaveText('1 sent · 1 received');
  const log = page.getByRole('log', { name: 'Stream messages', exact: true });
  await expect(log.getByRole('article').last()).toContainText(btoa('from etcd'));
  await saveScreenshot(page, 'http-json-range');

  // A revision in the future: etcd's gateway error comes back as the gRPC status it stands for.
  await setRequestBody(page, `{"key": "${btoa('e2e-key')}", "revision": "999999"}`);
  await button(page, 'Invoke').click();
  await expectFinalStatus(page, 'OUT_OF_RANGE');

  await openMethod(page, 'LeaseKeepAlive');
  await protocol.selectOption({ label: 'HTTP/JSON (transcoded)' });
  await expect(page.getByRole('note', { name: 'Protocol note', exact: true })).toContainText('cannot be made with HTTP/JSON (transcoded)');
  await expect(button(page, 'Invoke')).toBeDisabled();
});
