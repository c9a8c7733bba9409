import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createPageDocuments, type FollowedContents } from './page-documents';

/** Records connectPage / release the way the engine's PageOwners sees them. */
function recordingPages() {
  const connected = new Set<string>();
  const log: string[] = [];
  return {
    connected,
    log,
    connectPage(pageId: string) {
      connected.add(pageId);
      log.push(`+${pageId}`);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        connected.delete(pageId);
        log.push(`-${pageId}`);
      };
    },
  };
}

function fakeContents(id: number) {
  const emitter = new EventEmitter();
  const contents: FollowedContents = Object.assign(emitter, { id });
  return { contents, emit: (event: string) => emitter.emit(event, {}) };
}

describe('createPageDocuments', () => {
  it('names the page of a followed window and connects it', () => {
    const pages = recordingPages();
    const documents = createPageDocuments(pages);
    documents.follow(fakeContents(7).contents);
    expect(documents.callerOf(7)).toEqual({ pageId: 'electron-7-1' });
    expect([...pages.connected]).toEqual(['electron-7-1']);
    expect(documents.callerOf(8)).toBeUndefined();
  });

  it('makes a reload a new page and releases the old one', () => {
    const pages = recordingPages();
    const documents = createPageDocuments(pages);
    const window = fakeContents(3);
    documents.follow(window.contents);
    window.emit('did-navigate'); // the first load
    const before = documents.callerOf(3)?.pageId;
    window.emit('did-navigate'); // a reload
    const after = documents.callerOf(3)?.pageId;
    expect(after).not.toBe(before);
    expect([...pages.connected]).toEqual([after]);
    expect(pages.log).toEqual(['+electron-3-1', '-electron-3-1', '+electron-3-2', '-electron-3-2', '+electron-3-3']);
  });

  it('releases the page when the renderer crashes or the window is destroyed', () => {
    const pages = recordingPages();
    const documents = createPageDocuments(pages);
    const window = fakeContents(5);
    documents.follow(window.contents);
    window.emit('render-process-gone');
    expect(pages.connected.size).toBe(0);
    window.emit('did-navigate'); // reloaded after the crash: a new page
    expect([...pages.connected]).toEqual(['electron-5-2']);
    window.emit('destroyed');
    expect(pages.connected.size).toBe(0);
    expect(documents.callerOf(5)).toBeUndefined();
  });

  it('keeps windows apart', () => {
    const pages = recordingPages();
    const documents = createPageDocuments(pages);
    const first = fakeContents(1);
    const second = fakeContents(2);
    documents.follow(first.contents);
    documents.follow(second.contents);
    first.emit('destroyed');
    expect([...pages.connected]).toEqual(['electron-2-1']);
  });
});
