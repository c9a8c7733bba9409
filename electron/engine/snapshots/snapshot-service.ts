import { resolve } from 'node:path';
import type { CallId } from '../../../shared/ids';
import type { MessageRange } from '../../../shared/message-range';
import { err, ok, type Result } from '../../../shared/result';
import { compareWithSnapshot, parseIgnorePaths } from '../../../shared/snapshot-compare';
import {
  snapshotPathOf,
  type CompareSnapshotRequest,
  type RecordSnapshotRequest,
  type SetSnapshotIgnoreRequest,
  type SnapshotCheck,
  type SnapshotInfo,
  type SnapshotRef,
  type StreamSnapshot,
} from '../../../shared/snapshot';
import { insideFolder, requestPathProblem, staysInside } from '../collections/collection-paths';
import { readUserFile, USER_FILE_LIMITS } from '../files/read-user-file';
import { writeFileAtomic } from '../workspace/atomic-file';
import { readReceivedMessages } from './received-messages';
import { parseSnapshotFile, snapshotFileText } from './snapshot-file';

export interface SnapshotCalls {
  /** Messages of a call by position (the registry's messageRange). */
  messageRange(callId: CallId, from: number, count: number): Promise<Result<MessageRange>>;
  /** Whether the call still runs. */
  isRunning(callId: CallId): boolean;
}

interface Located {
  /** Collection-relative, as the user sees it. */
  path: string;
  absolute: string;
}

const info = (path: string, snapshot: StreamSnapshot): SnapshotInfo => ({ path, messages: snapshot.messages.length, ignore: snapshot.ignore });

/**
 * Stream snapshots of saved requests (shared/snapshot.ts): record a finished call's received
 * messages into `<request>.snapshot.json` beside the request file, read it, compare a call with
 * it, and change its ignore paths. Paths are checked like every collection path (relative, no
 * "..", still inside the folder after symlinks), since a collection comes from a repository.
 */
