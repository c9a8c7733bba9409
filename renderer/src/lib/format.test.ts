import { describe, expect, it } from 'vitest';
import { formatAxisMs, formatBytes, formatMs, messageCountsText, retentionText } from './format';

describe('format', () => {
  it('writes the message counts exactly as the UI contract says', () => {
    expect(messageCountsText(0, 0)).toBe('0 sent · 0 received');
    expect(messageCountsText(1, 100000)).toBe('1 sent · 100,000 received');
  });

  it('says how much of a long stream is shown', () => {
    expect(retentionText(10, 10)).toBeNull();
    expect(retentionText(10000, 1234567)).toBe('Showing 10,000 of 1,234,567 · 1,224,567 not loaded');
  });

  it('formats sizes and durations for people', () => {
    expect(formatBytes(12)).toBe('12 B');
    expect(formatBytes(2048)).toBe('2 KiB');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5 MiB');
    expect(formatMs(null)).toBe('—');
    expect(formatMs(0.4234)).toBe('0.42 ms');
    expect(formatMs(12.345)).toBe('12.3 ms');
    expect(formatMs(1204.4)).toBe('1,204 ms');
    expect(formatAxisMs(0)).toBe('0');
    expect(formatAxisMs(250)).toBe('250 ms');
    expect(formatAxisMs(1500)).toBe('1.5 s');
  });
});
