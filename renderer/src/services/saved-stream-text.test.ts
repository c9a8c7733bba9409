import { describe, expect, it } from 'vitest';
import { savedStreamText } from './file-picking';

describe('savedStreamText', () => {
  it('a complete save says how many messages and where', () => {
    expect(savedStreamText({ path: '/tmp/s.ndjson', messages: 3_001, total: 3_001, complete: true, incompleteReason: null })).toBe('Saved 3,001 messages to /tmp/s.ndjson');
  });

  it('a partial save is never a plain success: N of M, and why', () => {
    const text = savedStreamText({ path: '/tmp/s.ndjson', messages: 10_000, total: 50_001, complete: false, incompleteReason: 'the recording could not be written (ENOSPC: no space left on device)' });
    expect(text).toBe('Saved 10,000 of 50,001 messages to /tmp/s.ndjson: not complete, the recording could not be written (ENOSPC: no space left on device).');
  });
});
