import { describe, expect, it } from 'vitest';
import { decideNavigation, decideRedirect, decideWindowOpen, externalBrowserUrl } from './navigation-policy';

describe('navigation policy', () => {
  it('lets our own pages load (a reload)', () => {
    expect(decideNavigation('app://workbench/index.html')).toEqual({ action: 'allow' });
    expect(decideRedirect('app://workbench/index.html')).toEqual({ action: 'allow' });
  });

  it('denies http(s) navigation and opens it in the OS browser instead', () => {
    expect(decideNavigation('https://grpc.io/docs/')).toEqual({ action: 'deny', openExternally: 'https://grpc.io/docs/' });
    expect(decideNavigation('http://example.com')).toEqual({ action: 'deny', openExternally: 'http://example.com/' });
  });

  it.each(['file:///etc/passwd', 'app://evil/index.html', 'javascript:alert(1)', 'smb://host/share', 'vscode://x', 'data:text/html,<b>x</b>', 'about:blank', 'garbage'])(
    'denies %s without opening anything',
    (url) => {
      expect(decideNavigation(url)).toEqual({ action: 'deny', openExternally: null });
      expect(decideWindowOpen(url)).toEqual({ action: 'deny', openExternally: null });
    },
  );

  it('never opens a redirect externally', () => {
    expect(decideRedirect('https://grpc.io/')).toEqual({ action: 'deny', openExternally: null });
  });

  it('never opens new windows, even for our origin', () => {
    expect(decideWindowOpen('app://workbench/index.html')).toEqual({ action: 'deny', openExternally: null });
    expect(decideWindowOpen('https://github.com/grpc/grpc')).toEqual({ action: 'deny', openExternally: 'https://github.com/grpc/grpc' });
  });

  it('refuses http(s) URLs that hide their host behind credentials', () => {
    expect(externalBrowserUrl('https://github.com@evil.example/')).toBeNull();
    expect(externalBrowserUrl('https://user:pw@example.com/')).toBeNull();
  });
});
