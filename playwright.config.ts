import { defineConfig } from '@playwright/test';

// End-to-end specs drive Debian's Chromium (test tools cannot download browsers here).
// Browser-shell specs start their own web host (see e2e/support/web-host.ts); the Electron
// spec runs only where an Electron binary exists and says why when it skips.
export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-gpu'],
    },
    viewport: { width: 1440, height: 900 },
    screenshot: 'only-on-failure',
  },
});
