import { describe, expect, it } from 'vitest';
import { GrpcFrameReader, type WireFrame } from './grpc-frame-reader';

function framed(compressed: boolean, length: number): Buffer {
  const prefix = Buffer.from([compressed ? 1 : 0, 0, 0, 0, 0]);
  prefix.writeUInt32BE(length, 1);
  return Buffer.concat([prefix, Buffer.alloc(length, 7)]);
}

describe('GrpcFrameReader', () => {
  it('reads every prefix however the chunks split them, empty messages too', () => {
    const stream = Buffer.concat([framed(true, 300), framed(false, 0), framed(false, 3), framed(true, 70_000)]);
    for (const size of [1, 2, 4, 5, 6, 301, stream.length]) {
      const frames: WireFrame[] = [];
      const reader = new GrpcFrameReader((frame) => frames.push(frame));
      for (let at = 0; at < stream.length; at += size) reader.push(stream.subarray(at, at + size));
      expect(frames).toEqual([
        { compressed: true, bytes: 300 },
        { compressed: false, bytes: 0 },
        { compressed: false, bytes: 3 },
        { compressed: true, bytes: 70_000 },
      ]);
    }
  });
});
