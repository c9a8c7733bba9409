// The Auth helper in Chromium. Against the demo: Whoami fails UNAUTHENTICATED without Auth and
// succeeds with Bearer token workbench-demo-token, while the plaintext warning shows; the demo's
// targets list names the token. Against python3-grpcio (test/fixtures/python/auth_server.py,
// which refuses everything without "authorization: Bearer fixture-token"): Use server reflection
// sends the tab's Auth header, so the services load.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { expect, test, type Page } from '@playwright/test';
import { button, callStatus, expectFinalStatus, methodItem, openMethod, openWorkbench, saveScreenshot, startDemoFromUi, textbox, useWebHost } from '../support/workbench';

const host = useWebHost();

// python-peer.ts uses import.meta, which Playwright's CommonJS transform refuses: its contract in short.
let python: { address: string; child: ChildProcessWithoutNullStreams } | null = null;
test.beforeAll(async () => {
  const child = spawn('/usr/bin/python3', ['-u', join(process.cwd(), 'test/fixtures/python/auth_server.py')], { stdio: ['pipe', 'pipe', 'pipe'] });
  const port = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`auth_server.py exited (${code}) before it announced its port`)));
    createInterface({ input: child.stdout }).once('line', (line) => resolve(line.replace(/^PORT /, '')));
  });
  python = { address: `127.0.0.1:${port}`, child };
});
test.afterAll(() => {
  python?.child.stdin.end();
  python?.child.kill('SIGTERM');
});

async function useBearer(page: Page, token: string): Promise<void> {
  await page.getByRole('combobox', { name: 'Auth', exact: true }).selectOption({ label: 'Bearer token' });
  // A password input (the token is masked) has no textbox role: found by its label.
  await page.getByLabel('Token', { exact: true }).fill(token);
}

test('demo Whoami: UNAUTHENTICATED without Auth, OK with the Bearer token, plaintext warning shown', async ({ page }) => {
  await openWorkbench(page, host());
  await startDemoFromUi(page);
  await page.getByText(/^Demo targets \(4\)/).click();
  const targets = page.getByRole('list', { name: 'Demo targets', exact: true });
  await expect(targets.getByRole('listitem', { name: 'Demo server', exact: true })).toContainText('workbench-demo-token');
  await expect(targets.getByRole('listitem', { name: 'Balanced demo', exact: true })).toContainText(/ipv4:127\.0\.0\.1:\d+,127\.0\.0\.1:\d+/);
  await expect(targets.getByRole('listitem', { name: 'Keepalive demo', exact: true })).toContainText('GOAWAY');
  await saveScreenshot(page, 'demo-targets');

  await openMethod(page, 'Whoami');
  await button(page, 'Invoke').click();
  await expectFinalStatus(page, 'UNAUTHENTICATED');
  await expect(callStatus(page)).toContainText('authorization: Bearer workbench-demo-token');
  await saveScreenshot(page, 'auth-whoami-unauthenticated');

  await useBearer(page, 'workbench-demo-token');
  await expect(page.getByText('This credential is sent over plaintext (TLS is off)')).toBeVisible();
  await button(page, 'Invoke').click();
  await expectFinalStatus(page, 'OK');
  await expect(page.getByRole('log', { name: 'Stream messages', exact: true }).getByRole('article').filter({ hasText: 'received' })).toContainText('demo-user');
  await saveScreenshot(page, 'auth-whoami-ok');
});

test('Use server reflection sends the tab\'s Auth header to a server that needs it', async ({ page }) => {
  if (python === null) throw new Error('auth_server.py did not start');
  await openWorkbench(page, host());
  await startDemoFromUi(page);
  await openMethod(page, 'Echo');
  await textbox(page, 'Server address').fill(python.address);
  await useBearer(page, 'fixture-token');
  await button(page, 'Import protos').click();
  const dialog = page.getByRole('dialog', { name: 'Import protos', exact: true });
  await dialog.getByRole('button', { name: 'Use server reflection', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(methodItem(page, 'UnaryCall')).toBeVisible();
  await saveScreenshot(page, 'auth-reflection');
});
