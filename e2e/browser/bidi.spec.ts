// Bidirectional streaming against the demo server: Chat answers each message as it arrives.
import { expect, test } from '@playwright/test';
import { button, expectFinalStatus, messageCounts, openMethod, openWorkbench, saveScreenshot, setRequestBody, startDemoFromUi, useWebHost } from '../support/workbench';

const host = useWebHost();

test('Chat: three messages out, three echoes back, 6 articles in order, OK', async ({ page }) => {
  await openWorkbench(page, host());
  await startDemoFromUi(page);
  await openMethod(page, 'Chat');
  await button(page, 'Invoke').click();

  const words = ['first', 'second', 'third'];
  for (const [i, text] of words.entries()) {
    await setRequestBody(page, JSON.stringify({ user: 'ada', text }));
    await button(page, 'Send message').click();
    // Each echo comes back while the stream is still open.
    await expect(messageCounts(page)).toHaveText(`${i + 1} sent · ${i + 1} received`);
  }
  await button(page, 'End stream').click();

  await expectFinalStatus(page, 'OK');
  await expect(messageCounts(page)).toHaveText('3 sent · 3 received');
  const articles = page.getByRole('log', { name: 'Stream messages', exact: true }).getByRole('article');
  await expect(articles).toHaveCount(6);
  await expect(articles.filter({ hasText: /^sent/ })).toHaveCount(3);
  await expect(articles.filter({ hasText: /^received/ })).toHaveCount(3);
  for (const [i, text] of words.entries()) {
    await expect(articles.nth(2 * i)).toContainText(/^sent/);
    await expect(articles.nth(2 * i)).toContainText(`"text":"${text}"`);
    await expect(articles.nth(2 * i + 1)).toContainText(/^received/);
    await expect(articles.nth(2 * i + 1)).toContainText(`"text":"${text}"`);
  }
  await saveScreenshot(page, 'bidi-chat');
});
