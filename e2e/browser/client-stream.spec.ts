// Client streaming against the demo server: Invoke opens the stream, each Send message sends
// the editor's JSON, End stream half-closes; int64 values beyond 2^53 add up exactly.
import { expect, test } from '@playwright/test';
import { button, expectFinalStatus, messageCounts, openMethod, openWorkbench, saveScreenshot, setRequestBody, startDemoFromUi, useWebHost } from '../support/workbench';

const host = useWebHost();

test('Sum: two 9007199254740993 and a 1 add up to "18014398509481987", OK', async ({ page }) => {
  await openWorkbench(page, host());
  await startDemoFromUi(page);
  await openMethod(page, 'Sum');

  await expect(button(page, 'Send message')).toBeDisabled();
  await button(page, 'Invoke').click();
  await expect(button(page, 'Send message')).toBeEnabled();

  // 2^53 + 1 cannot be a JavaScript number: it travels as a JSON string, as proto3 JSON allows.
  await setRequestBody(page, '{"value": "9007199254740993"}');
  await button(page, 'Send message').click();
  await expect(messageCounts(page)).toHaveText('1 sent · 0 received');
  await button(page, 'Send message').click();
  await expect(messageCounts(page)).toHaveText('2 sent · 0 received');
  await setRequestBody(page, '{"value": 1}');
  await button(page, 'Send message').click();
  await expect(messageCounts(page)).toHaveText('3 sent · 0 received');
  await button(page, 'End stream').click();

  await expectFinalStatus(page, 'OK');
  await expect(messageCounts(page)).toHaveText('3 sent · 1 received');
  const received = page.getByRole('log', { name: 'Stream messages', exact: true }).getByRole('article').filter({ hasText: 'received' });
  await expect(received).toHaveCount(1);
  await expect(received).toContainText('"total":"18014398509481987"');
  await expect(button(page, 'Send message')).toBeDisabled();
  await saveScreenshot(page, 'client-stream-sum');
});
