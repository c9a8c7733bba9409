import type { Page } from 'playwright-core';

/**
 * One call started through the UI and awaited in the page: a MutationObserver on the active
 * tab's `Invoke` button sees it disabled (the call started) and enabled again (it ended).
 * Observing the attribute, not polling, because a fast unary call can start and end between
 * two frames.
 */
const PROBE = `
(() => {
  if (window.__uiCall) return;
  const invokeButton = () => [...document.querySelectorAll('[role="group"][aria-label="Call"] button')].find((b) => b.textContent.trim() === 'Invoke') || null;
  const probe = { done: null, observer: null, waiter: null };
  window.__uiCall = probe;
  probe.arm = () => {
    const button = invokeButton();
    if (!button) throw new Error('no Invoke button on the page');
    if (button.disabled) throw new Error('Invoke is disabled: a call is still running in this tab');
    if (probe.observer) probe.observer.disconnect();
    probe.done = new Promise((resolve) => { probe.waiter = resolve; });
    let sawDisabled = false;
    probe.observer = new MutationObserver(() => {
      if (button.disabled) sawDisabled = true;
      else if (sawDisabled) { probe.observer.disconnect(); probe.waiter(); }
    });
    probe.observer.observe(button, { attributes: true, attributeFilter: ['disabled'] });
  };
  probe.wait = (timeoutMs) => Promise.race([
    probe.done.then(() => (document.querySelector('[role="status"][aria-label="Call status"] .status-code')?.textContent || '').trim()),
    new Promise((resolve) => setTimeout(() => resolve('timed out'), timeoutMs)),
  ]);
})();
`;

interface CallProbe {
  arm(): void;
  wait(timeoutMs: number): Promise<string>;
}
interface PageGlobal {
  __uiCall: CallProbe;
}

export async function installUiCallProbe(page: Page): Promise<void> {
  await page.evaluate(PROBE);
}

export type InvokeGesture = 'click' | 'shortcut';

/**
 * Invokes the active tab's request as a user does, by clicking `Invoke` or pressing Ctrl+Enter
 * (with the focus outside the editor, where the app's global shortcut listens), and waits for
 * the call to end. Returns the status code name the page then shows (e.g. OK), or 'timed out'.
 */
export async function invokeThroughUi(page: Page, gesture: InvokeGesture, timeoutMs: number): Promise<string> {
  await page.evaluate(() => (globalThis as unknown as PageGlobal).__uiCall.arm());
  if (gesture === 'click') await page.getByRole('button', { name: 'Invoke', exact: true }).click();
  else await page.keyboard.press('Control+Enter');
  return page.evaluate((ms) => (globalThis as unknown as PageGlobal).__uiCall.wait(ms), timeoutMs);
}
