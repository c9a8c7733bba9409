import type { ReflectRequest } from '../../../shared/contract';
import { redactSecrets } from '../../../shared/redaction';
import { authMetadata } from '../../../shared/auth-metadata';
import { useAppStore } from '../store/app-store';
import { resolveTab } from './request-resolution';
import { connectionSettingsProblem, metadataEntries } from './request-validation';

export interface BuiltReflectRequest {
  request: ReflectRequest;
  /** What the workspace keeps to reflect again after a restart: the request with secret values redacted. */
  saved: ReflectRequest;
}

/**
 * Server reflection sends what a call of the active tab would: its target, TLS and metadata with
 * {{variables}} and secrets resolved, plus the Auth helper's header. Without a tab, the defaults.
 */
export async function reflectRequestForActiveTab(): Promise<{ ok: true; value: BuiltReflectRequest } | { ok: false; title: string; message: string }> {
  const state = useAppStore.getState();
  const tab = state.tabs.find((t) => t.id === state.activeTabId);
  let connection = state.defaultConnection;
  let rows = state.defaultMetadata;
  let secrets: string[] = [];
  if (tab) {
    const resolved = await resolveTab(tab);
    if (!resolved.ok) return { ok: false, title: 'Variables', message: resolved.message };
    const document = resolved.value.document;
    connection = document.connection;
    rows = [...document.metadata, ...authMetadata(document)].map((row, i) => ({ ...row, id: String(i) }));
    secrets = resolved.value.secrets;
  }
  if (connection.target.trim() === '') {
    return { ok: false, title: 'No server address', message: 'Enter the server address first (Server address), then use server reflection.' };
  }
  const metadata = metadataEntries(rows);
  if (metadata.problem !== null) return { ok: false, title: 'Metadata', message: metadata.problem };
  const settingsProblem = connectionSettingsProblem(connection);
  if (settingsProblem !== null) return { ok: false, title: 'Connection settings', message: settingsProblem };
  const request: ReflectRequest = { connection: { ...connection, target: connection.target.trim() }, metadata: metadata.entries };
  return { ok: true, value: { request, saved: redactSecrets(request, secrets) } };
}
