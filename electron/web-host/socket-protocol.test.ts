import { describe, expect, it } from 'vitest';
import { pageIdOf } from './socket-protocol';

describe('pageIdOf', () => {
  it('reads the page id from the upgrade URL', () => {
    expect(pageIdOf('/ws?page=0123456789abcdef0123456789abcdef')).toBe('0123456789abcdef0123456789abcdef');
    expect(pageIdOf('/ws?other=1&page=page-id_1')).toBe('page-id_1');
  });

  it.each([undefined, '/ws', '/ws?', '/ws?page=', '/ws?page=short', `/ws?page=${'a'.repeat(65)}`, '/ws?page=has%20space0', '/ws?page=%3Cscript%3E'])(
    'has none in %s (the socket is then a page of its own)',
    (url) => {
      expect(pageIdOf(url)).toBeNull();
    },
  );
});
