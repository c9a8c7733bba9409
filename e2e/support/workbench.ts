// What a user does in the browser shell, spelled with the accessible names of the UI contract
// (/work/shared/guides/ui-contract.md): every locator is a role and an exact name.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { startWebHost, type RunningWebHost } from './web-host';

/**
 * One web host (own port, own data dir) for the spec file that calls this at its top level;
 * every test opens it in a fresh page. The getter throws if read before beforeAll ran.
 */
export function useWebHost(options: { args?: string[] } = {}): () => RunningWebHost {
  let host: RunningWebHost | null = null;
  test.beforeAll(async () => {
    host = await startWebHost(options);
  });
  test.afterAll(async () => {
    await host?.stop();
    host = null;
  });
  return () => {
    if (!host) throw new Error('The web host is not running: useWebHost() must be called at the top level of the spec file.');
    return host;
  };
}

/** Opens the workbench and waits until the sidebar is there to use. */
export async function openWorkbench(page: Page, host: RunningWebHost): Promise<void> {
  await page.goto(host.url);
  await expect(page.getByRole('button', { name: 'Import protos', exact: true })).toBeVisible();
}

/** Starts the built-in demo server from the sidebar and waits for DemoService in the tree. */
export async function startDemoFromUi(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Start demo server', exact: true }).click();
  await expect(methodItem(page, 'Echo')).toBeVisible();
}

export function methodItem(page: Page, method: string): Locator {
  return page.getByRole('tree', { name: 'Services', exact: true }).getByRole('treeitem', { name: method, exact: true });
}

/** Opens a request tab for the method and waits until its editor is ready. */
export async function openMethod(page: Page, method: string): Promise<void> {
  await methodItem(page, method).click();
  // The method's tab must be the one in front: a workspace restored from an earlier spec may
  // bring back other tabs, and typing into the editor before the switch lands edits the wrong tab.
  await expect(page.locator('.request-header .method-name')).toHaveText(method);
  await expect(requestBody(page)).toBeVisible();
}

export function requestBody(page: Page): Locator {
  return page.getByRole('textbox', { name: 'Request body', exact: true });
}

/**
 * Replaces the editor's text. insertText puts the JSON in as one edit (typing it key by key
 * would let Monaco auto-close brackets and quotes), yet this Monaco in Chromium still leaves
 * auto-closed characters behind the cursor (`{"a": 1}"}`): they are deleted with
 * Shift+Control+End, Delete — the cursor sits right after the inserted text.
 */
export async function setRequestBody(page: Page, json: string): Promise<void> {
  const editor = requestBody(page);
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(json);
  await page.keyboard.press('Shift+Control+End');
  await page.keyboard.press('Delete');
  // Back to the top: the editor wraps long lines and renders only the visual lines in view, so
  // with the cursor at the end a body taller than the editor would show only its tail.
  await page.keyboard.press('Control+Home');
  // The editor is rendered, not a plain input: check what Monaco shows, whitespace-insensitive.
  // Keep bodies short enough to fit the editor (a few wrapped lines).
  await expect
    .poll(async () => (await page.locator('.monaco-editor .view-lines').first().innerText()).replace(/\s+/g, ''))
    .toBe(json.replace(/\s+/g, ''));
}

export function button(page: Page, name: string): Locator {
  return page.getByRole('button', { name, exact: true });
}

export function textbox(page: Page, name: string): Locator {
  return page.getByRole('textbox', { name, exact: true });
}

export function callStatus(page: Page): Locator {
  return page.getByRole('status', { name: 'Call status', exact: true });
}

export function messageCounts(page: Page): Locator {
  return page.getByRole('status', { name: 'Message counts', exact: true });
}

export function responseTab(page: Page, name: 'Messages' | 'Headers' | 'Trailers' | 'Timing' | 'Connection'): Locator {
  return page.getByRole('region', { name: 'Response', exact: true }).getByRole('tab', { name, exact: true });
}

/** The first word of `Call status` once the call has ended (the code name). */
export async function expectFinalStatus(page: Page, codeName: string, timeout = 15_000): Promise<void> {
  await expect(callStatus(page)).toHaveText(new RegExp(`^${codeName}\\b`), { timeout });
}

/** Saves the final screen to e2e/screenshots/<name>.png (gitignored) for a human to look at. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  const dir = join(process.cwd(), 'e2e', 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`) });
}
