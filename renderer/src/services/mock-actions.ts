import type { WorkbenchApi } from '../../../shared/contract';
import type { MockMethodRule, MockRules } from '../../../shared/mock';
import { useAppStore } from '../store/app-store';
import { useMockStore } from '../store/mock-store';
import { workbench } from './api-handle';

/**
 * The collection whose grpc-mock.json holds the rules: the active one, else the only one open.
 * null = no collection, so the rules live for this run only.
 */
function rulesFolder(): string | null {
  const { activeCollection, collections } = useAppStore.getState();
  if (activeCollection !== null && collections.some((c) => c.index.folder === activeCollection)) return activeCollection;
  return collections.length === 1 ? (collections[0]?.index.folder ?? null) : null;
}

/** The proto set Start mock server serves: the one chosen, else the first loaded. */
export function mockProtoSet(): string | null {
  const { protoSets } = useAppStore.getState();
  const chosen = useMockStore.getState().chosenProtoSet;
  return protoSets.find((p) => p.id === chosen)?.id ?? protoSets[0]?.id ?? null;
}

/** Reads the collection's rules (when there is one), then starts the mock with them. */
export async function startMockServer(): Promise<void> {
  const mock = useMockStore.getState();
  const protoSetId = useAppStore.getState().protoSets.find((p) => p.id === mockProtoSet())?.id;
  if (protoSetId === undefined) {
    mock.update({ problem: 'Import protos (or start the demo server) first: the mock serves a proto set.' });
    return;
  }
  mock.update({ busy: true, problem: null });
  const folder = rulesFolder();
  let rules: MockRules = mock.rules;
  if (folder !== null) {
    const read = await workbench().invoke('mock:readRules', { folder });
    if (!read.ok) {
      useMockStore.getState().update({ busy: false, problem: read.error.message });
      return;
    }
    rules = read.value;
  }
  const started = await workbench().invoke('mock:start', { protoSetId, port: null, rules });
  useMockStore.getState().update({
    busy: false,
    rules,
    rulesFolder: folder,
    problem: started.ok ? null : started.error.message,
  });
}

export async function stopMockServer(): Promise<void> {
  useMockStore.getState().update({ busy: true });
  const stopped = await workbench().invoke('mock:stop', {});
  useMockStore.getState().update({ busy: false, problem: stopped.ok ? null : stopped.error.message });
}

/** Points the current tab (or the defaults for new tabs) at the mock, plaintext. */
export function pointTabAtMockServer(): void {
  const address = useMockStore.getState().server.address;
  if (address === null) return;
  const state = useAppStore.getState();
  const owner = state.activeTabId === null ? 'defaults' : { tabId: state.activeTabId };
  state.updateConnection(owner, (c) => ({ ...c, target: address, tls: { ...c.tls, enabled: false } }));
}

/**
 * Saves one method's rule: the running mock follows it from its next call, and the collection's
 * grpc-mock.json keeps it. Answers the problem to show beside the form, or null.
 */
export async function saveMockRule(rule: MockMethodRule): Promise<string | null> {
  const mock = useMockStore.getState();
  const rules: MockRules = { methods: [...mock.rules.methods.filter((r) => r.method !== rule.method), rule] };
  if (mock.server.running) {
    const applied = await workbench().invoke('mock:setRules', { rules });
    if (!applied.ok) return applied.error.message;
  }
  useMockStore.getState().putRule(rule);
  const folder = useMockStore.getState().rulesFolder ?? rulesFolder();
  if (folder === null) return null;
  const written = await workbench().invoke('mock:writeRules', { folder, rules });
  if (!written.ok) return `The rule applies, but it could not be saved in the collection: ${written.error.message}`;
  useMockStore.getState().update({ rulesFolder: folder });
  return null;
}

/**
 * 'mock' and 'mock_request' events into the mock store. The engine's state and list are read at
 * start and after every reconnect: events sent while the host was out of reach (or a host that
 * restarted, its mock gone) are not missed.
 */
export function startMockSync(api: WorkbenchApi): () => void {
  const stopEvents = api.onEvents((batch) => {
    const store = useMockStore.getState();
    for (const event of batch.events) {
      if (event.kind === 'mock') store.update({ server: event.state });
      else if (event.kind === 'mock_request') store.putRequest(event.request);
    }
  });
  const refresh = () =>
    void api.invoke('mock:requests', {}).then((answer) => {
      if (!answer.ok) return;
      useMockStore.getState().update({ server: answer.value.state, requests: answer.value.requests });
    });
  refresh();
  const stopReconnects = useAppStore.subscribe((state, previous) => {
    if (state.bridge.state === 'connected' && previous.bridge.state !== 'connected') refresh();
  });
  return () => {
    stopEvents();
    stopReconnects();
  };
}
