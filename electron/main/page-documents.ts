// Electron's part in call ownership (engine/calls/call-owners.ts): which page a request comes
// from. The page is the document a window shows, not the window: a reload keeps the
// webContents (and its id) but is a new page, whose predecessor's calls must end like a closed
// tab's. So each followed webContents has a generation, its page id is
// `electron-<webContents id>-<generation>`, and the generation moves on, releasing the old
// page, when a new main-frame document commits ('did-navigate', which fires before the new
// document's scripts can send anything and never for in-page navigations). A crashed renderer
// ('render-process-gone') and a destroyed webContents (window closed) release the page too.
import type { WebContents } from 'electron';
import type { Caller, PageOwnership } from '../engine/engine-api';

/** The events of a WebContents this needs (narrowed so it is testable with an EventEmitter). */
export type FollowedContents = Pick<WebContents, 'id'> & {
  on(event: 'did-navigate' | 'render-process-gone', listener: () => void): unknown;
  once(event: 'destroyed', listener: () => void): unknown;
};

export interface PageDocuments {
  /** Follow a new window's webContents: its page is connected until it navigates, crashes or is destroyed. */
  follow(contents: FollowedContents): void;
  /** The page a request from this webContents comes from; undefined for one not followed. */
  callerOf(webContentsId: number): Caller | undefined;
}

export function createPageDocuments(pages: PageOwnership): PageDocuments {
  const current = new Map<number, { pageId: string; release: () => void }>();
  const generations = new Map<number, number>();

  const nextPage = (id: number): void => {
    current.get(id)?.release();
    const generation = (generations.get(id) ?? 0) + 1;
    generations.set(id, generation);
    const pageId = `electron-${id}-${generation}`;
    current.set(id, { pageId, release: pages.connectPage(pageId) });
  };

  const forget = (id: number): void => {
    current.get(id)?.release();
    current.delete(id);
  };

  return {
    follow(contents) {
      const { id } = contents;
      nextPage(id);
      contents.on('did-navigate', () => nextPage(id));
      // The crashed document is gone; a reload after it is a did-navigate with a new page.
      contents.on('render-process-gone', () => current.get(id)?.release());
      contents.once('destroyed', () => {
        forget(id);
        generations.delete(id);
      });
    },
    callerOf(webContentsId) {
      const page = current.get(webContentsId);
      return page === undefined ? undefined : { pageId: page.pageId };
    },
  };
}
