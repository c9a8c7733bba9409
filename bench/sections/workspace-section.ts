import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { emptyRequestDocument } from '../../shared/request-document';
import type { HistoryEntryInput } from '../../shared/history';
import { createCollectionStore } from '../../electron/engine/collections/collection-store';
import { requestFileText } from '../../electron/engine/collections/collection-format';
import { IDLE_CLOSE_MS, openHistoryStore } from '../../electron/engine/history/history-store';
import { openCollectionInPage } from '../lib/collection-in-page';
import type { Row } from '../lib/report';
import { errorText, type Section } from '../lib/section';
import { summarize } from '../lib/stats';

const RUNS = 5;
const REQUESTS = 10_000;
const FOLDERS = 25;
const HISTORY_CALLS = 10_000;

async function makeCollection(folder: string, folders = FOLDERS): Promise<void> {
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'grpc-collection.yaml'), 'name: Bench\nschema:\n  protoFiles: []\n  importPaths: []\n  descriptorSets: []\n  reflection: true\n');
  const document = emptyRequestDocument({ service: 'demo.v1.DemoService', method: 'Echo' }, 'unary');
  document.connection.target = '{{host}}';
  document.body = '{\n  "message": "hello"\n}';
  const text = requestFileText(folder, document);
  for (let f = 0; f < folders; f += 1) {
    const sub = folders === 1 ? folder : join(folder, `area ${f}`);
    await mkdir(sub, { recursive: true });
    const files: Promise<void>[] = [];
    for (let i = 0; i < REQUESTS / folders; i += 1) files.push(writeFile(join(sub, `Request ${i}.grpc.yaml`), text));
    await Promise.all(files);
  }
}

/** The floor: just listing every file of the folder, which any collection tool has to do. */
async function listOnly(folder: string): Promise<number> {
  return (await readdir(folder, { recursive: true })).length;
}

function historyEntry(i: number): HistoryEntryInput {
  const request = emptyRequestDocument({ service: 'demo.v1.DemoService', method: i % 3 === 0 ? 'CountUp' : 'Echo' }, 'unary');
  request.connection.target = '127.0.0.1:50051';
  request.body = JSON.stringify({ message: `call number ${i}` });
  return {
    startedAt: 1_700_000_000_000 + i,
    method: `demo.v1.DemoService/${request.method.method}`,
    target: request.connection.target,
    environment: 'local',
    collection: '',
    request,
    template: null,
    status: i % 10 === 0 ? 'UNAVAILABLE' : 'OK',
    statusMessage: '',
    headers: [{ key: 'content-type', value: 'application/grpc' }],
    trailers: [],
    durationMs: 3,
    messagesSent: 1,
    messagesReceived: 1,
    firstMessages: [JSON.stringify({ message: `reply ${i}` })],
    lastMessages: [],
  };
}

/**
 * The workspace: opening a big collection (names only: Bruno parses every file and takes
 * minutes at this size) against the bare directory listing, and history at its 10,000-call
 * bound (record, search).
 */
