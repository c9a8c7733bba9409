import { describe, expect, it } from 'vitest';
import type { StreamMessage } from '../../../shared/call-events';
import { historyJson } from './history-json';

const base: StreamMessage = { direction: 'received', index: 0, timeMs: 1, bytes: 12, json: '{"message":"hi"}' };

describe('historyJson', () => {
  it('keeps a whole message as it came', () => {
    expect(historyJson(base)).toBe('{"message":"hi"}');
  });

  it('turns a cut preview into valid JSON that says how big the message is', () => {
    const cut = '{"payload":"' + 'A'.repeat(70_000);
    const value = JSON.parse(historyJson({ ...base, bytes: 1_048_579, json: cut, preview: { jsonChars: 1_398_118, position: 3 } })) as Record<string, string>;
    expect(value['@preview']).toBe('This message is 1,048,579 bytes, its JSON 1,398,118 characters: history keeps only its start.');
    expect(value['@jsonStart']).toBe(cut.slice(0, 4096));
  });
});
