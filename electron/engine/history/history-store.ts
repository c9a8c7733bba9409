import { existsSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import sqlite, { type Database, type SQLiteValue } from 'node-sqlite3-wasm';
import { HISTORY_LIMIT, type HistoryEntry, type HistoryEntryInput, type HistorySearchRequest, type HistorySummary } from '../../../shared/history';
import { err, ok, type Result } from '../../../shared/result';
import { makeDirectorySync } from '../files/make-directory';

export interface HistoryStore {
  record(entry: HistoryEntryInput): Result<{ id: number }>;
  /** Newest first; every whitespace-separated term of the query must match. */
  search(request: HistorySearchRequest): Result<HistorySummary[]>;
  get(id: number): Result<HistoryEntry>;
  delete(id: number): Result<null>;
  clear(): Result<null>;
  /** How many entries are stored; 0 when the history cannot be read. */
  count(): number;
  close(): void;
}

const SCHEMA_VERSION = 1;
const MAX_SEARCH_RESULTS = 1000;
/** How long to wait for another process's short transaction before giving up. */
const BUSY_TIMEOUT_MS = 1000;
/**
 * A lock that names no owner (left by a raw connection, or by an older Workbench) and is older
 * than this is taken to be a crash's leftover.
 */
export const STALE_LOCK_MS = 30_000;
/**
 * How long the connection stays open after the last operation. Opening and closing costs about
 * 0.7 ms (the close checkpoints the WAL), more than a record itself (~0.2 ms); between bursts
 * the lock is let go so another Workbench process sharing the data folder gets its turn.
 */
export const IDLE_CLOSE_MS = 10_000;

type Row = Record<string, SQLiteValue>;

const SCHEMA = `
  BEGIN;
  CREATE TABLE IF NOT EXISTS history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at INTEGER NOT NULL,
    method TEXT NOT NULL,
    target TEXT NOT NULL,
    environment TEXT NOT NULL,
    status TEXT NOT NULL,
    duration_ms REAL,
    search_text TEXT NOT NULL,
    entry TEXT NOT NULL -- last, so a search scan never has to read it
  );
  CREATE INDEX IF NOT EXISTS history_started_at ON history (started_at);
  PRAGMA user_version = ${SCHEMA_VERSION};
  COMMIT;`;

/**
 * Call history in SQLite (node-sqlite3-wasm: no native module to rebuild per platform).
 *
 * That package's file VFS has two traits that shape this store:
 * - It locks by creating the directory `<path>.lock`, and its reserved-lock check sees the
 *   connection's own lock, so SQLite never rolls back a hot rollback journal: a crash in the
 *   middle of a commit would leave half a transaction in the file. WAL recovery has no such
 *   check, and WAL works without shared memory when the connection locks exclusively; so every
 *   connection is EXCLUSIVE + WAL.
 * - An exclusive connection keeps its lock until it closes. The store keeps one connection warm
 *   while operations come (closing it after IDLE_CLOSE_MS of quiet, and at close) and writes its
 *   pid to `<path>.lock-owner` once it holds the lock, so a lock left by a killed process is
 *   recognised at once by its dead owner, and a live one is never broken however old it is.
 */
export function openHistoryStore(path: string, options: { limit?: number } = {}): HistoryStore {
  const limit = Math.max(1, Math.floor(options.limit ?? HISTORY_LIMIT));
  const lockPath = `${path}.lock`;
  const ownerPath = `${path}.lock-owner`;
  let ready = false;
  let closed = false;
  let warm: Database | null = null;
  let idleTimer: NodeJS.Timeout | null = null;

  const connect = (): Database => {
    const db = new sqlite.Database(path);
    try {
      db.exec(`PRAGMA locking_mode = EXCLUSIVE; PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
      const mode = db.get('PRAGMA journal_mode = WAL') as Row | null;
      if (mode?.journal_mode !== 'wal') throw new Error(`SQLite refused WAL mode (${String(mode?.journal_mode)})`);
      db.exec('PRAGMA synchronous = FULL'); // sync the WAL on every commit: a committed call stays
      // The statements above took the lock (the VFS made `<path>.lock`): say whose it is.
      writeFileSync(ownerPath, `${process.pid}\n`);
      return db;
    } catch (cause) {
      db.close();
      throw cause;
    }
  };

  /** Closes a connection made by `connect`; the owner file goes first, since once the lock is
   * gone another process may write its own. */
  const disconnect = (db: Database) => {
    rmSync(ownerPath, { force: true });
    db.close();
  };

  /** Runs once per store: creates the folder and schema, moving aside a file it cannot use. */
  const prepare = () => {
    makeDirectorySync(dirname(path));
    const problem = unusable();
    if (problem !== null) moveAside(problem);
    const db = connect();
    try {
      db.exec(SCHEMA);
    } finally {
      disconnect(db);
    }
    ready = true;
  };

  /** Why the existing file cannot be used (garbage, or written by a newer Workbench), or null. */
  const unusable = (): 'corrupt' | 'newer' | null => {
    let db: Database;
    try {
      db = connect();
    } catch (cause) {
      if (isCorrupt(cause)) return 'corrupt';
      throw cause;
    }
    try {
      db.get('SELECT count(*) FROM sqlite_master'); // parses the schema: a damaged one fails here
      return Number((db.get('PRAGMA user_version') as Row | null)?.user_version ?? 0) > SCHEMA_VERSION ? 'newer' : null;
    } catch (cause) {
      if (isCorrupt(cause)) return 'corrupt';
      throw cause;
    } finally {
      disconnect(db);
    }
  };

  /** Keeps the unusable file (someone may want it back) and lets a fresh database start. */
  const moveAside = (why: 'corrupt' | 'newer') => {
    let stamp = Date.now();
    while (existsSync(`${path}.${why}-${stamp}`)) stamp += 1;
    renameSync(path, `${path}.${why}-${stamp}`);
    // A WAL belongs to the file it was written for; it must not be replayed into the new one.
    if (existsSync(`${path}-wal`)) renameSync(`${path}-wal`, `${path}.${why}-${stamp}-wal`);
  };

  /** Runs `open` again once when it failed on a lock that a crashed process left behind. */
  const unlocked = <T>(open: () => T): T => {
    try {
      return open();
    } catch (cause) {
      if (!/database is locked/i.test(reason(cause))) throw cause;
      if (!clearStaleLock(lockPath, ownerPath)) throw new Error(lockHolder(lockPath, ownerPath), { cause });
      return open();
    }
  };

  const release = () => {
    if (idleTimer !== null) clearTimeout(idleTimer);
    idleTimer = null;
    const db = warm;
    warm = null;
    if (db !== null) disconnect(db);
  };

  /** Runs `work` on the warm connection, opening it first when there is none. */
  const withDb = <T>(work: (db: Database) => T): T => {
    if (closed) throw new Error('the history store is closed');
    const db = (warm ??= unlocked(() => {
      if (!ready) prepare();
      return connect();
    }));
    try {
      return work(db);
    } catch (cause) {
      release(); // a connection that failed is not reused: the next operation starts clean
      throw cause;
    } finally {
      if (warm !== null) {
        if (idleTimer !== null) clearTimeout(idleTimer);
        idleTimer = setTimeout(release, IDLE_CLOSE_MS);
        idleTimer.unref(); // the history never keeps the process alive
      }
    }
  };

  const reading = <T>(work: (db: Database) => Result<T>): Result<T> => {
    try {
      return withDb(work);
    } catch (cause) {
      return err('IO', `History could not be read: ${reason(cause)}`);
    }
  };

  const writing = <T>(work: (db: Database) => Result<T>): Result<T> => {
    try {
      return withDb(work);
    } catch (cause) {
      return err('IO', `History could not be written: ${reason(cause)}`);
    }
  };

  /** A write of several statements: all or nothing. */
  const transaction = <T>(db: Database, work: () => T): T => {
    db.exec('BEGIN');
    try {
      const value = work();
      db.exec('COMMIT');
      return value;
    } catch (cause) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw cause;
    }
  };

  try {
    // Opening early moves a corrupt file aside now; a failure here (e.g. a busy lock) is retried
    // by the first operation and reported there, since opening must not throw.
    unlocked(prepare);
  } catch {
    ready = false;
  }

  return {
    record: (entry) =>
      writing((db) =>
        transaction(db, () => {
          const inserted = db.run(
            `INSERT INTO history (started_at, method, target, environment, status, duration_ms, search_text, entry)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
            [entry.startedAt, entry.method, entry.target, entry.environment, entry.status, entry.durationMs, searchText(entry), JSON.stringify(entry)],
          );
          // Ids grow with every insert, so the newest `limit` calls are those with the highest
          // ids: one indexed range delete instead of counting the table on every record.
          const id = Number(inserted.lastInsertRowid);
          if (id > limit) db.run('DELETE FROM history WHERE id <= ?', [id - limit]);
          return ok({ id });
        }),
      ),

    search: ({ query, limit: wanted }) =>
      reading((db) => {
        const terms = query.toLowerCase().split(/\s+/).filter((term) => term !== '');
        const where = terms.length === 0 ? '' : `WHERE ${terms.map(() => "search_text LIKE ? ESCAPE '\\'").join(' AND ')}`;
        const max = Math.min(MAX_SEARCH_RESULTS, Math.max(1, Math.floor(wanted) || 1));
        const rows = db.all(
          `SELECT id, started_at, method, target, environment, status, duration_ms FROM history ${where}
           ORDER BY started_at DESC, id DESC LIMIT ?`,
          [...terms.map((term) => `%${term.replace(/[\\%_]/g, '\\$&')}%`), max],
        ) as Row[];
        return ok(rows.map(toSummary));
      }),

    get: (id) =>
      reading((db) => {
        const row = db.get('SELECT entry FROM history WHERE id = ?', [id]) as Row | null;
        if (row === null) return err('NOT_FOUND', `History entry ${id} does not exist (it may have been deleted or dropped as the oldest).`);
        return ok({ ...(JSON.parse(String(row.entry)) as HistoryEntryInput), id });
      }),

    // Deleting an entry that is already gone leaves the history as asked: not an error.
    delete: (id) =>
      writing((db) => {
        db.run('DELETE FROM history WHERE id = ?', [id]);
        return ok(null);
      }),

    clear: () =>
      writing((db) => {
        db.exec('DELETE FROM history');
        db.exec('VACUUM'); // a cleared history should not linger in the file's free pages
        return ok(null);
      }),

    count: () => {
      const counted = reading((db) => ok(countRows(db)));
      return counted.ok ? counted.value : 0;
    },

    close: () => {
      closed = true;
      release();
    },
  };
}

