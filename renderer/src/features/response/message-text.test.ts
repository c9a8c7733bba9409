import { describe, expect, it } from 'vitest';
import type { StreamMessage } from '../../../../shared/call-events';
import { compactJson, messageMatches, prettyJson, PREVIEW_CHARS } from './message-text';

const msg = (json: string, direction: StreamMessage['direction'] = 'received'): StreamMessage => ({ direction, index: 0, timeMs: 1, bytes: 2, json });

describe('message text', () => {
  it('shows JSON compact when collapsed and indented when expanded', () => {
    const m = msg('{\n  "a": 1,\n  "b": [1, 2]\n}');
    expect(compactJson(m)).toBe('{"a":1,"b":[1,2]}');
    expect(prettyJson(m).text).toBe('{\n  "a": 1,\n  "b": [\n    1,\n    2\n  ]\n}');
  });

  it('keeps text that is not JSON as it came and cuts long previews', () => {
    expect(compactJson(msg('not json'))).toBe('not json');
    const long = msg(JSON.stringify({ payload: 'x'.repeat(PREVIEW_CHARS * 2) }));
    expect(compactJson(long).length).toBe(PREVIEW_CHARS + 1);
    expect(compactJson(long).endsWith('…')).toBe(true);
  });

  it('filters by text (any case) and direction', () => {
    const m = msg('{"user":"Ada"}', 'sent');
    expect(messageMatches(m, 'ada', 'all')).toBe(true);
    expect(messageMatches(m, 'ada', 'received')).toBe(false);
    expect(messageMatches(m, '', 'sent')).toBe(true);
    expect(messageMatches(m, 'bob', 'all')).toBe(false);
  });
});
