// The history store against real SQLite files in a temp dir, including a child process that is
// killed with SIGKILL in the middle of writing.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sqlite from 'node-sqlite3-wasm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HistoryEntryInput } from '../../../shared/history';
import { emptyRequestDocument } from '../../../shared/request-document';
import type { Result } from '../../../shared/result';
import { crashEntry } from './history-crash-child';
import { IDLE_CLOSE_MS, openHistoryStore, STALE_LOCK_MS, type HistoryStore } from './history-store';

const repoRoot = resolve(__dirname, '..', '..', '..');
const CHILD = join(__dirname, 'history-crash-child.ts');

let dir = '';
let file = '';
const opened: HistoryStore[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gw-history-'));
  file = join(dir, 'history.sqlite');
});
afterEach(() => {
  for (const store of opened.splice(0)) store.close();
  rmSync(dir, { recursive: true, force: true });
});

function open(path = file, limit?: number): HistoryStore {
  const store = openHistoryStore(path, limit === undefined ? {} : { limit });
  opened.push(store);
  return store;
}

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

function entry(overrides: Partial<HistoryEntryInput> = {}): HistoryEntryInput {
  return {
    startedAt: 1_700_000_000_000,
    method: 'demo.v1.DemoService/Echo',
    target: 'localhost:50051',
    environment: 'staging',
    collection: 'demo/echo',
    template: null,
    request: {
      ...emptyRequestDocument({ service: 'demo.v1.DemoService', method: 'Echo' }, 'unary'),
      metadata: [{ key: 'x-trace', value: 'abc' }],
      deadline: '5s',
      body: '{"text":"hello world"}',
    },
    status: 'OK',
    statusMessage: '',
    headers: [{ key: 'content-type', value: 'application/grpc' }],
    trailers: [{ key: 'grpc-status', value: '0' }],
    durationMs: 12.5,
    messagesSent: 1,
    messagesReceived: 1,
    firstMessages: ['{"text":"hello world"}'],
    lastMessages: [],
    ...overrides,
  };
}

const ids = (store: HistoryStore, query: string, limit = 100): number[] => value(store.search({ query, limit })).map((summary) => summary.id);

