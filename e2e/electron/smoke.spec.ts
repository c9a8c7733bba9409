// The Electron shell, end to end: runs only where an Electron binary exists (the electron
// package's install script cannot download it on the machines that build this project).
// Needs `npm run build` first (npm run test:e2e does it): it launches `electron .` -> out/main/main.cjs.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';

/** The Electron executable, as `require('electron')` reports it, or null when it is not installed. */
function electronExecutable(): string | null {
  try {
    const requireFromProject = createRequire(join(process.cwd(), 'package.json'));
    const executable: unknown = requireFromProject('electron');
    return typeof executable === 'string' && existsSync(executable) ? executable : null;
  } catch {
    return null; // index.js throws "Electron failed to install correctly" without dist/
  }
}

const executable = electronExecutable();
const SKIP_REASON = 'Electron binary not installed (it cannot be downloaded offline); the same UI is covered by the browser-shell specs';

test.describe('Electron shell', () => {
  // Skipped only where no Electron binary exists (this build machine cannot download it);
  // the reason is printed so a CI log says why.
  test.skip(executable === null, SKIP_REASON);
  if (executable === null) console.log(`[electron smoke] skipped: ${SKIP_REASON}`);

  let app: ElectronApplication;
  let page: Page;
  let userDataDir: string;

  test.beforeAll(async () => {
    userDataDir = mkdtempSync(join(tmpdir(), 'gw-electron-e2e-'));
    const args = ['.', `--user-data-dir=${userDataDir}`];
    // Chromium refuses to start as root with its sandbox on (CI containers run as root).
    if (process.getuid?.() === 0) args.push('--no-sandbox');
    app = await electron.launch({ executablePath: executable ?? undefined, args, cwd: process.cwd() });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  test.afterAll(async () => {
    await app?.close(); // goes through before-quit: engine.dispose(), then exit
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  test('opens the workbench from app:// with only the bridge exposed', async () => {
    await expect(page).toHaveTitle('gRPC Workbench');
    expect(page.url()).toBe('app://workbench/index.html');
    const exposed = await page.evaluate(() => {
      const scope = globalThis as unknown as Record<string, unknown>;
      const bridge = scope.workbench as Record<string, unknown> | undefined;
      return { require: typeof scope.require, process: typeof scope.process, bridge: bridge ? Object.keys(bridge).sort() : null };
    });
    expect(exposed).toEqual({ require: 'undefined', process: 'undefined', bridge: ['invoke', 'onEvents', 'onMenuCommand', 'pathForFile'] });
  });

  test('starts the demo server and invokes Echo', async () => {
    const startDemo = page.getByRole('button', { name: 'Start demo server', exact: true });
    if (!(await startDemo.isVisible())) await page.getByRole('button', { name: 'Import protos', exact: true }).click();
    await startDemo.click();

    const services = page.getByRole('tree', { name: 'Services' });
    const echo = services.getByRole('treeitem', { name: 'Echo', exact: true });
    await expect(echo).toBeVisible();
    await echo.click();

    await page.getByRole('button', { name: 'Invoke', exact: true }).click();
    await expect(page.getByRole('status', { name: 'Call status' })).toContainText('OK');
  });
});
