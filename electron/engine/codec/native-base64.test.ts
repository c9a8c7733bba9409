import { describe, expect, it } from 'vitest';
import './native-base64';
import { base64Encode } from '@bufbuild/protobuf/wire';

describe('native base64 encoding for protobuf-es', () => {
  it('matches the standard alphabets and padding rules', () => {
    const bytes = new Uint8Array([0xfb, 0xff, 0x01, 0x02]);
    expect(base64Encode(bytes, 'std')).toBe('+/8BAg==');
    expect(base64Encode(bytes, 'std_raw')).toBe('+/8BAg');
    expect(base64Encode(bytes, 'url')).toBe('-_8BAg');
    expect(base64Encode(bytes.subarray(1, 3), 'std')).toBe('/wE=');
    expect(base64Encode(new Uint8Array(0), 'std')).toBe('');
  });
});