describe('history store', () => {
  it('returns a recorded entry whole, and summaries of it from search', () => {
    const store = open();
    const full = entry({
      status: 'UNAVAILABLE',
      statusMessage: 'connection refused',
      durationMs: null,
      messagesSent: 3,
      messagesReceived: 7,
      request: { ...entry().request, kind: 'bidi_streaming', messages: ['{"a":1}', '{"a":2}'], auth: { kind: 'bearer', token: '[redacted]' } },
      firstMessages: ['{"r":1}', '{"r":2}', '{"r":3}'],
      lastMessages: ['{"r":6}', '{"r":7}'],
    });
    const { id } = value(store.record(full));
    expect(value(store.get(id))).toEqual({ ...full, id });
    expect(value(store.search({ query: '', limit: 10 }))).toEqual([
      { id, startedAt: full.startedAt, method: full.method, target: full.target, environment: 'staging', status: 'UNAVAILABLE', durationMs: null },
    ]);
    const missing = store.get(id + 1);
    expect(missing.ok ? null : missing.error.code).toBe('NOT_FOUND');
  });

  it('finds entries by method, status, body and message text, every term required, case-insensitively', () => {
    const store = open();
    const echo = value(store.record(entry({ request: { ...entry().request, body: '{"text":"Alpha Bravo"}' } }))).id;
    const failed = value(store.record(entry({ method: 'demo.v1.DemoService/Fail', status: 'INTERNAL', request: { ...entry().request, body: '{"text":"alpha"}' } }))).id;
    const streamed = value(store.record(entry({ method: 'demo.v1.DemoService/Chat', firstMessages: ['{"reply":"charlie"}'], lastMessages: ['{"reply":"delta"}'] }))).id;

    expect(ids(store, 'DemoService/Fail')).toEqual([failed]);
    expect(ids(store, 'internal')).toEqual([failed]);
    expect(ids(store, 'BRAVO')).toEqual([echo]);
    expect(ids(store, 'alpha').sort()).toEqual([echo, failed].sort());
    expect(ids(store, '  alpha   echo ')).toEqual([echo]); // AND, not OR
    expect(ids(store, 'alpha chat')).toEqual([]);
    expect(ids(store, 'delta')).toEqual([streamed]);
    expect(ids(store, 'staging localhost:50051')).toHaveLength(3);
    expect(ids(store, '')).toHaveLength(3);
  });

  it('takes % and _ in a query literally', () => {
    const store = open();
    const percent = value(store.record(entry({ request: { ...entry().request, body: '{"rate":"50%"}' } }))).id;
    const underscore = value(store.record(entry({ request: { ...entry().request, body: '{"user_id":1}' } }))).id;
    value(store.record(entry({ request: { ...entry().request, body: '{"rate":"500","userXid":2}' } })));

    expect(ids(store, '50%')).toEqual([percent]);
    expect(ids(store, '%')).toEqual([percent]);
    expect(ids(store, 'user_id')).toEqual([underscore]);
    expect(ids(store, '_')).toEqual([underscore]);
    expect(ids(store, '\\')).toEqual([]);
  });

  it('lists newest first, by start time and then by the order recorded, within the limit asked for', () => {
    const store = open();
    const middle = value(store.record(entry({ startedAt: 2000 }))).id;
    const oldest = value(store.record(entry({ startedAt: 1000 }))).id;
    const newest = value(store.record(entry({ startedAt: 3000 }))).id;
    const sameTimeLater = value(store.record(entry({ startedAt: 2000 }))).id;

    expect(ids(store, '')).toEqual([newest, sameTimeLater, middle, oldest]);
    expect(ids(store, '', 2)).toEqual([newest, sameTimeLater]);
    expect(ids(store, '', 0)).toEqual([newest]); // clamped up to 1
  });

  it('returns at most 1000 summaries however many are asked for', () => {
    const store = open();
    for (let n = 0; n < 1001; n++) value(store.record(entry({ startedAt: n })));
    expect(ids(store, '', 5000)).toHaveLength(1000);
  });

  it('keeps only the newest `limit` entries', () => {
    const store = open(file, 5);
    const recorded = Array.from({ length: 8 }, (_, n) => value(store.record(entry({ startedAt: 1000 + n }))).id);
    expect(store.count()).toBe(5);
    for (const id of recorded.slice(0, 3)) expect(store.get(id).ok).toBe(false);
    expect(ids(store, '')).toEqual(recorded.slice(3).reverse());
  });

  it('deletes one entry and clears all, and records again afterwards', () => {
    const store = open();
    const [first, second, third] = [1, 2, 3].map((n) => value(store.record(entry({ startedAt: n }))).id);
    expect(value(store.delete(second ?? 0))).toBeNull();
    expect(store.get(second ?? 0).ok).toBe(false);
    expect(ids(store, '')).toEqual([third, first]);
    expect(store.delete(second ?? 0).ok).toBe(true); // already gone: the history is as asked

    expect(value(store.clear())).toBeNull();
    expect(store.count()).toBe(0);
    expect(ids(store, '')).toEqual([]);
    expect(readFileSync(file).includes('hello world')).toBe(false); // not left in free pages either
    const again = value(store.record(entry())).id;
    expect(ids(store, '')).toEqual([again]);
  });

  it('keeps entries across close and reopen, and refuses work once closed', () => {
    const store = open();
    const id = value(store.record(entry())).id;
    store.close();
    const closed = store.record(entry());
    expect(closed.ok ? null : closed.error.code).toBe('IO');

    const reopened = open();
    expect(value(reopened.get(id))).toEqual({ ...entry(), id });
    expect(reopened.count()).toBe(1);
    reopened.close();
    expect(readdirSync(dir).sort()).toEqual(['history.sqlite']); // no lock, owner or WAL left once closed
  });

  it('creates the folder it is to live in', () => {
    const store = open(join(dir, 'a', 'b', 'history.sqlite'));
    value(store.record(entry()));
    expect(existsSync(join(dir, 'a', 'b', 'history.sqlite'))).toBe(true);
  });

  it('moves a file that is not a database aside, byte for byte, and starts afresh', () => {
    const garbage = Buffer.from('this is not a database\n'.repeat(300));
    writeFileSync(file, garbage);
    const store = open();

    const aside = readdirSync(dir).filter((name) => /^history\.sqlite\.corrupt-\d+$/.test(name));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dir, aside[0] ?? '')).equals(garbage)).toBe(true);
    const id = value(store.record(entry())).id;
    expect(value(store.get(id)).method).toBe('demo.v1.DemoService/Echo');
  });

  it('moves aside a history written by a newer version', () => {
    const db = new sqlite.Database(file);
    db.exec('CREATE TABLE future (x); PRAGMA user_version = 2');
    db.close();
    const store = open();

    expect(readdirSync(dir).filter((name) => /^history\.sqlite\.newer-\d+$/.test(name))).toHaveLength(1);
    expect(store.count()).toBe(0);
    expect(value(store.record(entry())).id).toBe(1);
  });

  it('keeps its connection (and lock) while in use, and lets go after a quiet spell or at close', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const store = open();
      value(store.record(entry()));
      expect(existsSync(`${file}.lock`)).toBe(true);
      expect(readFileSync(`${file}.lock-owner`, 'utf8').trim()).toBe(String(process.pid));
      vi.advanceTimersByTime(IDLE_CLOSE_MS - 1);
      value(store.record(entry())); // activity restarts the quiet spell
      vi.advanceTimersByTime(IDLE_CLOSE_MS - 1);
      expect(existsSync(`${file}.lock`)).toBe(true);
      vi.advanceTimersByTime(1);
      expect(existsSync(`${file}.lock`)).toBe(false); // another process may use the file now
      expect(store.count()).toBe(2);
      store.close();
      expect(existsSync(`${file}.lock`)).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('reports a history it cannot write as an IO error instead of throwing', () => {
    mkdirSync(file); // a folder where the database should be
    const store = open();
    const recorded = store.record(entry());
    expect(recorded.ok ? null : recorded.error).toMatchObject({ code: 'IO', message: expect.stringMatching(/^History could not be written: /) });
    const searched = store.search({ query: '', limit: 10 });
    expect(searched.ok ? null : searched.error).toMatchObject({ code: 'IO', message: expect.stringMatching(/^History could not be read: /) });
    expect(store.count()).toBe(0);
  });
});

