import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PageOwners } from './call-owners';

describe('PageOwners', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup() {
    const gone: string[] = [];
    const owners = new PageOwners({ graceMs: 1_000, onGone: (pageId) => void gone.push(pageId) });
    return { owners, gone };
  }

  it('says a page is gone only after its last connection has been released for the whole grace', () => {
    const { owners, gone } = setup();
    const first = owners.connect('p');
    const second = owners.connect('p');
    first();
    vi.advanceTimersByTime(5_000);
    expect(gone).toEqual([]);
    expect(owners.isGone('p')).toBe(false);
    second();
    expect(owners.isGone('p')).toBe(true);
    vi.advanceTimersByTime(999);
    expect(gone).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(gone).toEqual(['p']);
  });

  it('forgets the leaving when the page reconnects inside the grace, and starts over when it leaves again', () => {
    const { owners, gone } = setup();
    owners.connect('p')();
    vi.advanceTimersByTime(900);
    const again = owners.connect('p');
    vi.advanceTimersByTime(5_000);
    expect(gone).toEqual([]);
    again();
    again(); // a second release of the same connection changes nothing
    vi.advanceTimersByTime(1_000);
    expect(gone).toEqual(['p']);
  });

  it('starts the grace for a call of a page that has no connection, once', () => {
    const { owners, gone } = setup();
    owners.callStarted('late');
    vi.advanceTimersByTime(500);
    owners.callStarted('late'); // does not push the end further out
    vi.advanceTimersByTime(500);
    expect(gone).toEqual(['late']);
    owners.connect('here');
    owners.callStarted('here');
    vi.advanceTimersByTime(5_000);
    expect(gone).toEqual(['late']);
  });

  it('cancels nothing after dispose', () => {
    const { owners, gone } = setup();
    owners.connect('p')();
    owners.dispose();
    vi.advanceTimersByTime(5_000);
    expect(gone).toEqual([]);
  });
});
