import { createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { StreamMessage } from '../../../shared/call-events';

/** Characters of NDJSON collected in memory before they are handed to the file. */
const CHUNK_CHARS = 64 * 1024;

/**
 * Appends every message of one call to an NDJSON file (one StreamMessage per line), so the
 * full stream can be saved although only the last N messages stay in memory. Lines are
 * gathered into ~64 KiB chunks and written asynchronously, in order, through one promise
 * chain: no sync I/O and no write per message.
 */
export class StreamRecorder {
  private stream: WriteStream | null = null;
  private chunk: string[] = [];
  private chunkChars = 0;
  private count = 0;
  private failure: Error | null = null;
  private closed = false;
  /** Settles when everything handed to the file so far is written. */
  private written: Promise<void>;

  /** @param ready settles when the file's folder exists; writes wait for it. */
  constructor(readonly path: string, ready: Promise<void> = Promise.resolve()) {
    this.written = ready.catch((e: Error) => {
      this.failure ??= e;
    });
  }

  /** Messages appended so far. */
  get messages(): number {
    return this.count;
  }

  /** The first error opening or writing the file, if any (the recording is then incomplete). */
  get error(): Error | null {
    return this.failure;
  }

  append(message: StreamMessage): void {
    if (this.closed) return;
    const line = JSON.stringify(message);
    this.chunk.push(line);
    this.chunkChars += line.length + 1;
    this.count += 1;
    if (this.chunkChars >= CHUNK_CHARS) this.writeChunk();
  }

  /** Write everything appended so far and wait until it is in the file (an empty file for no messages). */
  async flush(): Promise<void> {
    this.writeChunk();
    this.written = this.written.then(() => {
      this.openStream();
    });
    await this.written;
    const stream = this.stream;
    if (stream && stream.pending) await new Promise<void>((resolve) => stream.once('ready', () => resolve()).once('error', () => resolve()));
  }

  /** Flush and close the file; later appends are ignored. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    const stream = this.stream;
    if (stream && !stream.destroyed) await new Promise<void>((resolve) => stream.end(() => resolve()));
  }

  /** Close and delete the file. */
  async discard(): Promise<void> {
    await this.close().catch(() => undefined);
    await rm(this.path, { force: true });
  }

  private openStream(): WriteStream {
    if (this.stream === null) {
      this.stream = createWriteStream(this.path, { flags: 'w' });
      this.stream.on('error', (e) => {
        this.failure ??= e;
      });
    }
    return this.stream;
  }

  private writeChunk(): void {
    if (this.chunk.length === 0) return;
    const text = this.chunk.join('\n') + '\n';
    this.chunk = [];
    this.chunkChars = 0;
    this.written = this.written.then(
      () =>
        new Promise<void>((resolve) => {
          const stream = this.openStream();
          if (stream.destroyed) return resolve();
          stream.write(text, () => resolve());
        }),
    );
  }
}
