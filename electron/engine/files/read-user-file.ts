import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';

const MiB = 1024 * 1024;

/**
 * The largest file the engine reads for each use. A path the user typed may name anything:
 * /dev/zero (endless), a FIFO (never ends, or blocks on open), a 1 GiB sparse file. Each limit
 * is far above any real file of that kind and far below what hurts the host.
 */
export const USER_FILE_LIMITS = {
  /**
   * FileDescriptorSets (protoc -o, buf build -o). All of googleapis with source info is about
   * 30 MiB; protobuf itself refuses messages over 2 GiB, and decoding needs several times the
   * file size in memory, so 64 MiB.
   */
  descriptorSet: 64 * MiB,
  /** .proto sources, read to hash them for the descriptor cache. The biggest real ones are a few MiB. */
  protoSource: 64 * MiB,
  /** PEM CA bundles, certificates and keys. The whole Mozilla CA bundle is about 220 KiB, so 1 MiB. */
  tls: 1 * MiB,
  /**
   * A collection's YAML: collection.yaml, environments, saved requests. A person edits these;
   * a saved request with a large body is still far below gRPC's default 4 MiB message limit,
   * so 16 MiB.
   */
  collectionFile: 16 * MiB,
  /** A stream snapshot beside a saved request: every received message of a call, as JSON. */
  snapshot: 64 * MiB,
} as const;

/** How long an (async) read may take before the request gives up, e.g. on a hung network mount. */
export const USER_FILE_TIMEOUT_MS = 10_000;

export interface UserFileOptions {
  /** Files larger than this many bytes are refused, without reading them. */
  maxBytes: number;
  /** What such files are, plural, for the size message: "descriptor sets", "TLS files". */
  kind: string;
  /** Async reads only: give up after this long (default USER_FILE_TIMEOUT_MS). */
  timeoutMs?: number;
}

export type UserFileProblemKind = 'not_found' | 'folder' | 'not_regular' | 'too_large' | 'no_permission' | 'timed_out' | 'unreadable';

export interface UserFileProblem {
  kind: UserFileProblemKind;
  /** A sentence that starts with the quoted path, e.g. `"/tmp/x" is a folder, not a file.` */
  message: string;
}

export type UserFileRead = { ok: true; bytes: Buffer } | { ok: false; problem: UserFileProblem };

/**
 * O_NONBLOCK: if a FIFO is swapped in between stat and open, open returns at once instead of
 * waiting for a writer (fstat then refuses it). Regular files ignore the flag. Windows has no
 * such flag (and no FIFOs at such paths), so it is 0 there.
 */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

/**
 * Read a file the user named (descriptor set, .proto, PEM), refusing anything that is not a
 * regular file or is larger than the limit: stat the path, open it non-blocking, fstat the
 * open handle (the path may have been swapped in between), and read at most maxBytes + 1 bytes
 * (a file that grows after fstat is caught too). Never throws.
 */
