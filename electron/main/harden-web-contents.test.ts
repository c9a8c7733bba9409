import { EventEmitter } from 'node:events';
import type { WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { hardenWebContents } from './harden-web-contents';

type OpenHandler = (details: { url: string }) => { action: string };

// Enough of a WebContents for the wiring: an emitter plus setWindowOpenHandler.
function fakeContents() {
  const emitter = new EventEmitter();
  let openHandler: OpenHandler | null = null;
  const contents = Object.assign(emitter, { setWindowOpenHandler: (handler: OpenHandler) => void (openHandler = handler) });
  return { contents: contents as unknown as WebContents, emitter, open: (url: string) => openHandler?.({ url }) };
}
function navigationEvent(url: string, isMainFrame = true) {
  const event = { url, isMainFrame, prevented: false, preventDefault: () => void (event.prevented = true) };
  return event;
}

describe('hardenWebContents', () => {
  function setup() {
    const opened: string[] = [];
    const warnings: string[] = [];
    const fake = fakeContents();
    hardenWebContents(fake.contents, { openExternal: (url) => void opened.push(url), warn: (m) => void warnings.push(m) });
    return { ...fake, opened, warnings };
  }

  it('lets our own page reload but sends http(s) links to the OS browser', () => {
    const { emitter, opened } = setup();
    const own = navigationEvent('app://workbench/index.html');
    emitter.emit('will-navigate', own);
    expect(own.prevented).toBe(false);
    const link = navigationEvent('https://grpc.io/');
    emitter.emit('will-navigate', link);
    expect(link.prevented).toBe(true);
    expect(opened).toEqual(['https://grpc.io/']);
  });

  it('blocks file: navigation, redirects and foreign sub-frames without opening anything', () => {
    const { emitter, opened, warnings } = setup();
    const events = [navigationEvent('file:///etc/passwd'), navigationEvent('https://grpc.io/'), navigationEvent('https://ads.example/', false)];
    emitter.emit('will-navigate', events[0]);
    emitter.emit('will-redirect', events[1]);
    emitter.emit('will-frame-navigate', events[2]);
    expect(events.map((event) => event.prevented)).toEqual([true, true, true]);
    expect(opened).toEqual([]);
    expect(warnings).toHaveLength(3);
  });

  it('leaves the main frame to will-navigate in will-frame-navigate', () => {
    const { emitter } = setup();
    const main = navigationEvent('https://grpc.io/', true);
    emitter.emit('will-frame-navigate', main);
    expect(main.prevented).toBe(false);
  });

  it('prevents <webview> and denies every new window', () => {
    const { emitter, open, opened } = setup();
    const attach = navigationEvent('');
    emitter.emit('will-attach-webview', attach);
    expect(attach.prevented).toBe(true);
    expect(open('https://github.com/grpc')).toEqual({ action: 'deny' });
    expect(open('app://workbench/index.html')).toEqual({ action: 'deny' });
    expect(open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://github.com/grpc']);
  });
});
