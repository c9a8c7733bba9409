import { performance } from 'node:perf_hooks';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../lib/browser';
import type { Row } from '../lib/report';
import { errorText, type Section } from '../lib/section';
import { summarize } from '../lib/stats';
import { openApp, startDemoFromUi, waitForAppShell } from '../lib/ui-driver';
import { missingBuild, startWebShell } from '../lib/web-shell';

const RUNS = 5;
const STEP_TIMEOUT_MS = 20_000;
const SHELL_WHAT = '5 Start-up: spawn of the web host → app shell interactive (Services tree, `Start demo server` visible)';
const DEMO_WHAT = '5 Start-up: spawn → `Start demo server` clicked → demo services listed in the tree';

interface StartupRun {
  urlMs: number;
  shellMs: number;
  demoMs: number;
}

async function oneRun(browser: Browser, tmpDir: string): Promise<StartupRun> {
  const spawnedAt = performance.now();
  const shell = await startWebShell(tmpDir, { requireBuilt: true });
  try {
    const urlMs = performance.now() - spawnedAt;
    const app = await openApp(browser, shell.url);
    try {
      await waitForAppShell(app.page, STEP_TIMEOUT_MS);
      const shellMs = performance.now() - spawnedAt;
      await startDemoFromUi(app.page, STEP_TIMEOUT_MS);
      const demoMs = performance.now() - spawnedAt;
      if (app.errors.length > 0) throw new Error(`page error: ${app.errors[0]}`);
      return { urlMs, shellMs, demoMs };
    } finally {
      await app.context.close();
    }
  } finally {
    await shell.stop();
  }
}

/**
 * Start-up of the browser shell: from spawning the built web host (fresh data folder, so no
 * cache) to the page being usable, in an already running headless Chromium.
 */
export const startupSection: Section = {
  name: 'startup',
  title: 'Start-up (browser shell)',
  typicalMs: 45_000,
  async run({ tmpDir, log }) {
    const missing = missingBuild();
    const notMeasured = (reason: string): Row[] =>
      [SHELL_WHAT, DEMO_WHAT].map((what) => ({ section: 'startup', what, unit: 'ms', ours: null, baseline: null, baselineName: '', target: { kind: 'below', value: 2_000 }, note: `not measured: ${reason}` }));
    if (missing) return notMeasured(missing);
    let browser: Browser | null = null;
    const runs: StartupRun[] = [];
    let failure: string | null = null;
    try {
      browser = await launchChromium();
      for (let i = 0; i < RUNS; i++) {
        const run = await oneRun(browser, tmpDir);
        runs.push(run);
        log(`  run ${i + 1}: URL printed ${run.urlMs.toFixed(0)} ms, app shell ${run.shellMs.toFixed(0)} ms, demo services ${run.demoMs.toFixed(0)} ms`);
      }
    } catch (error) {
      failure = errorText(error);
      if (runs.length === 0) return notMeasured(failure);
    } finally {
      await browser?.close().catch(() => undefined);
    }
    const urlMedian = summarize(runs.map((r) => r.urlMs)).median;
    const failed = failure ? `; run ${runs.length + 1} of ${RUNS} failed: ${failure}` : '';
    return [
      { section: 'startup', what: SHELL_WHAT, unit: 'ms', ours: summarize(runs.map((r) => r.shellMs)), baseline: null, baselineName: '', target: { kind: 'below', value: 2_000 }, note: `of which the host printing its URL: ${urlMedian.toFixed(0)} ms (median); Chromium already running; fresh data folder each run${failed}` },
      { section: 'startup', what: DEMO_WHAT, unit: 'ms', ours: summarize(runs.map((r) => r.demoMs)), baseline: null, baselineName: '', target: { kind: 'below', value: 2_000 }, note: `includes compiling demo.proto with protoc (no cache) and starting the in-app demo server${failed}` },
    ];
  },
};
