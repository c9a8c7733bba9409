import { createHash } from 'node:crypto';
import { readUserFile, readUserFileSync, USER_FILE_LIMITS } from '../files/read-user-file';

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * The sha256 of a .proto file's content, or null when it cannot be read: missing, not a regular
 * file, or over the size limit for .proto files (the same checks as every user file).
 */
export async function hashFile(path: string): Promise<string | null> {
  const read = await readUserFile(path, { maxBytes: USER_FILE_LIMITS.protoSource, kind: '.proto files' });
  return read.ok ? sha256Hex(read.bytes) : null;
}

/**
 * hashFile, synchronously, for the files protoc has just read (the cache entry of a compile):
 * hundreds of small reads cost far less without a thread-pool round trip for each step, and
 * the same checks keep a FIFO swapped in since from blocking.
 */
export function hashFileSync(path: string): string | null {
  const read = readUserFileSync(path, { maxBytes: USER_FILE_LIMITS.protoSource, kind: '.proto files' });
  return read.ok ? sha256Hex(read.bytes) : null;
}