export const workspaceSection: Section = {
  name: 'workspace',
  title: 'Collections and history',
  typicalMs: 60_000,
  async run({ tmpDir, log }) {
    const rows: Row[] = [];
    const folder = join(tmpDir, 'big-collection');
    try {
      log(`writing a collection of ${REQUESTS} requests in ${FOLDERS} folders`);
      await makeCollection(folder);
      const store = createCollectionStore();
      const open: number[] = [];
      const list: number[] = [];
      let listed = 0;
      for (let run = 0; run < RUNS; run += 1) {
        let start = performance.now();
        const index = await store.open({ folder });
        open.push(performance.now() - start);
        if (!index.ok || index.value.requests.length !== REQUESTS) throw new Error(`open found ${index.ok ? index.value.requests.length : index.error.message}`);
        start = performance.now();
        listed = await listOnly(folder);
        list.push(performance.now() - start);
      }
      rows.push({
        section: 'workspace',
        what: `Open a collection of ${REQUESTS} requests (tree ready)`,
        unit: 'ms',
        ours: summarize(open),
        baseline: summarize(list),
        baselineName: `fs.readdir recursive (${listed} entries)`,
        target: { kind: 'ratio-at-most', value: 3 },
        note: 'request files are parsed when opened, not at start',
      });
      const read: number[] = [];
      for (let run = 0; run < RUNS * 20; run += 1) {
        const start = performance.now();
        const one = await store.readRequest({ folder, path: `area ${run % FOLDERS}/Request ${run}.grpc.yaml` });
        read.push(performance.now() - start);
        if (!one.ok) throw new Error(one.error.message);
      }
      const flat = join(tmpDir, 'flat-collection');
      await makeCollection(flat, 1);
      for (const shape of [
        { what: `in ${FOLDERS} folders`, folder, first: 'area 0', note: 'folders start collapsed' },
        { what: 'all in one folder', folder: flat, first: 'Request 0', note: 'the tree shows 500 rows of a folder, then a Show more button' },
      ]) {
        const what = `Open a collection of ${REQUESTS} requests ${shape.what} in the browser shell until its tree shows`;
        try {
          const shown = await openCollectionInPage(tmpDir, shape.folder, shape.first, RUNS);
          rows.push({ section: 'workspace', what, unit: 'ms', ours: summarize(shown), baseline: null, baselineName: '', target: { kind: 'below', value: 1000 }, note: `headless Chromium, from clicking Open to the first item in the Collections tree; ${shape.note}` });
        } catch (error) {
          rows.push({ section: 'workspace', what, unit: 'ms', ours: null, baseline: null, baselineName: '', target: { kind: 'below', value: 1000 }, note: `not measured: ${errorText(error)}` });
        }
      }
      rows.push({ section: 'workspace', what: 'Open one saved request (read, parse, check)', unit: 'ms', ours: summarize(read), baseline: null, baselineName: '', target: { kind: 'below', value: 20 }, note: '' });
    } catch (error) {
      rows.push({ section: 'workspace', what: `Open a collection of ${REQUESTS} requests`, unit: 'ms', ours: null, baseline: null, baselineName: '', target: { kind: 'report' }, note: `not measured: ${errorText(error)}` });
    }

    try {
      const history = openHistoryStore(join(tmpDir, 'history.sqlite'));
      log(`recording ${HISTORY_CALLS} calls in history`);
      const record: number[] = [];
      for (let i = 0; i < HISTORY_CALLS; i += 1) {
        const start = performance.now();
        const result = history.record(historyEntry(i));
        record.push(performance.now() - start);
        if (!result.ok) throw new Error(result.error.message);
      }
      const search: number[] = [];
      for (const query of ['CountUp', 'UNAVAILABLE', 'call number 9999', 'reply 42', 'Echo OK']) {
        for (let run = 0; run < RUNS; run += 1) {
          const start = performance.now();
          const result = history.search({ query, limit: 200 });
          search.push(performance.now() - start);
          if (!result.ok) throw new Error(result.error.message);
        }
      }
      history.close();
      rows.push({
        section: 'workspace',
        what: 'Record one call in history (engine time, after the call ended)',
        unit: 'ms',
        ours: summarize(record),
        baseline: null,
        baselineName: '',
        target: { kind: 'below', value: 1 },
        note: `median of ${HISTORY_CALLS} records up to the bound; off the call's path (recorded once its result is shown); on the warm connection, which the store closes after ${IDLE_CLOSE_MS / 1000} s of quiet (a record after that pays ~0.7 ms more to reopen)`,
      });
      rows.push({ section: 'workspace', what: `Search history of ${HISTORY_CALLS} calls`, unit: 'ms', ours: summarize(search), baseline: null, baselineName: '', target: { kind: 'below', value: 100 }, note: '5 queries (method, status, body text)' });
    } catch (error) {
      rows.push({ section: 'workspace', what: 'History', unit: 'ms', ours: null, baseline: null, baselineName: '', target: { kind: 'report' }, note: `not measured: ${errorText(error)}` });
    }
    return rows;
  },
};