export async function readUserFile(path: string, options: UserFileOptions): Promise<UserFileRead> {
  const timeoutMs = options.timeoutMs ?? USER_FILE_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<UserFileRead>((resolve) => {
    timer = setTimeout(
      () => resolve(problem('timed_out', `${quote(path)} could not be read within ${formatDuration(timeoutMs)}; it may be on a network drive that does not answer. Copy it to a local folder.`)),
      timeoutMs,
    );
  });
  try {
    // The read goes on in the background after a timeout; it closes its own handle.
    return await Promise.race([readChecked(path, options), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The same checks, synchronously, for callers that cannot await (TLS material is loaded in
 * the synchronous channel acquire). Only regular files are read and never more than
 * maxBytes + 1 bytes, so it cannot hang on a FIFO or fill memory from a device.
 */
export function readUserFileSync(path: string, options: UserFileOptions): UserFileRead {
  let fd: number | null = null;
  try {
    const refused = refusal(path, statSync(path), options);
    if (refused) return refused;
    fd = openSync(path, OPEN_FLAGS);
    const info = fstatSync(fd);
    const opened = refusal(path, info, options);
    if (opened) return opened;
    const reader = new BoundedReader(path, info.size, options);
    for (let buffer = reader.space(); buffer !== null; buffer = reader.space()) {
      if (!reader.advance(readSync(fd, buffer, reader.length, buffer.length - reader.length, null))) break;
    }
    return reader.result();
  } catch (error) {
    return fromError(path, error);
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

async function readChecked(path: string, options: UserFileOptions): Promise<UserFileRead> {
  let handle: FileHandle | null = null;
  try {
    const refused = refusal(path, await stat(path), options);
    if (refused) return refused;
    handle = await open(path, OPEN_FLAGS);
    const info = await handle.stat();
    const opened = refusal(path, info, options);
    if (opened) return opened;
    const reader = new BoundedReader(path, info.size, options);
    for (let buffer = reader.space(); buffer !== null; buffer = reader.space()) {
      const { bytesRead } = await handle.read(buffer, reader.length, buffer.length - reader.length, null);
      if (!reader.advance(bytesRead)) break;
    }
    return reader.result();
  } catch (error) {
    return fromError(path, error);
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/**
 * Collects at most limit + 1 bytes: sized from fstat, grown if the file grows while it is read,
 * so a file over the limit is detected without reading more than one byte past it.
 */
class BoundedReader {
  private buffer: Buffer;
  length = 0;

  constructor(
    private readonly path: string,
    size: number,
    private readonly options: UserFileOptions,
  ) {
    this.buffer = Buffer.allocUnsafeSlow(Math.min(size, options.maxBytes) + 1);
  }

  /** The buffer to read into at `length`, or null when limit + 1 bytes are already in. */
  space(): Buffer | null {
    if (this.length < this.buffer.length) return this.buffer;
    if (this.buffer.length > this.options.maxBytes) return null;
    const bigger = Buffer.allocUnsafeSlow(Math.min(Math.max(this.buffer.length * 2, 64 * 1024), this.options.maxBytes + 1));
    this.buffer.copy(bigger);
    this.buffer = bigger;
    return bigger;
  }

  /** Record a read; false at end of file. */
  advance(bytesRead: number): boolean {
    this.length += bytesRead;
    return bytesRead > 0;
  }

  result(): UserFileRead {
    if (this.length > this.options.maxBytes) return tooLarge(this.path, null, this.options);
    return { ok: true, bytes: this.buffer.subarray(0, this.length) };
  }
}

/** Why this file is not read, or null when it is a regular file within the limit. */
function refusal(path: string, info: Stats, options: UserFileOptions): UserFileRead | null {
  if (info.isDirectory()) return problem('folder', `${quote(path)} is a folder, not a file.`);
  if (!info.isFile()) return problem('not_regular', `${quote(path)} is ${specialKind(info)}, not a regular file; only regular files are read.`);
  if (info.size > options.maxBytes) return tooLarge(path, info.size, options);
  return null;
}

function specialKind(info: Stats): string {
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  return 'a special file';
}

function tooLarge(path: string, size: number | null, options: UserFileOptions): UserFileRead {
  const actual = size === null ? 'larger than' : `${formatBytes(size)}, more than`;
  return problem('too_large', `${quote(path)} is ${actual} the ${formatBytes(options.maxBytes)} limit for ${options.kind}; it was not read.`);
}

function fromError(path: string, error: unknown): UserFileRead {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return problem('not_found', `${quote(path)} does not exist.`);
    case 'EISDIR':
      return problem('folder', `${quote(path)} is a folder, not a file.`);
    case 'EACCES':
    case 'EPERM':
      return problem('no_permission', `${quote(path)} cannot be read: permission denied.`);
    case 'ELOOP':
      return problem('unreadable', `${quote(path)} cannot be read: it is a loop of symbolic links.`);
    default:
      return problem('unreadable', `${quote(path)} cannot be read (${(error as Error).message}).`);
  }
}

function problem(kind: UserFileProblemKind, message: string): UserFileRead {
  return { ok: false, problem: { kind, message } };
}

function quote(path: string): string {
  return `"${path}"`;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * MiB) return `${trim(bytes / (1024 * MiB))} GiB`;
  if (bytes >= MiB) return `${trim(bytes / MiB)} MiB`;
  if (bytes >= 1024) return `${trim(bytes / 1024)} KiB`;
  return `${bytes} bytes`;
}

function trim(value: number): string {
  return value.toFixed(1).replace(/\.0$/, '');
}

function formatDuration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
