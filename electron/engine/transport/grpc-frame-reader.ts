/** One gRPC length-prefixed message as it travelled: its compressed flag and its payload size. */
export interface WireFrame {
  compressed: boolean;
  /** Payload bytes on the wire (compressed when `compressed`), without the 5-byte prefix. */
  bytes: number;
}

/**
 * Reads the 5-byte gRPC message prefixes (1 byte compressed flag, 4 bytes big-endian length)
 * out of an HTTP/2 stream's DATA, however the chunks split them, and skips the payloads
 * without copying them. Frames come out in stream order.
 */
export class GrpcFrameReader {
  private readonly prefix = Buffer.alloc(5);
  private prefixFilled = 0;
  /** Payload bytes of the current frame still to skip. */
  private payloadLeft = 0;

  constructor(private readonly onFrame: (frame: WireFrame) => void) {}

  push(chunk: Uint8Array): void {
    let offset = 0;
    while (offset < chunk.byteLength) {
      if (this.payloadLeft > 0) {
        const skip = Math.min(this.payloadLeft, chunk.byteLength - offset);
        this.payloadLeft -= skip;
        offset += skip;
        continue;
      }
      const take = Math.min(5 - this.prefixFilled, chunk.byteLength - offset);
      this.prefix.set(chunk.subarray(offset, offset + take), this.prefixFilled);
      this.prefixFilled += take;
      offset += take;
      if (this.prefixFilled < 5) return;
      this.prefixFilled = 0;
      this.payloadLeft = this.prefix.readUInt32BE(1);
      this.onFrame({ compressed: this.prefix[0] === 1, bytes: this.payloadLeft });
    }
  }
}