export function createSnapshotService(calls: SnapshotCalls) {
  async function locate(ref: SnapshotRef): Promise<Result<Located>> {
    const problem = requestPathProblem(ref.path);
    if (problem !== null) return err('INVALID_REQUEST', `Refused: ${problem}.`);
    const path = snapshotPathOf(ref.path);
    const folder = resolve(ref.folder);
    const absolute = insideFolder(folder, path);
    try {
      if (!(await staysInside(folder, absolute))) return err('INVALID_REQUEST', `Refused: "${path}" leads outside the collection folder (a symbolic link).`);
    } catch (e) {
      return err('IO', `The collection folder ${ref.folder} could not be read: ${(e as Error).message}`);
    }
    return ok({ path, absolute });
  }

  /** The snapshot, null when there is none; a file that cannot be used is an IO error naming it. */
  async function read(located: Located): Promise<Result<StreamSnapshot | null>> {
    const bytes = await readUserFile(located.absolute, { maxBytes: USER_FILE_LIMITS.snapshot, kind: 'snapshots' });
    if (!bytes.ok) {
      if (bytes.problem.kind === 'not_found') return ok(null);
      const quoted = `"${located.absolute}"`;
      const why = bytes.problem.message.startsWith(quoted) ? `${located.path}${bytes.problem.message.slice(quoted.length)}` : bytes.problem.message;
      return err('IO', `The snapshot cannot be read: ${why}`, { path: located.path });
    }
    const parsed = parseSnapshotFile(bytes.bytes.toString('utf8'));
    if (!parsed.ok) return err('IO', `${located.path} is ${parsed.message}. Fix it in an editor or record the snapshot again.`, { path: located.path, broken: true });
    return ok(parsed.snapshot);
  }

  async function write(located: Located, snapshot: StreamSnapshot): Promise<Result<SnapshotInfo>> {
    const text = snapshotFileText(snapshot);
    if (Buffer.byteLength(text) > USER_FILE_LIMITS.snapshot) {
      const mib = (n: number) => `${Math.round(n / (1024 * 1024))} MiB`;
      return err('IO', `The snapshot would be ${mib(Buffer.byteLength(text))}; a snapshot holds at most ${mib(USER_FILE_LIMITS.snapshot)}. Record a shorter stream.`, { path: located.path });
    }
    try {
      await writeFileAtomic(located.absolute, text);
    } catch (e) {
      return err('IO', `${located.path} could not be written: ${(e as Error).message}`, { path: located.path });
    }
    return ok(info(located.path, snapshot));
  }

  function checkIgnore(ignore: readonly string[]): Result<string[]> {
    const kept = ignore.map((p) => p.trim()).filter((p) => p !== '');
    const parsed = parseIgnorePaths(kept);
    return parsed.ok ? ok(kept) : err('INVALID_REQUEST', `${parsed.message}. Write paths like $.sentAt or $.items[*].id.`, { field: 'ignore' });
  }

  return {
    async record(req: RecordSnapshotRequest): Promise<Result<SnapshotInfo>> {
      const located = await locate(req);
      if (!located.ok) return located;
      if (calls.isRunning(req.callId)) return err('CALL_STATE', 'The call is still running: a snapshot records a finished call. Wait for it to end (or cancel it), then save the snapshot.');
      let ignore: string[];
      if (req.ignore === null) {
        // Recording again keeps the rules of the snapshot it replaces; a broken file starts over.
        const existing = await read(located.value);
        ignore = existing.ok ? (existing.value?.ignore ?? []) : [];
      } else {
        const checked = checkIgnore(req.ignore);
        if (!checked.ok) return checked;
        ignore = checked.value;
      }
      const received = await readReceivedMessages((from, count) => calls.messageRange(req.callId, from, count));
      if (!received.ok) return err(received.error.code, `The snapshot was not saved: ${received.error.message}`, received.error.details);
      return write(located.value, { version: 1, ignore, messages: received.value.map((json, index) => ({ index, json })) });
    },

    async read(req: SnapshotRef): Promise<Result<SnapshotInfo | null>> {
      const located = await locate(req);
      if (!located.ok) return located;
      const snapshot = await read(located.value);
      if (!snapshot.ok) return snapshot;
      return ok(snapshot.value === null ? null : info(located.value.path, snapshot.value));
    },

    async compare(req: CompareSnapshotRequest): Promise<Result<SnapshotCheck>> {
      const located = await locate(req);
      if (!located.ok) return located;
      const snapshot = await read(located.value);
      if (!snapshot.ok) return snapshot;
      if (snapshot.value === null) return ok(null);
      const patterns = parseIgnorePaths(snapshot.value.ignore);
      // parseSnapshotFile refuses files whose ignore paths do not parse.
      if (!patterns.ok) return err('IO', `${located.value.path}: ${patterns.message}`);
      const received = await readReceivedMessages((from, count) => calls.messageRange(req.callId, from, count));
      if (!received.ok) return err(received.error.code, `The call could not be compared with its snapshot: ${received.error.message}`, received.error.details);
      const expected = snapshot.value.messages.map((m) => m.json);
      return ok({ snapshot: info(located.value.path, snapshot.value), comparison: compareWithSnapshot(expected, received.value, patterns.patterns) });
    },

    async setIgnore(req: SetSnapshotIgnoreRequest): Promise<Result<SnapshotInfo>> {
      const located = await locate(req);
      if (!located.ok) return located;
      const checked = checkIgnore(req.ignore);
      if (!checked.ok) return checked;
      const snapshot = await read(located.value);
      if (!snapshot.ok) return snapshot;
      if (snapshot.value === null) return err('NOT_FOUND', `${located.value.path} does not exist: save a snapshot first (Save as snapshot after a call).`, { path: located.value.path });
      return write(located.value, { ...snapshot.value, ignore: checked.value });
    },
  };
}

export type SnapshotService = ReturnType<typeof createSnapshotService>;
