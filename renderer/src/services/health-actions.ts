import type { ChannelId } from '../../../shared/ids';
import type { HealthRequest } from '../../../shared/health';
import { authMetadata } from '../../../shared/auth-metadata';
import { useAppStore } from '../store/app-store';
import { claimHealthWatch, healthKey, healthOf, useHealthStore } from '../store/health-store';
import type { SettingsOwner } from '../store/requests-slice';
import { workbench } from './api-handle';
import { resolveTab } from './request-resolution';
import { connectionSettingsProblem, metadataEntries } from './request-validation';

/** The health request for a tab: its connection and metadata (auth helper included) with {{variables}} resolved, as a call would send them. */
async function healthRequest(owner: SettingsOwner): Promise<{ ok: true; request: HealthRequest } | { ok: false; message: string }> {
  const state = useAppStore.getState();
  const service = healthOf(healthKey(owner)).service.trim();
  let connection = state.defaultConnection;
  let rows = state.defaultMetadata;
  if (owner !== 'defaults') {
    const tab = state.tabs.find((t) => t.id === owner.tabId);
    if (!tab) return { ok: false, message: 'The tab is closed.' };
    const resolved = await resolveTab(tab);
    if (!resolved.ok) return resolved;
    const document = resolved.value.document;
    connection = document.connection;
    rows = [...document.metadata, ...authMetadata(document)].map((row, i) => ({ ...row, id: String(i) }));
  }
  const metadata = metadataEntries(rows);
  if (metadata.problem !== null) return { ok: false, message: metadata.problem };
  const settingsProblem = connectionSettingsProblem(connection);
  if (settingsProblem !== null) return { ok: false, message: settingsProblem };
  if (connection.target.trim() === '') return { ok: false, message: 'Enter a server address (host:port) to check its health.' };
  return { ok: true, request: { connection: { ...connection, target: connection.target.trim() }, metadata: metadata.entries, service } };
}

async function loadChannel(channelId: ChannelId): Promise<void> {
  const snapshot = await workbench().invoke('connections:get', { channelId });
  if (snapshot.ok) useAppStore.getState().mergeChannelSnapshot(snapshot.value);
}

/** Check health: grpc.health.v1.Health/Check once. */
export async function checkHealth(owner: SettingsOwner): Promise<void> {
  const key = healthKey(owner);
  const { update } = useHealthStore.getState();
  update(key, { busy: true });
  const built = await healthRequest(owner);
  if (!built.ok) return update(key, { busy: false, status: null, problem: built.message });
  const result = await workbench().invoke('health:check', built.request);
  if (!result.ok) return update(key, { busy: false, status: null, problem: result.error.message });
  update(key, { busy: false, status: result.value.status, problem: null, channelId: result.value.channelId });
  void loadChannel(result.value.channelId);
}

/** Watch health on: opens a Health/Watch stream; 'health' events (health-sync.ts) update the status. */
export async function startHealthWatch(owner: SettingsOwner): Promise<void> {
  const key = healthKey(owner);
  const { update } = useHealthStore.getState();
  update(key, { watch: true, problem: null });
  const built = await healthRequest(owner);
  if (!built.ok) return update(key, { watch: false, problem: built.message });
  const result = await workbench().invoke('health:watch', built.request);
  if (!result.ok) return update(key, { watch: false, problem: result.error.message });
  // Unchecked (or the tab closed) while the watch was starting: stop it at once.
  if (!healthOf(key).watch || useHealthStore.getState().byOwner[key] === undefined) {
    void workbench().invoke('health:unwatch', { watchId: result.value.watchId });
    return;
  }
  claimHealthWatch(key, result.value.watchId, result.value.channelId);
  void loadChannel(result.value.channelId);
}

/** Watch health off. */
export function stopHealthWatch(owner: SettingsOwner): void {
  const key = healthKey(owner);
  const { watchId } = healthOf(key);
  useHealthStore.getState().update(key, { watch: false, watchId: null });
  if (watchId !== null) void workbench().invoke('health:unwatch', { watchId });
}
