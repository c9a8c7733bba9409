// One-time launch codes: what the host puts in the URL it opens the browser on, instead of the
// token. A command line is readable by every local user (ps, /proc/PID/cmdline): xdg-open's,
// and that of the browser it may start, which keeps its first URL in argv for its lifetime.
// So the opened URL carries #launch=CODE; the page trades the code for the token once
// (POST /launch, see web-host.ts) and then uses the token like a page opened from the printed
// URL. A code works once and only for LAUNCH_CODE_TTL_MS: what argv shows is dead as soon as
// the page has used it, and if another local user races the page to it, the page's trade
// fails and says so (nothing is shared silently; restart the host to get a new token).
// The printed URL keeps the token: stdout is the user's own terminal.
// (A 0600 redirect file in the data folder would have no race at all, but snap-packaged
// browsers cannot read dot-folders in the home directory, and xdg-open may give an .html file
// to an editor.)
import { randomBytes } from 'node:crypto';
import { tokensMatch } from './access-token';

export const LAUNCH_CODE_TTL_MS = 60_000;
/** The host issues one code per browser it opens; more than this outstanding is a bug. */
const MAX_OUTSTANDING = 16;

export interface LaunchCodes {
  /** A new single-use code, valid for the TTL. */
  issue(): string;
  /** True once for a code issued and not yet used or expired; false for anything else. */
  redeem(presented: unknown): boolean;
}

export function createLaunchCodes(ttlMs: number = LAUNCH_CODE_TTL_MS, now: () => number = Date.now): LaunchCodes {
  /** code -> expiry time (ms). */
  const outstanding = new Map<string, number>();
  const prune = (): void => {
    const time = now();
    for (const [code, expires] of outstanding) if (expires <= time) outstanding.delete(code);
  };
  return {
    issue() {
      prune();
      if (outstanding.size >= MAX_OUTSTANDING) outstanding.delete(outstanding.keys().next().value as string);
      const code = randomBytes(32).toString('base64url');
      outstanding.set(code, now() + ttlMs);
      return code;
    },
    redeem(presented) {
      prune();
      if (typeof presented !== 'string' || presented === '') return false;
      // Constant-time against each outstanding code (there are one or two), not a Map lookup.
      for (const code of outstanding.keys()) {
        if (tokensMatch(code, presented)) {
          outstanding.delete(code);
          return true;
        }
      }
      return false;
    },
  };
}
