import type { CallId } from '../../../shared/ids';

/** A page's word lasts this long; pages repeat it (renderer/src/services/shown-calls-reporter.ts) well within. */
export const SHOWN_CALLS_TTL_MS = 5 * 60_000;
/** Pages remembered at most (each browser tab or window is one). */
const MAX_PAGES = 64;

/**
 * Which calls pages show, so the registry keeps those calls (their messages and recordings) while
 * any page still shows them, whatever the "last 8 finished" rule says. A page repeats its list;
 * one that went away without a word (closed tab, crashed window) stops counting after the TTL.
 */
export class ShownCalls {
  private readonly pages = new Map<string, { callIds: ReadonlySet<CallId>; until: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The calls `pageId` shows now (replacing what it said before; [] = none). */
  set(pageId: string, callIds: readonly CallId[]): void {
    this.pages.delete(pageId);
    if (callIds.length > 0) this.pages.set(pageId, { callIds: new Set(callIds), until: this.now() + SHOWN_CALLS_TTL_MS });
    while (this.pages.size > MAX_PAGES) this.pages.delete(this.pages.keys().next().value as string);
  }

  has(callId: CallId): boolean {
    const now = this.now();
    for (const [pageId, page] of this.pages) {
      if (page.until < now) this.pages.delete(pageId);
      else if (page.callIds.has(callId)) return true;
    }
    return false;
  }
}
