import { describe, expect, it } from 'vitest';
import { ignoreLines, snapshotStatusText } from './snapshot-text';

const info = { path: 'CountUp.snapshot.json', messages: 5, ignore: [] };

describe('snapshotStatusText', () => {
  it('says whether there is a snapshot, whether it matches, and where it differs', () => {
    expect(snapshotStatusText(null, null)).toBe('No snapshot yet');
    expect(snapshotStatusText(info, null)).toBe('5 messages recorded; compared after each call');
    expect(snapshotStatusText(info, { matches: true, compared: 1 })).toBe('matches (1 message)');
    expect(snapshotStatusText(info, { matches: false, kind: 'value', messageIndex: 2, path: '$.index', expected: '7', actual: '2', message: '' })).toBe('differs at message 2, $.index: expected 7 got 2');
    expect(snapshotStatusText(info, { matches: false, kind: 'count', messageIndex: 4, expectedCount: 5, actualCount: 4, message: 'expected 5 messages, got 4 (message 4 is missing)' })).toBe(
      'differs: expected 5 messages, got 4 (message 4 is missing)',
    );
  });
});

describe('ignoreLines', () => {
  it('takes one path per line, blank lines and spaces around left out', () => {
    expect(ignoreLines(' $.sentAt \n\n$.items[*].id\n')).toEqual(['$.sentAt', '$.items[*].id']);
  });
});
