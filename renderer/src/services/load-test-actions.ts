import type { WorkbenchApi } from '../../../shared/contract';
import type { LoadTestSettings } from '../../../shared/load-test';
import { authMetadata } from '../../../shared/auth-metadata';
import { sendsClientStream } from '../lib/method-kind';
import { useAppStore } from '../store/app-store';
import { EMPTY_LOAD_TEST, useLoadTestStore, type LoadTestView } from '../store/load-test-store';
import { workbench } from './api-handle';
import { findMethod } from './method-resolution';
import { resolveTab } from './request-resolution';
import { deadlineMs } from '../../../shared/request-deadline';
import { connectionSettingsProblem, metadataEntries } from './request-validation';

/** A field as typed: empty = no limit; otherwise a number above 0. */
function limit(label: string, text: string, integer: boolean): { value: number | null; problem: string | null } {
  if (text.trim() === '') return { value: null, problem: null };
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) return { value: null, problem: `${label} must be a ${integer ? 'whole ' : ''}number above 0, or empty for no limit (got "${text}").` };
  return { value, problem: null };
}

function settingsOf(view: LoadTestView): { settings: LoadTestSettings } | { problem: string } {
  const concurrency = limit('Concurrency', view.concurrency, true);
  const total = limit('Total requests', view.totalRequests, true);
  const duration = limit('Duration (s)', view.durationS, false);
  const rate = limit('Rate (requests/s)', view.ratePerSecond, false);
  const connections = limit('Connections', view.connections, true);
  const problem = [concurrency, total, duration, rate, connections].find((f) => f.problem !== null)?.problem;
  if (problem) return { problem };
  return {
    settings: {
      concurrency: concurrency.value ?? 10,
      totalRequests: total.value,
      durationS: duration.value,
      ratePerSecond: rate.value,
      connections: connections.value ?? 1,
      messagesPerStream: 1,
      messageIntervalMs: 0,
    },
  };
}

/** Start load test: the tab's request (variables resolved, as Invoke sends it) run by the engine. */
export async function startLoadTest(tabId: string): Promise<void> {
  const store = useLoadTestStore.getState();
  const view = store.byTab[tabId] ?? EMPTY_LOAD_TEST;
  const fail = (problem: string) => useLoadTestStore.getState().update(tabId, { starting: false, problem });
  const tab = useAppStore.getState().tabs.find((t) => t.id === tabId);
  if (!tab) return;
  const built = settingsOf(view);
  if ('problem' in built) return fail(built.problem);
  store.update(tabId, { starting: true, problem: null });
  const resolved = await resolveTab(tab);
  if (!resolved.ok) return fail(resolved.message);
  const request = resolved.value.document;
  const metadata = metadataEntries([...request.metadata, ...authMetadata(request)].map((row, i) => ({ ...row, id: String(i) })));
  if (metadata.problem !== null) return fail(metadata.problem);
  const deadline = deadlineMs(request.deadline);
  if (deadline.problem !== null) return fail(deadline.problem);
  const settingsProblem = connectionSettingsProblem(request.connection);
  if (settingsProblem !== null) return fail(settingsProblem);
  if (request.connection.target.trim() === '') return fail('Enter a server address (host:port), or start the demo server.');
  const { protoSets } = useAppStore.getState();
  const method = protoSets.some((p) => p.id === tab.method.protoSetId) ? tab.method : (findMethod(protoSets, tab.method)?.ref ?? null);
  if (method === null) return fail(`Method ${tab.method.service}/${tab.method.method} is not in the loaded protos.`);
  const result = await workbench().invoke('load:start', {
    method,
    connection: { ...request.connection, target: request.connection.target.trim() },
    metadata: metadata.entries,
    deadlineMs: deadline.value,
    requestJson: sendsClientStream(tab.kind) ? null : request.body,
    streamMessages: sendsClientStream(tab.kind) ? request.messages : [],
    settings: built.settings,
  });
  if (!result.ok) return fail(result.error.message);
  useLoadTestStore.getState().update(tabId, { starting: false, loadId: result.value.loadId, snapshot: null, problem: null });
}

export async function stopLoadTest(tabId: string): Promise<void> {
  const loadId = useLoadTestStore.getState().byTab[tabId]?.loadId;
  if (!loadId) return;
  const result = await workbench().invoke('load:stop', { loadId });
  if (!result.ok) useLoadTestStore.getState().update(tabId, { problem: result.error.message });
}

/** Export: the finished run as ghz JSON or CSV, downloaded by the page. */
export async function exportLoadTest(tabId: string, format: 'json' | 'csv'): Promise<void> {
  const loadId = useLoadTestStore.getState().byTab[tabId]?.loadId;
  if (!loadId) return;
  const result = await workbench().invoke('load:report', { loadId });
  if (!result.ok) return useLoadTestStore.getState().update(tabId, { problem: result.error.message });
  const text = format === 'json' ? result.value.ghzJson : result.value.csv;
  const url = URL.createObjectURL(new Blob([text], { type: format === 'json' ? 'application/json' : 'text/csv' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `load-test.${format}`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** 'load' events into the tabs' Load test regions; a closed tab's run is stopped. */
export function startLoadTestSync(api: WorkbenchApi): () => void {
  const stopEvents = api.onEvents((batch) => {
    for (const event of batch.events) if (event.kind === 'load') useLoadTestStore.getState().applySnapshot(event.snapshot);
  });
  const stopTabs = useAppStore.subscribe((state, previous) => {
    if (state.tabs === previous.tabs) return;
    const open = new Set(state.tabs.map((t) => t.id));
    const { byTab, forget } = useLoadTestStore.getState();
    for (const [tabId, view] of Object.entries(byTab)) {
      if (open.has(tabId)) continue;
      if (view.loadId !== null && view.snapshot?.running !== false) void api.invoke('load:stop', { loadId: view.loadId });
      forget(tabId);
    }
  });
  return () => {
    stopEvents();
    stopTabs();
  };
}
