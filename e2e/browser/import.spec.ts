// Importing .proto files through the Import protos dialog: the demo protos by absolute path,
// and a broken file whose compile error stays in the dialog with file:line:column until fixed.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { button, methodItem, openWorkbench, saveScreenshot, useWebHost } from '../support/workbench';

const host = useWebHost();
const protosDir = join(process.cwd(), 'protos');

let brokenDir = '';
test.beforeAll(async () => {
  brokenDir = await mkdtemp(join(tmpdir(), 'gw-e2e-broken-proto-'));
});
test.afterAll(async () => {
  if (brokenDir) await rm(brokenDir, { recursive: true, force: true });
});

function importDialog(page: Page) {
  return page.getByRole('dialog', { name: 'Import protos', exact: true });
}

async function importFiles(page: Page, protoFiles: string[], importPaths: string[]): Promise<void> {
  await button(page, 'Import protos').click();
  const dialog = importDialog(page);
  await expect(dialog).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Proto files', exact: true }).fill(protoFiles.join('\n'));
  await dialog.getByRole('textbox', { name: 'Import paths', exact: true }).fill(importPaths.join('\n'));
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
}

test('imports demo.proto by absolute path: its services and methods appear under Services', async ({ page }) => {
  await openWorkbench(page, host());
  await importFiles(page, [join(protosDir, 'demo.proto')], [protosDir]);

  await expect(importDialog(page)).toBeHidden();
  for (const method of ['Echo', 'CountUp', 'Sum', 'Chat', 'Fail', 'Slow']) await expect(methodItem(page, method)).toBeVisible();
  await expect(page.getByRole('tree', { name: 'Services', exact: true })).toContainText('DemoService');
  await saveScreenshot(page, 'import-demo-protos');
});

test('a compile error stays in the dialog with file:line:column; fixing the file imports it', async ({ page }) => {
  const broken = join(brokenDir, 'broken.proto');
  // Line 5 uses a type nobody defines.
  const lines = ['syntax = "proto3";', 'package broken.v1;', 'service Broken { rpc Ping(PingRequest) returns (PingRequest); }', 'message PingRequest {', '  MissingType thing = 1;', '}', ''];
  await writeFile(broken, lines.join('\n'));

  await openWorkbench(page, host());
  await importFiles(page, [broken], [brokenDir]);

  const dialog = importDialog(page);
  const alert = dialog.getByRole('alert');
  await expect(alert).toContainText('broken.proto:5:');
  await expect(alert).toContainText('MissingType');
  await expect(dialog).toBeVisible();
  await saveScreenshot(page, 'import-compile-error');

  lines[4] = '  string thing = 1;';
  await writeFile(broken, lines.join('\n'));
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();

  await expect(dialog).toBeHidden();
  await expect(methodItem(page, 'Ping')).toBeVisible();
  await saveScreenshot(page, 'import-fixed');
});
