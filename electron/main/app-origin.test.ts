import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, APP_ORIGIN, isAppUrl } from './app-origin';

describe('isAppUrl', () => {
  it('accepts our entry page and other paths on our origin', () => {
    expect(APP_ENTRY_URL).toBe('app://workbench/index.html');
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl(`${APP_ORIGIN}/assets/index-abc.js`)).toBe(true);
    expect(isAppUrl(`${APP_ORIGIN}/index.html#/tab/1`)).toBe(true);
  });

  it.each([
    'app://evil/index.html',
    'app://workbench.evil/index.html',
    'app://workbench:8080/index.html',
    'app://user@workbench/index.html',
    'file:///index.html',
    'https://workbench/index.html',
    'http://localhost:5173/',
    'devtools://devtools/bundled/inspector.html',
    'about:blank',
    'not a url',
    '',
  ])('rejects %s', (url) => {
    expect(isAppUrl(url)).toBe(false);
  });

  it('rejects null and undefined', () => {
    expect(isAppUrl(null)).toBe(false);
    expect(isAppUrl(undefined)).toBe(false);
  });
});
