/**
 * Installs Uint8Array.prototype.toBase64 (TC39 "Uint8Array to/from base64", native in newer V8)
 * on Node versions that lack it, backed by Buffer. @bufbuild/protobuf uses the native method
 * when it exists at load time and otherwise a per-byte JavaScript loop that costs ~150 ms per
 * MiB of bytes fields — the difference between a 1 MiB-message stream crawling and flowing.
 * Must be imported before anything imports @bufbuild/protobuf (the engine facade does it first).
 * Only encoding is installed: decoding keeps protobuf-es' strict checks of user-typed base64.
 */
type Base64Options = { alphabet?: 'base64' | 'base64url'; omitPadding?: boolean };

declare global {
  interface Uint8Array {
    toBase64?(options?: Base64Options): string;
  }
}

if (typeof Uint8Array.prototype.toBase64 !== 'function') {
  Object.defineProperty(Uint8Array.prototype, 'toBase64', {
    configurable: true,
    writable: true,
    value: function toBase64(this: Uint8Array, options: Base64Options = {}): string {
      const buffer = Buffer.from(this.buffer, this.byteOffset, this.byteLength);
      if (options.alphabet === 'base64url') {
        const text = buffer.toString('base64url'); // Buffer omits padding for base64url
        return options.omitPadding ? text : text.padEnd(Math.ceil(text.length / 4) * 4, '=');
      }
      const text = buffer.toString('base64');
      return options.omitPadding ? text.replace(/=+$/, '') : text;
    },
  });
}

export {};
