import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SavedStream } from '../../../shared/message-range';
import { syncDirectory } from '../workspace/atomic-file';
import { wholeMessage, type KeptMessage } from './kept-message';
import type { KeptMessages, RecordingAbsence } from './message-range-reader';

/** Lines of retained messages written per write call, at most. */
const LINES_PER_WRITE = 1_000;
/** Characters of lines gathered before a write, about (one line may take it past). */
const CHARS_PER_WRITE = 4 * 1024 * 1024;

/**
 * Write a call's stream as NDJSON (one StreamMessage per line) to `path`: the recording (every
 * message from the first, when it kept up), then the ring's messages the recording lacks. Written
 * to a temporary sibling, flushed, then renamed over `path`, so a failed save never leaves a
 * half file under the chosen name. The answer says how many of how many messages it holds, and
 * why not all when it does not. Throws on IO errors (the caller names the path).
 */
export async function saveStreamAtomically(kept: KeptMessages, path: string, whyNotRecorded: RecordingAbsence): Promise<SavedStream> {
  const { retained, recorder } = kept;
  const usable = recorder !== null && recorder.error === null ? recorder : null;
  if (usable) await usable.flush();
  // Counted after the flush: what arrived by now is in the file or the ring.
  const total = retained.total;
  const ringStart = total - retained.size;
  const recorded = usable?.error === null ? usable.messages : 0;
  // The call may still run: copy only the bytes of the lines recorded by now.
  const recordedBytes = usable?.error === null ? usable.byteLength : 0;
  const fromRing = retained.toArray().slice(Math.max(0, recorded - ringStart));
  const messages = recorded + fromRing.length;
  // Anything between the recording's end and the ring's start is lost.
  const complete = messages === total;

  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    // 'wx': the random name must be new, so nothing already there (a link) is written through.
    const handle = await open(tmp, 'wx');
    try {
      if (recordedBytes > 0 && usable) {
        for await (const chunk of createReadStream(usable.path, { end: recordedBytes - 1 })) await handle.write(chunk as Buffer);
      }
      await writeLines(handle, fromRing);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  await syncDirectory(dirname(path));
  return { path, messages, total, complete, incompleteReason: complete ? null : whyNotRecorded(kept) };
}

/**
 * Messages read as a preview are decoded whole here, one at a time. Lines are written in chunks
 * of at most LINES_PER_WRITE lines or about CHARS_PER_WRITE characters: 1,000 lines of 1 MiB
 * messages would be one 1.4 GB string, beyond what V8 can hold.
 */
async function writeLines(handle: { write(text: string): Promise<unknown> }, messages: KeptMessage[]): Promise<void> {
  let lines: string[] = [];
  let chars = 0;
  for (const message of messages) {
    const line = JSON.stringify(wholeMessage(message)) + '\n';
    lines.push(line);
    chars += line.length;
    if (lines.length >= LINES_PER_WRITE || chars >= CHARS_PER_WRITE) {
      await handle.write(lines.join(''));
      lines = [];
      chars = 0;
    }
  }
  if (lines.length > 0) await handle.write(lines.join(''));
}

/**
 * Why a save to `path` failed, in words about the path the user chose: the errors come from the
 * temporary sibling (`chat.ndjson.e8be64cf160a.tmp`, a name the user never gave) or from the
 * rename over `path`, so Node's own text names the wrong file or says only "EISDIR".
 */
export function saveFailureReason(path: string, error: unknown): string {
  switch ((error as NodeJS.ErrnoException | null)?.code) {
    case 'ENOENT':
      return `the folder ${dirname(path)} does not exist`;
    case 'EISDIR':
      return 'it is a folder; give a file name inside it';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    case 'EACCES':
    case 'EPERM':
      return `permission denied: the folder ${dirname(path)} cannot be written to`;
    case 'EROFS':
      return `the folder ${dirname(path)} is on a read-only disk`;
    case 'ENOSPC':
      return 'the disk is full';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