/** What a search matches, one field per line so that no term matches across two fields. */
function searchText(entry: HistoryEntryInput): string {
  const { request } = entry;
  return [entry.method, entry.status, entry.statusMessage, entry.target, entry.environment, request.body, ...request.messages, ...entry.firstMessages, ...entry.lastMessages]
    .join('\n')
    .toLowerCase();
}

function toSummary(row: Row): HistorySummary {
  return {
    id: Number(row.id),
    startedAt: Number(row.started_at),
    method: String(row.method),
    target: String(row.target),
    environment: String(row.environment),
    status: String(row.status) as HistorySummary['status'],
    durationMs: row.duration_ms === null ? null : Number(row.duration_ms),
  };
}

function countRows(db: Database): number {
  return Number((db.get('SELECT count(*) AS n FROM history') as Row | null)?.n ?? 0);
}

/**
 * Removes `<db>.lock` when no live connection can hold it: its owner (written after the lock was
 * made, so it names this lock's holder) is a process that no longer runs; or, for a lock that
 * names no owner, it is older than STALE_LOCK_MS.
 */
function clearStaleLock(lockPath: string, ownerPath: string): boolean {
  try {
    const owner = lockOwner(lockPath, ownerPath);
    const stale = owner === null ? Date.now() - statSync(lockPath).mtimeMs >= STALE_LOCK_MS : owner !== process.pid && !processRuns(owner);
    if (!stale) return false;
    rmdirSync(lockPath);
    return true;
  } catch {
    return false;
  }
}

/** The pid in `<db>.lock-owner` when that file was written for the current lock, else null. */
function lockOwner(lockPath: string, ownerPath: string): number | null {
  try {
    if (statSync(ownerPath).mtimeMs < statSync(lockPath).mtimeMs) return null; // an earlier holder's
    const pid = Number(readFileSync(ownerPath, 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0 only asks whether the process exists
    return true;
  } catch (cause) {
    return (cause as NodeJS.ErrnoException).code === 'EPERM'; // it exists, run by another user
  }
}

/** Why the history is locked, for the message the user sees. */
function lockHolder(lockPath: string, ownerPath: string): string {
  const owner = lockOwner(lockPath, ownerPath);
  if (owner === process.pid) return 'database is locked by another history store in this process';
  return owner === null
    ? 'database is locked (by another Workbench process, or left by one that crashed less than 30 s ago)'
    : `database is locked by another Workbench process (pid ${owner}) using the same data folder`;
}

function isCorrupt(cause: unknown): boolean {
  return /not a database|malformed/i.test(reason(cause));
}

function reason(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
