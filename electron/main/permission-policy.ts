// Web permissions (camera, notifications, geolocation, ...) are denied. The one exception is
// writing plain text to the clipboard from our own page: "Copy as grpcurl" uses
// navigator.clipboard.writeText, which Electron gates behind 'clipboard-sanitized-write'.
// Reading the clipboard stays denied.
import { isAppUrl } from './app-origin';

const ALLOWED_FROM_APP: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

export function isPermissionAllowed(permission: string, requestingUrl: string | null | undefined): boolean {
  return ALLOWED_FROM_APP.has(permission) && isAppUrl(requestingUrl);
}
