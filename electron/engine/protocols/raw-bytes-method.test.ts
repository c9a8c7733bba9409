import { describe, expect, it } from 'vitest';
import { bytesAsMessage, messageBytes, rawBytesMethod } from './raw-bytes-method';

describe('rawBytesMethod', () => {
  it('names the service and method of the path, with the call kind', () => {
    const method = rawBytesMethod({ name: 'Bidi', fullName: 'a.b.Svc.Bidi', path: '/a.b.Svc/Bidi', kind: 'bidi_streaming', inputType: 'a.b.In', outputType: 'a.b.Out', comment: '', deprecated: false });
    expect(method.parent.typeName).toBe('a.b.Svc');
    expect(method.name).toBe('Bidi');
    expect(method.methodKind).toBe('bidi_streaming');
  });

  it('passes any protobuf wire bytes through unchanged', () => {
    // field 1 string "hi", field 2 varint 300, field 6 bytes, field 9 fixed64, field 10 fixed32
    const bytes = Uint8Array.from([0x0a, 0x02, 0x68, 0x69, 0x10, 0xac, 0x02, 0x32, 0x01, 0xff, 0x49, 1, 2, 3, 4, 5, 6, 7, 8, 0x55, 9, 9, 9, 9]);
    expect([...messageBytes(bytesAsMessage(bytes))]).toEqual([...bytes]);
    expect(messageBytes(bytesAsMessage(new Uint8Array())).byteLength).toBe(0);
  });
});
