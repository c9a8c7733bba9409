import { describe, expect, it } from 'vitest';
import { isPermissionAllowed } from './permission-policy';

describe('isPermissionAllowed', () => {
  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'hid', 'serial', 'usb', 'unknown'])(
    'denies %s even to our own page',
    (permission) => {
      expect(isPermissionAllowed(permission, 'app://workbench/index.html')).toBe(false);
    },
  );

  it('allows writing text to the clipboard from our page only', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', 'app://workbench/index.html')).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'app://workbench')).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://example.com/')).toBe(false);
    expect(isPermissionAllowed('clipboard-sanitized-write', undefined)).toBe(false);
  });
});
