// Child process for history-store.test.ts, run as
//   node --import tsx history-crash-child.ts <mode> <database path> <count>
// The test kills it with SIGKILL, which no handler can soften: whatever is on disk then is all
// a restarted app gets.
//   record: records <count> calls through the store, prints "recorded", then keeps recording
//           until killed, so the kill lands in the middle of a write.
//   torn:   opens the store's file directly (as the store's own connections do), starts one
//           transaction of <count> rows large enough to spill into the file, prints "torn" and
//           waits to be killed with it uncommitted.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sqlite from 'node-sqlite3-wasm';
import { emptyRequestDocument } from '../../../shared/request-document';
import type { HistoryEntryInput } from '../../../shared/history';
import { openHistoryStore } from './history-store';

/** The entry the child records as call `n`; the test checks each one came back whole. */
export function crashEntry(n: number): HistoryEntryInput {
  return {
    startedAt: 1_700_000_000_000 + n,
    method: 'crash.v1.Crash/Call',
    target: 'localhost:50051',
    environment: '',
    collection: '',
    request: { ...emptyRequestDocument({ service: 'crash.v1.Crash', method: 'Call' }, 'unary'), body: JSON.stringify({ n }) },
    template: null,
    status: 'OK',
    statusMessage: '',
    headers: [],
    trailers: [],
    durationMs: n,
    messagesSent: 1,
    messagesReceived: 1,
    firstMessages: [JSON.stringify({ n, padding: 'x'.repeat(2000) })],
    lastMessages: [],
  };
}

function main(mode: string | undefined, path: string, count: number): void {
  if (mode === 'record') {
    const store = openHistoryStore(path);
    for (let n = 1; n <= count; n++) {
      const recorded = store.record(crashEntry(n));
      if (!recorded.ok) throw new Error(recorded.error.message);
    }
    process.stdout.write('recorded\n');
    // Yield between records so the line above is flushed even where pipes are asynchronous.
    const more = (n: number): void => {
      store.record(crashEntry(n));
      setImmediate(more, n + 1);
    };
    more(count + 1);
  } else if (mode === 'torn') {
    const db = new sqlite.Database(path);
    db.exec('PRAGMA locking_mode = EXCLUSIVE; PRAGMA cache_size = 1'); // a tiny cache spills the transaction to disk
    db.exec('BEGIN');
    for (let n = 0; n < count; n++) {
      db.run("INSERT INTO history (started_at, method, target, environment, status, duration_ms, search_text, entry) VALUES (?, 'torn', '', '', '', NULL, 'torn', ?)", [n, 'y'.repeat(8000)]);
    }
    process.stdout.write('torn\n');
    setInterval(() => undefined, 1000); // hold the open transaction until killed
  } else {
    throw new Error('usage: history-crash-child.ts record|torn <path> <count>');
  }
}

// Only when run as the child: the test imports crashEntry from here too.
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const [mode, path = '', count = '0'] = process.argv.slice(2);
  main(mode, path, Number(count));
}