describe('history store after a crash', () => {
  /** Starts the child, waits for `line` on its stdout, then kills it with SIGKILL. */
  function runAndKill(mode: 'record' | 'torn', count: number, line: string): Promise<void> {
    return new Promise((done, fail) => {
      const child = spawn(process.execPath, ['--import', 'tsx', CHILD, mode, file, String(count)], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes(`${line}\n`)) child.kill('SIGKILL');
      });
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('exit', (_code, signal) => {
        clearTimeout(timer);
        if (signal === 'SIGKILL' && stdout.includes(`${line}\n`)) done();
        else fail(new Error(`the child did not print "${line}" (signal ${String(signal)}):\n${stderr}`));
      });
    });
  }

  /** What a restart long after the crash finds: the lock the killed child held is old by then. */
  function ageLeftoverLock(): void {
    const lock = `${file}.lock`;
    const old = new Date(Date.now() - STALE_LOCK_MS - 1000);
    if (existsSync(lock)) utimesSync(lock, old, old);
  }

  it('keeps every call recorded before the process was killed mid-write, and works on at once', async () => {
    const count = 20;
    await runAndKill('record', count, 'recorded');
    // The killed child's lock is left behind, fresh; its owner file names a process that is gone,
    // so a restart straight after the crash takes it over without waiting.
    expect(existsSync(`${file}.lock`)).toBe(true);

    const store = open();
    const summaries = value(store.search({ query: 'crash.v1.crash/call', limit: 1000 }));
    expect(summaries.length).toBeGreaterThanOrEqual(count);
    for (let n = 1; n <= count; n++) expect(value(store.get(n))).toEqual({ ...crashEntry(n), id: n });
    for (const { id } of summaries) expect(store.get(id).ok).toBe(true); // nothing half-written
    const next = value(store.record(entry())).id;
    expect(next).toBeGreaterThan(summaries.length);
    expect(ids(store, 'hello')).toEqual([next]);
  });

  it('never breaks the lock of a live process, however old, and names that process', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, 'record', file, '1'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      await new Promise<void>((done, fail) => {
        let stdout = '';
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          if (stdout.includes('recorded\n')) done();
        });
        child.on('exit', () => fail(new Error('the child exited early')));
      });
      ageLeftoverLock(); // old, but its owner runs: it is not a leftover
      const store = open();
      const busy = store.search({ query: '', limit: 10 });
      expect(busy.ok ? null : busy.error).toMatchObject({ code: 'IO', message: expect.stringContaining(`another Workbench process (pid ${String(child.pid)})`) });
    } finally {
      child.kill('SIGKILL');
      await new Promise((done) => child.once('exit', done));
    }
  });

  it('drops a transaction the crash left uncommitted, and does not break a lock that may be live', async () => {
    const before = open();
    for (let n = 1; n <= 5; n++) value(before.record(entry({ startedAt: n })));
    before.close();
    await runAndKill('torn', 300, 'torn');
    expect(existsSync(`${file}.lock`)).toBe(true);

    // A fresh lock could belong to a running Workbench: report busy rather than take it.
    const store = open();
    const busy = store.search({ query: '', limit: 10 });
    expect(busy.ok ? null : busy.error.code).toBe('IO');

    ageLeftoverLock();
    expect(store.count()).toBe(5); // none of the 300 uncommitted rows
    expect(ids(store, 'torn')).toEqual([]);
    value(store.record(entry({ startedAt: 6 })));
    expect(store.count()).toBe(6);
    store.close();
    expect(existsSync(`${file}.lock`)).toBe(false);
  });
});
