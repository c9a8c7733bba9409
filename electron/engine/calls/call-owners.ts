// Which pages are still there, so the calls of a page that is gone do not run on for ever.
//
// Every call belongs to the page that started it (its Caller, told by the shell). A page is
// there while it has at least one connection: the web host connects a page for each of its
// WebSockets (the page id comes with the socket and survives WebSocket reconnects of the same
// page), Electron for each document a window shows. When the last connection goes, the page
// may be coming back (a dropped WebSocket reconnects within a few seconds), so its calls run on
// for a grace period; a reconnect inside it keeps them. After it, the page is gone and its
// calls are cancelled. A reload is a new page (a new page id, a new Electron document): the
// calls of the old one are cancelled after the grace, like a closed tab's.

/** How long a page's calls outlive its last connection: enough for a WebSocket reconnect. */
export const ORPHAN_GRACE_MS = 10_000;

export const ORPHAN_CANCEL_MESSAGE = 'Cancelled: the page that started this call was closed or reloaded.';

export interface PageOwnersOptions {
  graceMs: number;
  /** The page's grace is over: cancel what it started. */
  onGone(pageId: string): void;
}

export class PageOwners {
  /** Open connections per page; a page is absent here once it has none. */
  private readonly connections = new Map<string, number>();
  /** Pages without connections whose calls are waiting out the grace period. */
  private readonly leaving = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly options: PageOwnersOptions) {}

  /** One more connection of this page; the returned release may be called any number of times. */
  connect(pageId: string): () => void {
    this.connections.set(pageId, (this.connections.get(pageId) ?? 0) + 1);
    this.stopLeaving(pageId);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.connections.get(pageId) ?? 1) - 1;
      if (left > 0) {
        this.connections.set(pageId, left);
        return;
      }
      this.connections.delete(pageId);
      this.startLeaving(pageId);
    };
  }

  /**
   * A call of this page started. A request can still arrive after its page's connection went
   * (it was in flight): then that call must not escape the cleanup, so the grace starts now
   * unless it already runs.
   */
  callStarted(pageId: string): void {
    if (!this.connections.has(pageId) && !this.leaving.has(pageId)) this.startLeaving(pageId);
  }

  /** True while the page has no connection (its calls are in their grace period). */
  isGone(pageId: string): boolean {
    return !this.connections.has(pageId);
  }

  dispose(): void {
    for (const timer of this.leaving.values()) clearTimeout(timer);
    this.leaving.clear();
    this.connections.clear();
  }

  private startLeaving(pageId: string): void {
    this.stopLeaving(pageId);
    const timer = setTimeout(() => {
      this.leaving.delete(pageId);
      if (!this.connections.has(pageId)) this.options.onGone(pageId);
    }, this.options.graceMs);
    // A pending grace must not keep a process (a test, the CLI after Ctrl+C) alive.
    timer.unref?.();
    this.leaving.set(pageId, timer);
  }

  private stopLeaving(pageId: string): void {
    const timer = this.leaving.get(pageId);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.leaving.delete(pageId);
  }
}
