// Compression in Chromium against python3-grpcio compressing its answers with gzip (the spec
// starts test/fixtures/python/compression_server.py, which echoes the request's bytes): the demo
// Echo sent with deflate reaches it (the echo comes back), the Timing table shows the request's
// and the response's grpc-encoding, and the received message says it came gzip-compressed, with
// its size on the wire next to its decoded size; the sent message says it went deflate-compressed, with its own size on the wire.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { expect, test } from '@playwright/test';
import { button, expectFinalStatus, openMethod, openWorkbench, responseTab, saveScreenshot, setRequestBody, startDemoFromUi, textbox, useWebHost } from '../support/workbench';

const host = useWebHost();

/**
 * test/support/python-peer.ts uses import.meta, which Playwright's CommonJS transform refuses;
 * this is its contract in short: the fixture prints "PORT <n>" first and exits when stdin closes.
 */
let python: { address: string; child: ChildProcessWithoutNullStreams } | null = null;
test.beforeAll(async () => {
  const child = spawn('/usr/bin/python3', ['-u', join(process.cwd(), 'test/fixtures/python/compression_server.py')], { stdio: ['pipe', 'pipe', 'pipe'] });
  const port = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`compression_server.py exited (${code}) before it announced its port`)));
    createInterface({ input: child.stdout }).once('line', (line) => resolve(line.replace(/^PORT /, '')));
  });
  python = { address: `127.0.0.1:${port}`, child };
});
test.afterAll(() => {
  python?.child.stdin.end();
  python?.child.kill('SIGTERM');
});

test('deflate request, gzip response: Request encoding, Response encoding and each message on the wire', async ({ page }) => {
  if (python === null) throw new Error('the Python compression server did not start');
  await openWorkbench(page, host());
  await startDemoFromUi(page);
  await openMethod(page, 'Echo');
  await textbox(page, 'Server address').fill(python.address);
  await button(page, 'Connection settings').click();
  const compression = page.getByRole('combobox', { name: 'Compression', exact: true });
  await expect(compression.getByRole('option')).toHaveText(['identity', 'deflate', 'gzip']);
  await compression.selectOption('deflate');
  await saveScreenshot(page, 'compression-settings');
  // Short enough for setRequestBody to see the whole line in the editor; still very compressible.
  await setRequestBody(page, JSON.stringify({ message: 'compress me '.repeat(20) }));

  await button(page, 'Invoke').click();
  await expectFinalStatus(page, 'OK');

  const log = page.getByRole('log', { name: 'Stream messages', exact: true });
  const received = log.getByRole('article').filter({ hasText: 'received' });
  await expect(received).toContainText('compress me compress me');
  await expect(received).toContainText(/gzip · \d+ B on the wire/);
  // Decoded: field 1 (1 byte tag + 2 bytes length) of 240 letters; on the wire: far fewer.
  await expect(received.locator('.message-size')).toHaveText('243 B');
  const onWire = Number(/gzip · (\d+) B/.exec((await received.textContent()) ?? '')?.[1]);
  expect(onWire).toBeGreaterThan(0);
  expect(onWire).toBeLessThan(100);
  // The sent request says the same of its own frame: deflate, and far fewer bytes than its 243.
  const sent = log.getByRole('article').filter({ hasText: 'sent' });
  await expect(sent).toContainText(/deflate · \d+ B on the wire/);
  const sentOnWire = Number(/deflate · (\d+) B/.exec((await sent.textContent()) ?? '')?.[1]);
  expect(sentOnWire).toBeGreaterThan(0);
  expect(sentOnWire).toBeLessThan(100);
  await saveScreenshot(page, 'compression-messages');

  await responseTab(page, 'Timing').click();
  const timing = page.getByRole('table', { name: 'Timing', exact: true });
  await expect(timing.getByRole('row', { name: 'Request encoding', exact: true })).toContainText('deflate');
  await expect(timing.getByRole('row', { name: 'Request encoding', exact: true })).toContainText('1 message of 1 sent compressed');
  await expect(timing.getByRole('row', { name: 'Response encoding', exact: true })).toContainText('gzip');
  await saveScreenshot(page, 'compression-timing');
});
