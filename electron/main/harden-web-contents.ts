// Applied to every WebContents the app creates (app 'web-contents-created'): no navigation
// away from our origin, no new windows, no <webview>. http(s) links open in the OS browser.
import type { WebContents } from 'electron';
import { decideNavigation, decideRedirect, decideWindowOpen, type NavigationDecision } from './navigation-policy';

export interface HardeningDeps {
  /** shell.openExternal; only ever called with an http(s) URL from navigation-policy. */
  openExternal(url: string): void;
  warn(message: string): void;
}

export function hardenWebContents(contents: WebContents, deps: HardeningDeps): void {
  const enforce = (decision: NavigationDecision, url: string, what: string, preventDefault: () => void): void => {
    if (decision.action === 'allow') return;
    preventDefault();
    // Only http(s) URLs without credentials reach here (navigation-policy.externalBrowserUrl).
    if (decision.openExternally !== null) deps.openExternal(decision.openExternally); /* eng-disable OPEN_EXTERNAL_JS_CHECK */
    else deps.warn(`Blocked ${what} to ${url}.`);
  };

  contents.on('will-navigate', (event) => enforce(decideNavigation(event.url), event.url, 'navigation', () => event.preventDefault()));
  contents.on('will-redirect', (event) => enforce(decideRedirect(event.url), event.url, 'redirect', () => event.preventDefault()));
  // Sub-frames (the main frame is covered by will-navigate): only our own pages, nothing opens outside.
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) enforce(decideRedirect(event.url), event.url, 'frame navigation', () => event.preventDefault());
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    deps.warn('Blocked a <webview>: the workbench never embeds one.');
  });
  contents.setWindowOpenHandler(({ url }) => {
    enforce(decideWindowOpen(url), url, 'new window', () => undefined);
    return { action: 'deny' };
  });
}
