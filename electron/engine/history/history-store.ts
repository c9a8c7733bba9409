import { existsSync, mkdirSync, renameSync, rmdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import sqlite, { type Database, type SQLiteValue } from 'node-sqlite3-wasm';
import { HISTORY_LIMIT, type HistoryEntry, type HistoryEntryInput, type HistorySearchRequest, type HistorySummary } from '../../../shared/history';
import { err, ok, type Result } from '../../../shared/result';

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
/** A lock older than this cannot be a live transaction (they take milliseconds): a crash left it. */
export const STALE_LOCK_MS = 30_000;

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
 * - An exclusive connection keeps its lock until it closes, so each operation opens and closes
 *   its own connection (milliseconds). Locks are then short-lived: another Workbench process
 *   can share the file, and a lock left by a crashed process is recognised by its age.
 */
export function openHistoryStore(path: string, options: { limit?: number } = {}): HistoryStore {
  const limit = Math.max(1, Math.floor(options.limit ?? HISTORY_LIMIT));
  const lockPath = `${path}.lock`;
  let ready = false;
  let closed = false;

  const connect = (): Database => {
    const db = new sqlite.Database(path);
    try {
      db.exec(`PRAGMA locking_mode = EXCLUSIVE; PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
      const mode = db.get('PRAGMA journal_mode = WAL') as Row | null;
      if (mode?.journal_mode !== 'wal') throw new Error(`SQLite refused WAL mode (${String(mode?.journal_mode)})`);
      db.exec('PRAGMA synchronous = FULL'); // sync the WAL on every commit: a committed call stays
      return db;
    } catch (cause) {
      db.close();
      throw cause;
    }
  };

  /** Runs once per store: creates the folder and schema, moving aside a file it cannot use. */
  const prepare = () => {
    mkdirSync(dirname(path), { recursive: true });
    const problem = unusable();
    if (problem !== null) moveAside(problem);
    const db = connect();
    try {
      db.exec(SCHEMA);
    } finally {
      db.close();
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
      db.close();
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
      if (!/database is locked/i.test(reason(cause)) || !clearStaleLock(lockPath)) throw cause;
      return open();
    }
  };

  /** Runs `work` on a connection of its own, closed again before returning. */
  const withDb = <T>(work: (db: Database) => T): T => {
    if (closed) throw new Error('the history store is closed');
    return unlocked(() => {
      if (!ready) prepare();
      const db = connect();
      try {
        return work(db);
      } finally {
        db.close();
      }
    });
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
      closed = true; // there is no connection between operations, so nothing else to release
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

/** Removes `<db>.lock` when it is old enough that no live connection can hold it. */
function clearStaleLock(lockPath: string): boolean {
  try {
    if (Date.now() - statSync(lockPath).mtimeMs < STALE_LOCK_MS) return false;
    rmdirSync(lockPath);
    return true;
  } catch {
    return false;
  }
}

function isCorrupt(cause: unknown): boolean {
  return /not a database|malformed/i.test(reason(cause));
}

function reason(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
