// The demo targets in Chromium, as a user meets them: Start demo server, open "Demo targets" in
// the sidebar and press `Use <name>`. Demo server: Watch health on demo.v1.Flapping alternates
// SERVING and NOT_SERVING (the demo flips it every 5 s) and each change is a point on the
// Connection timeline. Balanced demo: round_robin spreads Echo over its two backends (Calls per
// backend). Keepalive demo: the server's pings (every 10 s) count up in Pings received.
import { expect, test, type Page } from '@playwright/test';
import { button, expectFinalStatus, openMethod, openWorkbench, responseTab, saveScreenshot, setRequestBody, startDemoFromUi, textbox, useWebHost } from '../support/workbench';

const host = useWebHost();

/** Opens the sidebar's collapsed "Demo targets" and returns the card of one target. */
async function demoTarget(page: Page, name: 'Demo server' | 'Balanced demo' | 'Keepalive demo') {
  const list = page.getByRole('list', { name: 'Demo targets', exact: true });
  if (!(await list.isVisible())) await page.locator('summary', { hasText: /^Demo targets \(\d+\)/ }).click();
  const card = list.getByRole('listitem', { name, exact: true });
  await expect(card).toBeVisible();
  return card;
}

/** Demo running, Echo open, the tab pointed at the named demo target with its `Use` button. */
async function useDemoTarget(page: Page, name: 'Demo server' | 'Balanced demo' | 'Keepalive demo'): Promise<string> {
  await openWorkbench(page, host());
  await startDemoFromUi(page);
  await openMethod(page, 'Echo');
  const card = await demoTarget(page, name);
  const target = (await card.locator('code').textContent()) ?? '';
  await button(page, `Use ${name}`).click();
  await expect(textbox(page, 'Server address')).toHaveValue(target);
  return target;
}

async function invokeEchoOk(page: Page): Promise<void> {
  await button(page, 'Invoke').click();
  await expectFinalStatus(page, 'OK');
}

const healthStatus = (page: Page) => page.getByRole('status', { name: 'Health status', exact: true });
const opposite = (status: string) => (status === 'SERVING' ? 'NOT_SERVING' : 'SERVING');

test('Demo server: Watch health on demo.v1.Flapping alternates SERVING and NOT_SERVING, each a point on the Connection timeline', async ({ page }) => {
  await useDemoTarget(page, 'Demo server');
  await setRequestBody(page, '{"message": "hi"}');
  await invokeEchoOk(page);
  await textbox(page, 'Health service').fill('demo.v1.Flapping');
  await page.getByRole('checkbox', { name: 'Watch health', exact: true }).check();
  await expect(healthStatus(page)).toHaveText(/^(NOT_)?SERVING$/);
  const first = (await healthStatus(page).textContent()) ?? '';
  // The demo flips every 5 s: two flips within 2 × 5 s and some slack.
  await expect(healthStatus(page)).toHaveText(opposite(first), { timeout: 8_000 });
  await expect(healthStatus(page)).toHaveText(first, { timeout: 8_000 });

  await responseTab(page, 'Connection').click();
  const timeline = page.getByRole('img', { name: /^Connection timeline: / });
  await expect(timeline).toHaveAccessibleName(new RegExp(`; health (.* → )?${first} → ${opposite(first)} → ${first}$`));
  await saveScreenshot(page, 'demo-target-flapping-health');
  await page.getByRole('checkbox', { name: 'Watch health', exact: true }).uncheck();
});

test('Balanced demo: with round_robin, Echo calls spread over its two backends in Calls per backend', async ({ page }) => {
  const target = await useDemoTarget(page, 'Balanced demo');
  const backends = target.replace(/^ipv4:/, '').split(',');
  expect(backends).toHaveLength(2);
  await button(page, 'Connection settings').click();
  await page.getByRole('combobox', { name: 'Load balancing', exact: true }).selectOption('round_robin');
  await setRequestBody(page, '{"message": "balanced"}');
  for (let i = 0; i < 6; i++) await invokeEchoOk(page);

  await responseTab(page, 'Connection').click();
  const chart = page.getByRole('figure', { name: 'Calls per backend', exact: true });
  await expect(chart).toContainText('6 calls');
  // round_robin takes the READY backends in turn: each of the two served at least one call.
  for (const address of backends) {
    await expect(chart.getByRole('listitem', { name: new RegExp(`^${address.replace(/\./g, '\\.')}: [1-9]\\d* calls?$`) })).toBeVisible();
  }
  await saveScreenshot(page, 'demo-target-balanced');
});

test('Keepalive demo: the server pings the connection, Pings received goes above 0', async ({ page }) => {
  await useDemoTarget(page, 'Keepalive demo');
  await setRequestBody(page, '{"message": "ping me"}');
  await invokeEchoOk(page);
  await responseTab(page, 'Connection').click();
  const keepalive = page.getByRole('table', { name: 'Keepalive', exact: true });
  // The server pings every 10 s from the connection's start; the workbench's own keepalive is off.
  await expect(keepalive.getByRole('row', { name: 'Pings received', exact: true })).toContainText(/[1-9]/, { timeout: 15_000 });
  await expect(keepalive.getByRole('row', { name: 'Pings sent', exact: true })).toContainText('0');
  await saveScreenshot(page, 'demo-target-keepalive');
});
