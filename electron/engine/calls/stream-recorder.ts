import { createWriteStream, type WriteStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import type { StreamMessage } from '../../../shared/call-events';

/** Characters of NDJSON collected in memory before they are handed to the file. */
const CHUNK_CHARS = 64 * 1024;
/** The byte offset of every this-many-th line is kept, so a range read starts near its first line. */
const LINE_INDEX_STRIDE = 128;
/** Bytes read from the file per step of a range read. */
const READ_CHUNK_BYTES = 256 * 1024;

/** The disk budget recorders share (see RecordingStore). */
export interface RecordingBudget {
  reserve(bytes: number): boolean;
  release(bytes: number): void;
  budgetReason(): string;
}

const UNLIMITED: RecordingBudget = { reserve: () => true, release: () => undefined, budgetReason: () => '' };

/**
 * Appends every message of one call to an NDJSON file (one StreamMessage per line), so the
 * full stream can be saved and any range read back although only the last N messages stay in
 * memory. Lines are gathered into ~64 KiB chunks and written asynchronously, in order, through
 * one promise chain: no sync I/O and no write per message. The byte offset of every 128th line
 * is kept (8 bytes per 128 messages), so reading messages 500,000-500,999 reads ~1,100 lines,
 * not the file. Past the shared disk budget, or after a write error, it stops: the recording
 * then holds messages 0..messages-1 and `stopReason` says why.
 */
export class StreamRecorder {
  private stream: WriteStream | null = null;
  private chunk: string[] = [];
  private chunkChars = 0;
  private count = 0;
  private bytes = 0;
  private readonly lineOffsets: number[] = [];
  private failure: Error | null = null;
  private stoppedBy: string | null = null;
  private closed = false;
  /** Settles when everything handed to the file so far is written. */
  private written: Promise<void>;

  /** @param ready settles when the file's folder exists; writes wait for it. */
  constructor(
    readonly path: string,
    ready: Promise<void> = Promise.resolve(),
    private readonly budget: RecordingBudget = UNLIMITED,
  ) {
    this.written = ready.catch((e: Error) => {
      this.failure ??= e;
    });
  }

  /** Messages recorded (positions 0..messages-1). */
  get messages(): number {
    return this.count;
  }

  /** Bytes of the lines recorded (the file's length once flushed). */
  get byteLength(): number {
    return this.bytes;
  }

  /** The first error opening or writing the file, if any (the recording is then incomplete). */
  get error(): Error | null {
    return this.failure;
  }

  /** Why the recording holds fewer messages than the call (null while it keeps up). */
  get stopReason(): string | null {
    if (this.failure) return `the recording could not be written (${this.failure.message})`;
    return this.stoppedBy;
  }

  append(message: StreamMessage): void {
    if (this.closed || this.stoppedBy !== null || this.failure !== null) return;
    const line = JSON.stringify(message);
    const lineBytes = Buffer.byteLength(line) + 1;
    if (!this.budget.reserve(lineBytes)) {
      this.stoppedBy = `the recording stopped after ${this.count.toLocaleString('en-US')} messages: ${this.budget.budgetReason()}`;
      return;
    }
    if (this.count % LINE_INDEX_STRIDE === 0) this.lineOffsets.push(this.bytes);
    this.chunk.push(line);
    this.chunkChars += line.length + 1;
    this.count += 1;
    this.bytes += lineBytes;
    if (this.chunkChars >= CHUNK_CHARS) this.writeChunk();
  }

  /** Write everything appended so far and wait until it is in the file (an empty file for no messages). */
  async flush(): Promise<void> {
    this.writeChunk();
    this.written = this.written.then(() => {
      if (this.failure === null) this.openStream();
    });
    await this.written;
    const stream = this.stream;
    if (stream && stream.pending) await new Promise<void>((resolve) => stream.once('ready', () => resolve()).once('error', () => resolve()));
  }

  /**
   * Messages at positions from.. (at most `count`, and no more once `maxChars` of JSON are in;
   * the first is always included), read back from the file. Throws when the file cannot be read.
   */
  async readRange(from: number, count: number, maxChars: number): Promise<StreamMessage[]> {
    const end = Math.min(from + count, this.count);
    if (from >= end) return [];
    await this.flush();
    if (this.failure) throw this.failure;
    const block = Math.floor(from / LINE_INDEX_STRIDE);
    let line = block * LINE_INDEX_STRIDE;
    let offset = this.lineOffsets[block] ?? 0;
    const out: StreamMessage[] = [];
    let chars = 0;
    const handle = await open(this.path, 'r');
    try {
      const decoder = new StringDecoder('utf8');
      const buffer = Buffer.allocUnsafe(READ_CHUNK_BYTES);
      let pending = '';
      while (line < end) {
        const { bytesRead } = await handle.read(buffer, 0, READ_CHUNK_BYTES, offset);
        if (bytesRead === 0) throw new Error(`the recording ${this.path} ends before message ${end.toLocaleString('en-US')}`);
        offset += bytesRead;
        pending += decoder.write(buffer.subarray(0, bytesRead));
        let start = 0;
        for (let newline = pending.indexOf('\n'); newline !== -1 && line < end; newline = pending.indexOf('\n', start)) {
          if (line >= from) {
            const message = JSON.parse(pending.slice(start, newline)) as StreamMessage;
            if (out.length > 0 && chars + message.json.length > maxChars) return out;
            chars += message.json.length;
            out.push(message);
          }
          line += 1;
          start = newline + 1;
        }
        pending = pending.slice(start);
      }
      return out;
    } finally {
      await handle.close();
    }
  }

  /** Flush and close the file; later appends are ignored. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    const stream = this.stream;
    if (stream && !stream.destroyed) await new Promise<void>((resolve) => stream.end(() => resolve()));
  }

  /** Close and delete the file, giving its bytes back to the budget. */
  async discard(): Promise<void> {
    await this.close().catch(() => undefined);
    await rm(this.path, { force: true });
    this.budget.release(this.bytes);
    this.bytes = 0;
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
          // After a failure nothing more is written (and a stream that failed to open may never call back).
          if (this.failure !== null) return resolve();
          const stream = this.openStream();
          if (stream.destroyed) return resolve();
          const done = () => {
            stream.off('close', done);
            resolve();
          };
          stream.once('close', done);
          stream.write(text, done);
        }),
    );
  }
}
