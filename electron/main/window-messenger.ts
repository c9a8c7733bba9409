// Sends to our one window, and only while it and its page exist: engine events can arrive
// after the window closed (a stream still draining during quit).
import type { BrowserWindow } from 'electron';

export type MessageTarget = Pick<BrowserWindow, 'isDestroyed'> & {
  webContents: Pick<BrowserWindow['webContents'], 'isDestroyed' | 'send'>;
};

/** Returns a sender bound to whatever window getWindow returns now; false when nothing was sent. */
export function createWindowMessenger(getWindow: () => MessageTarget | null): (channel: string, payload: unknown) => boolean {
  return (channel, payload) => {
    const window = getWindow();
    if (window === null || window.isDestroyed() || window.webContents.isDestroyed()) return false;
    window.webContents.send(channel, payload);
    return true;
  };
}
