import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The sha256 of a file's content, or null when it cannot be read. */
export async function hashFile(path: string): Promise<string | null> {
  try {
    return sha256Hex(await readFile(path));
  } catch {
    return null;
  }
}
