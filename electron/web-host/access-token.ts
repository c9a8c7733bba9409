// The per-run secret a page must present on the WebSocket. It travels in the URL fragment
// (#token=...), which browsers never send to a server or put in a Referer, and then as a
// subprotocol of the WebSocket upgrade (a header, checked before any frame is read), so it
// never appears in a request line that something might log. The browser the host opens gets
// a one-time launch code instead (launch-codes.ts), since command lines are not private.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function createAccessToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison; hashing first makes the lengths equal without leaking them. */
export function tokensMatch(expected: string, presented: unknown): boolean {
  if (typeof presented !== 'string') return false;
  const a = createHash('sha256').update(expected, 'utf8').digest();
  const b = createHash('sha256').update(presented, 'utf8').digest();
  return timingSafeEqual(a, b);
}
