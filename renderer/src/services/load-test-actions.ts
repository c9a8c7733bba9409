import type { WorkbenchApi } from '../../../shared/contract';
import type { LoadTestSettings } from '../../../shared/load-test';
import { downloadText } from '../lib/download-text';
import { sendsClientStream } from '../lib/method-kind';
import { useAppStore } from '../store/app-store';
import { EMPTY_LOAD_TEST, useLoadTestStore, type LoadTestView } from '../store/load-test-store';
import { workbench } from './api-handle';
import { loadRequestOf } from './load-request';

/** A field as typed: empty = no limit; otherwise a number above 0. */
function limit(label: string, text: string, integer: boolean): { value: number | null; problem: string | null } {
  if (text.trim() === '') return { value: null, problem: null };
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) return { value: null, problem: `${label} must be a ${integer ? 'whole ' : ''}number above 0, or empty for no limit (got "${text}").` };
  return { value, problem: null };
}

/** A pause as typed: empty or 0 = none; otherwise whole milliseconds. */
function pause(label: string, text: string): { value: number; problem: string | null } {
  const value = text.trim() === '' ? 0 : Number(text);
  if (!Number.isInteger(value) || value < 0) return { value: 0, problem: `${label} must be a whole number of milliseconds, 0 or more (got "${text}").` };
  return { value, problem: null };
}

function settingsOf(view: LoadTestView): { settings: LoadTestSettings } | { problem: string } {
  const concurrency = limit('Concurrency', view.concurrency, true);
  const total = limit('Total requests', view.totalRequests, true);
  const duration = limit('Duration (s)', view.durationS, false);
  const rate = limit('Rate (requests/s)', view.ratePerSecond, false);
  const connections = limit('Connections', view.connections, true);
  const messages = limit('Messages per stream', view.messagesPerStream, true);
  const interval = pause('Message interval (ms)', view.messageIntervalMs);
  const problem = [concurrency, total, duration, rate, connections, messages, interval].find((f) => f.problem !== null)?.problem;
  if (problem) return { problem };
  return {
    settings: {
      concurrency: concurrency.value ?? 10,
      totalRequests: total.value,
      durationS: duration.value,
      ratePerSecond: rate.value,
      connections: connections.value ?? 1,
      messagesPerStream: messages.value ?? 1,
      messageIntervalMs: interval.value,
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
  const request = await loadRequestOf(tab);
  if (!request.ok) return fail(request.message);
  const { method, connection, metadata, deadlineMs, body, streamMessages } = request.value;
  const result = await workbench().invoke('load:start', {
    method,
    connection,
    metadata,
    deadlineMs,
    requestJson: sendsClientStream(tab.kind) ? null : body,
    streamMessages: sendsClientStream(tab.kind) ? streamMessages : [],
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
  downloadText(`load-test.${format}`, text, format === 'json' ? 'application/json' : 'text/csv');
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
