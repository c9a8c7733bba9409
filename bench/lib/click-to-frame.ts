import type { Page } from 'playwright-core';

/**
 * Time from an input to the frame that shows its result, in page time: from the event's
 * timeStamp (when the input reached the page, so time spent waiting for a busy main thread
 * counts) to a task posted from the next requestAnimationFrame callback, which runs once that
 * frame's rendering work (React's commit, style, layout, paint) is done. Timed: clicks on a
 * `role="tab"` element (the bench's probe clicks, not the session's Invoke clicks), and key
 * presses in the Monaco editor (typing into the request body).
 */
const PROBE = `
(() => {
  if (window.__clickToFrame) return;
  const probe = { samples: [], keySamples: [] };
  window.__clickToFrame = probe;
  const untilNextFrame = (start, into) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => into.push(performance.now() - start);
    channel.port2.postMessage(null);
  });
  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target.closest('[role="tab"]') : null;
    if (target) untilNextFrame(event.timeStamp, probe.samples);
  }, true);
  document.addEventListener('keydown', (event) => {
    const target = event.target instanceof Element ? event.target.closest('.monaco-editor') : null;
    if (target) untilNextFrame(event.timeStamp, probe.keySamples);
  }, true);
})();
`;

interface ClickProbe {
  samples: number[];
  keySamples: number[];
}
/** The page's global as the probe leaves it (the node tsconfig has no DOM types). */
interface PageGlobal {
  __clickToFrame: ClickProbe;
}

export async function installClickToFrameProbe(page: Page): Promise<void> {
  await page.evaluate(PROBE);
}

/**
 * Clicks the response tabs of the active request tab in turn (Messages, Timing, Connection,
 * Headers, ...) `clicks` times, as a user looking around a result does, and returns each
 * click's time to the next frame in ms.
 */
export async function clickResponseTabs(page: Page, clicks: number, tabNames: readonly string[]): Promise<number[]> {
  const tabs = page.getByRole('tablist', { name: 'Response views', exact: true });
  const before = await page.evaluate(() => (globalThis as unknown as PageGlobal).__clickToFrame.samples.length);
  for (let i = 0; i < clicks; i += 1) {
    const name = tabNames[i % tabNames.length] as string;
    await tabs.getByRole('tab', { name, exact: true }).click();
    await page.waitForFunction((n) => (globalThis as unknown as PageGlobal).__clickToFrame.samples.length >= n, before + i + 1, { timeout: 10_000, polling: 'raf' });
    // A user's next click comes later than the frame: let idle work (effects, observers) run.
    await page.waitForTimeout(30);
  }
  return page.evaluate((from) => (globalThis as unknown as PageGlobal).__clickToFrame.samples.slice(from), before);
}

/**
 * Types `keys` characters at the end of the `Request body` editor, then as many Backspaces
 * (the body is as before), and returns each key press's time to the next frame in ms.
 */
export async function typeInRequestBody(page: Page, keys: number): Promise<number[]> {
  const count = () => page.evaluate(() => (globalThis as unknown as PageGlobal).__clickToFrame.keySamples.length);
  const waitFor = (n: number) => page.waitForFunction((m) => (globalThis as unknown as PageGlobal).__clickToFrame.keySamples.length >= m, n, { timeout: 10_000, polling: 'raf' });
  await page.getByRole('textbox', { name: 'Request body', exact: true }).focus();
  // Ctrl+End is two key downs (Control, End); they move the cursor and are not counted.
  const first = (await count()) + 2;
  await page.keyboard.press('ControlOrMeta+End');
  await waitFor(first);
  for (let i = 0; i < keys * 2; i += 1) {
    await page.keyboard.press(i < keys ? 'x' : 'Backspace');
    await waitFor(first + i + 1);
    await page.waitForTimeout(30);
  }
  return page.evaluate((from) => (globalThis as unknown as PageGlobal).__clickToFrame.keySamples.slice(from), first);
}
