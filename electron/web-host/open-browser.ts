// Opens the workbench in the user's default browser. Best effort: a machine without a desktop
// (CI, ssh) simply does not open anything, and the printed URL still works.
// The opener gets the host's launch URL (a one-time code), never the token: its command line,
// and that of a browser it starts, is readable by every local user (see launch-codes.ts).
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

export interface BrowserCommand {
  command: string;
  args: string[];
  /** Windows only: pass args to cmd as written (it has its own quoting). */
  verbatim: boolean;
}

export function browserCommand(url: string, platform: NodeJS.Platform = process.platform): BrowserCommand {
  if (platform === 'darwin') return { command: 'open', args: [url], verbatim: false };
  // start's first quoted argument is the window title; quote the URL so cmd keeps it whole.
  if (platform === 'win32') return { command: 'cmd', args: ['/d', '/s', '/c', `start "" "${url}"`], verbatim: true };
  return { command: 'xdg-open', args: [url], verbatim: false };
}

export type Spawn = (command: string, args: string[], options: SpawnOptions) => ChildProcess;

/** Takes the host, not a URL, so that no caller can hand the opener the token by mistake. */
export function openBrowser(host: { createLaunchUrl(): string }, platform: NodeJS.Platform = process.platform, run: Spawn = spawn): BrowserCommand {
  const opener = browserCommand(host.createLaunchUrl(), platform);
  try {
    const child = run(opener.command, opener.args, { stdio: 'ignore', detached: true, windowsVerbatimArguments: opener.verbatim });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No opener on this machine: the user opens the printed URL.
  }
  return opener;
}
