// Opens a URL in the user's default browser. Best effort: a machine without a desktop (CI,
// ssh) simply does not open anything, and the printed URL still works.
import { spawn } from 'node:child_process';

function openerFor(platform: NodeJS.Platform, url: string): { command: string; args: string[]; verbatim: boolean } {
  if (platform === 'darwin') return { command: 'open', args: [url], verbatim: false };
  // start's first quoted argument is the window title; quote the URL so cmd keeps it whole.
  if (platform === 'win32') return { command: 'cmd', args: ['/d', '/s', '/c', `start "" "${url}"`], verbatim: true };
  return { command: 'xdg-open', args: [url], verbatim: false };
}

export function openBrowser(url: string, platform: NodeJS.Platform = process.platform): void {
  const { command, args, verbatim } = openerFor(platform, url);
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true, windowsVerbatimArguments: verbatim });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No opener on this machine: the user opens the printed URL.
  }
}
