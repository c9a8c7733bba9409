// What the window may load. The renderer is a single page: it never needs to navigate away,
// open windows or load remote pages. Links to http(s) pages open in the OS browser instead.
import { isAppUrl } from './app-origin';

export type NavigationDecision =
  | { action: 'allow' }
  /** openExternally: the URL to hand to shell.openExternal, or null to drop it. */
  | { action: 'deny'; openExternally: string | null };

/**
 * An http(s) URL safe to hand to the OS browser, normalised, or null. URLs with credentials
 * are refused (https://trusted.example@evil.example is a classic disguise), as is every other
 * scheme (file:, smb:, javascript:, custom handlers) — the OS may run programs for those.
 */
export function externalBrowserUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  if (parsed.username !== '' || parsed.password !== '' || parsed.hostname === '') return null;
  return parsed.href;
}

/** will-navigate: our own pages may load (a reload); http(s) links go to the OS browser; the rest is dropped. */
export function decideNavigation(url: string): NavigationDecision {
  if (isAppUrl(url)) return { action: 'allow' };
  return { action: 'deny', openExternally: externalBrowserUrl(url) };
}

/** will-redirect: a redirect is never user intent, so nothing opens externally. */
export function decideRedirect(url: string): NavigationDecision {
  return isAppUrl(url) ? { action: 'allow' } : { action: 'deny', openExternally: null };
}

/** setWindowOpenHandler: no new windows ever; http(s) targets open in the OS browser. */
export function decideWindowOpen(url: string): NavigationDecision {
  return { action: 'deny', openExternally: externalBrowserUrl(url) };
}
