import type { Browser } from 'playwright-core';
import { launchChromium } from './browser';
import { openApp, waitForAppShell } from './ui-driver';
import { missingBuild, startWebShell } from './web-shell';

const STEP_TIMEOUT_MS = 30_000;

/**
 * Opens `folder` as a collection through the browser shell's UI (headless Chromium, a fresh
 * built web host and data folder per run, so nothing is cached) and measures from clicking
 * `Open` to the collection's tree showing its first folder: the engine's index, the contract
 * and the renderer's tree together.
 */
export async function openCollectionInPage(tmpDir: string, folder: string, firstFolder: string, runs: number): Promise<number[]> {
  const missing = missingBuild();
  if (missing) throw new Error(missing);
  let browser: Browser | null = null;
  try {
    browser = await launchChromium();
    const times: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      const shell = await startWebShell(tmpDir, { requireBuilt: true });
      const app = await openApp(browser, shell.url);
      try {
        const { page } = app;
        await waitForAppShell(page, STEP_TIMEOUT_MS);
        const tree = page.getByRole('tree', { name: 'Collections', exact: true });
        await page.getByRole('button', { name: 'Open collection', exact: true }).click();
        const dialog = page.getByRole('dialog', { name: 'Open collection', exact: true });
        await dialog.getByRole('textbox', { name: 'Collection folder', exact: true }).fill(folder);
        const start = Date.now();
        await dialog.getByRole('button', { name: 'Open', exact: true }).click();
        await tree.getByRole('treeitem', { name: firstFolder, exact: true }).waitFor({ timeout: STEP_TIMEOUT_MS });
        times.push(Date.now() - start);
        if (app.errors.length > 0) throw new Error(`page error: ${app.errors[0]}`);
      } finally {
        await app.context.close();
        await shell.stop();
      }
    }
    return times;
  } finally {
    await browser?.close().catch(() => undefined);
  }
}
