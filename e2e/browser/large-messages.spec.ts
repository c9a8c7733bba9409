// A 1 MiB message crosses to the page as a bounded preview (its size exact); expanding it loads
// the whole message from the engine, and Copy message / Save message give exactly that message.
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { button, expectFinalStatus, messageCounts, openMethod, openWorkbench, saveScreenshot, setRequestBody, startDemoFromUi, useWebHost } from '../support/workbench';

const host = useWebHost();
const MIB = 1024 * 1024;

test('a 1 MiB message shows its preview, loads in full, and copies and saves exactly', async ({ page }) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await openWorkbench(page, host());
  await startDemoFromUi(page);
  await openMethod(page, 'CountUp');
  await setRequestBody(page, `{"count": 1, "payloadBytes": ${MIB}}`);
  await button(page, 'Invoke').click();
  await expectFinalStatus(page, 'OK');
  await expect(messageCounts(page)).toHaveText(/^1 sent · 1 received$/);

  const log = page.getByRole('log', { name: 'Stream messages', exact: true });
  const row = log.getByRole('article').last();
  // The size is the message's own; only the JSON is a preview.
  await expect(row).toContainText(/1,048,5\d\d B/);
  await expect(row).toContainText(/preview of [\d,]+ chars/);
  await row.getByRole('button', { name: 'Expand', exact: true }).click();
  const full = row.getByRole('region', { name: 'Full message', exact: true });
  await expect(full).toContainText(/^Preview: the first 65,536 of [\d,]+ characters of JSON\./);

  await full.getByRole('button', { name: 'Load full message', exact: true }).click();
  await expect(full).toContainText(/Full message: [\d,]+ characters of JSON\./);
  await saveScreenshot(page, 'large-message-full');

  await full.getByRole('button', { name: 'Copy message', exact: true }).click();
  const copied = await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText());
  const message = JSON.parse(copied) as { index?: number; payload: string };
  expect(Buffer.from(message.payload, 'base64').equals(Buffer.alloc(MIB, 'grpc-workbench '))).toBe(true);
  await expect(full).toContainText(`Full message: ${copied.length.toLocaleString('en-US')} characters of JSON.`);

  const download = page.waitForEvent('download');
  await full.getByRole('button', { name: 'Save message', exact: true }).click();
  const saved = await download;
  expect(saved.suggestedFilename()).toBe('message-received-0.json');
  expect(await readFile(await saved.path(), 'utf8')).toBe(copied);
});

test('big messages are read whole from the engine only when a message check needs them, and then judged whole', async ({ page }) => {
  // Every calls:messages request the page sends over its WebSocket: how the page reads a message whole.
  const wholeReads: string[] = [];
  page.on('websocket', (socket) =>
    socket.on('framesent', ({ payload }) => {
      if (typeof payload === 'string' && payload.includes('"channel":"calls:messages"')) wholeReads.push(payload);
    }),
  );
  await openWorkbench(page, host());
  await startDemoFromUi(page);
  await openMethod(page, 'CountUp');
  await setRequestBody(page, `{"count": 2, "payloadBytes": ${MIB}}`);
  await button(page, 'Invoke').click();
  await expectFinalStatus(page, 'OK');
  await expect(messageCounts(page)).toHaveText(/^1 sent · 2 received$/);
  const log = page.getByRole('log', { name: 'Stream messages', exact: true });
  await expect(log.getByRole('article').filter({ hasText: /preview of [\d,]+ chars/ })).toHaveCount(2);
  // No check looks at the messages: nothing is fetched (the check runner took the outcome at the end).
  await page.waitForTimeout(300);
  expect(wholeReads).toEqual([]);

  // A message check added now: both messages are read whole and judged on their whole JSON
  // (a preview is cut JSON, where $.payload cannot be found).
  await page.getByRole('region', { name: 'Response', exact: true }).getByRole('tab', { name: 'Checks', exact: true }).click();
  const checks = page.getByRole('region', { name: 'Checks', exact: true });
  await checks.getByRole('button', { name: 'Add check', exact: true }).click();
  const check = checks.getByRole('group', { name: 'Check 1', exact: true });
  await check.getByRole('combobox', { name: 'Check kind', exact: true }).selectOption({ label: 'JSON path' });
  await check.getByRole('combobox', { name: 'Which message', exact: true }).selectOption('every');
  await check.getByRole('textbox', { name: 'JSON path', exact: true }).fill('$.payload');
  const results = page.getByRole('list', { name: 'Check results', exact: true });
  await expect(results.getByRole('listitem')).toHaveCount(1);
  await expect(results.getByRole('listitem').first()).toContainText('✓ Passed');
  expect(wholeReads).toHaveLength(2);

  // The next call, with the check in place, is judged whole at its end.
  await button(page, 'Invoke').click();
  await expectFinalStatus(page, 'OK');
  await expect(results.getByRole('listitem').first()).toContainText('✓ Passed');
  await expect.poll(() => wholeReads.length).toBe(4);
});
