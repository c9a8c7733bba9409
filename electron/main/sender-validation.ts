// Every IPC message is checked before it reaches the engine: it must come from the main frame
// of our window showing our app:// page. An iframe, a page that navigated elsewhere, or another
// WebContents gets nothing. Pattern from microsoft/vscode's validated ipcMain
// (src/vs/base/parts/ipc/electron-main/ipcMain.ts), stricter: a missing frame or URL is refused.
import type { IpcMainInvokeEvent } from 'electron';
import { isAppUrl } from './app-origin';

export interface SenderInfo {
  webContentsId: number;
  /** null when the frame is gone (navigated or destroyed) before the message was handled. */
  frame: { url: string; isMainFrame: boolean } | null;
}

export type SenderVerdict = { trusted: true } | { trusted: false; reason: string };

export function checkSender(sender: SenderInfo, trustedWebContentsId: number | null): SenderVerdict {
  if (trustedWebContentsId === null || sender.webContentsId !== trustedWebContentsId) {
    return { trusted: false, reason: 'the message did not come from the workbench window' };
  }
  if (sender.frame === null) return { trusted: false, reason: 'the sending frame no longer exists' };
  if (!sender.frame.isMainFrame) return { trusted: false, reason: 'the message came from a sub-frame' };
  if (!isAppUrl(sender.frame.url)) return { trusted: false, reason: `the sending page is not the workbench (${sender.frame.url || 'no URL'})` };
  return { trusted: true };
}

/** Reads what checkSender needs from an Electron IPC event; never throws. */
export function senderInfoOf(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>): SenderInfo {
  let frame: SenderInfo['frame'] = null;
  try {
    const senderFrame = event.senderFrame;
    if (senderFrame !== null && senderFrame !== undefined) {
      frame = { url: senderFrame.url, isMainFrame: senderFrame.parent === null };
    }
  } catch {
    frame = null; // reading a disposed WebFrameMain throws
  }
  return { webContentsId: event.sender.id, frame };
}
