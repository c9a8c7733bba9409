import { readUserFile, USER_FILE_LIMITS } from '../files/read-user-file';

export type CollectionFileRead = { ok: true; bytes: Buffer } | { ok: false; missing: true } | { ok: false; missing: false; message: string };

/**
 * Reads one file of a collection the way every user file is read (read-user-file.ts: regular
 * files only, a size limit, a timeout), so a FIFO, a device or a 2 GiB file in a collection
 * folder is named instead of hanging or filling memory. `shownAs` (the path inside the
 * collection) replaces the absolute path in the message. A missing file is not a problem.
 */
export async function readCollectionFile(absolute: string, shownAs: string): Promise<CollectionFileRead> {
  const read = await readUserFile(absolute, { maxBytes: USER_FILE_LIMITS.collectionFile, kind: 'collection files' });
  if (read.ok) return read;
  if (read.problem.kind === 'not_found') return { ok: false, missing: true };
  // readUserFile's messages start with the quoted absolute path (its documented form).
  const quoted = `"${absolute}"`;
  const message = read.problem.message.startsWith(quoted) ? `${shownAs}${read.problem.message.slice(quoted.length)}` : read.problem.message;
  return { ok: false, missing: false, message };
}

/** A collection file that is there but cannot be read; the message names it and why. */
export class CollectionFileError extends Error {
  override name = 'CollectionFileError';
}

/** The file's bytes, or null when it does not exist; throws CollectionFileError otherwise. */
export async function collectionFileBytes(absolute: string, shownAs: string): Promise<Buffer | null> {
  const read = await readCollectionFile(absolute, shownAs);
  if (read.ok) return read.bytes;
  if (read.missing) return null;
  throw new CollectionFileError(read.message);
}
