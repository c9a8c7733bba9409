import { describe, expect, it } from 'vitest';
import { hexDumpLines, undecodableBytes } from './hex-dump';

describe('the hex view', () => {
  it('shows offset, hex in two groups of 8 and ASCII, like hexdump -C', () => {
    const bytes = new Uint8Array([0x0a, 0xff, 0x01, 0x41, 0x42, ...Array.from({ length: 14 }, (_, i) => 0x61 + i)]);
    expect(hexDumpLines(bytes, 4_096)).toEqual([
      '00000000  0a ff 01 41 42 61 62 63  64 65 66 67 68 69 6a 6b  |...ABabcdefghijk|',
      '00000010  6c 6d 6e                                          |lmn|',
    ]);
  });

  it('stops at the limit', () => {
    expect(hexDumpLines(new Uint8Array(100), 32)).toHaveLength(2);
  });

  it('reads the bytes from an undecodable message', () => {
    expect(undecodableBytes('{"@error":"x","@bytesBase64":"CgH/"}')).toEqual(new Uint8Array([0x0a, 0x01, 0xff]));
    expect(undecodableBytes('{"id":"a"}')).toBeNull();
  });
});
